import { i18n } from '#i18n';
import { browser, type Browser } from 'wxt/browser';
import {
  type ChangeOutcome,
  contentMessageSchema,
  pageMessageSchema,
  type DetectOutcome,
  type RequestOutcome,
  type SettingsOutcome,
  type SitesOutcome,
  type TabState,
} from '@/utils/messages';
import { isPlainHttp } from '@/utils/sites';
import type { TabReport } from '@/utils/storage';
import { currentReport, storeReport } from '@/utils/tab-report';
import { alwaysDetectSite, forgetAlwaysDetectSite, listAlwaysDetectSites } from './always-detect';
import { detectInTab } from './detect-in-tab';
import { clearEndedRequests } from './request-history';
import { saveSettings } from './save-settings';
import { settings, type Settings } from '@/utils/settings';
import { requestTranscript } from './request-transcript';
import { resolveEpisode } from './resolve-episode';
import { getTabState, tabStateOf } from '@/utils/tab-state';
import { applyToolbar, showsOwnLook } from './toolbar';
import { applyViewUpdate, transcribeAudio } from './transcribe-audio';

type Sender = Browser.runtime.MessageSender;

const ownOrigin = () => new URL(browser.runtime.getURL('/')).origin;
const isOwnUrl = (url: string | undefined) => !!url && URL.canParse(url) && new URL(url).origin === ownOrigin();

/**
 * Extension pages (popup, options, transcript view) are served from our own origin. Where the
 * browser names the sender's origin (Chrome) it must be ours too, and a page in a tab must be in
 * a tab showing one of our pages: a content script's messages carry its page's.
 */
function isExtensionPage(sender: Sender): boolean {
  const { origin, tab } = sender as Sender & { origin?: string };
  return (
    sender.id === browser.runtime.id &&
    isOwnUrl(sender.url) &&
    (origin === undefined || origin === ownOrigin()) &&
    (tab?.url === undefined || isOwnUrl(tab.url))
  );
}

/** The options page: the only page that changes the settings. */
function isOptionsPage(sender: Sender): boolean {
  return isExtensionPage(sender) && new URL(sender.url!).pathname === '/options.html';
}

/** A content script of ours, in a tab's top frame. */
function isOwnContentScript(sender: Sender): sender is Sender & { tab: { id: number }; url: string } {
  return (
    sender.id === browser.runtime.id &&
    sender.tab?.id !== undefined &&
    (sender.frameId === undefined || sender.frameId === 0) &&
    typeof sender.url === 'string' &&
    !sender.url.startsWith(browser.runtime.getURL('/'))
  );
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * A request's outcome, whatever went wrong on the way: a page waiting for it must get an answer
 * it can show (the services answer storage trouble themselves; this is for the unforeseen).
 */
function answered(outcome: Promise<RequestOutcome>): Promise<RequestOutcome> {
  return outcome.catch((error: unknown): RequestOutcome => {
    console.error('Stenobird Companion: a request failed', error);
    return { ok: false, error: { kind: 'malformed', message: i18n.t('requestNotRecorded') } };
  });
}

type Answer = TabState | RequestOutcome | DetectOutcome | SitesOutcome | ChangeOutcome | SettingsOutcome | Settings | null;

/**
 * Handles one message, or returns `undefined` so other listeners may answer. Anything from an
 * unexpected sender, or not matching its schema, is ignored.
 */
export function handleMessage(message: unknown, sender: Sender): Promise<Answer> | undefined {
  if (isOwnContentScript(sender)) {
    const parsed = contentMessageSchema.safeParse(message);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    const tabId = sender.tab.id;
    // A page sent over plain http may have been rewritten on its way: nothing it says is kept.
    if (isPlainHttp(sender.url)) return Promise.resolve(null);
    if (msg.type === 'episode-detected') {
      // A page may only describe itself: an episode whose URL is on another site is refused.
      if (!sameOrigin(msg.episode.pageUrl, sender.url)) return undefined;
      return keepReport(tabId, { status: 'episode', episode: msg.episode });
    }
    return keepReport(tabId, { status: 'not-episode', reason: msg.reason });
  }

  if (isExtensionPage(sender)) {
    const parsed = pageMessageSchema.safeParse(message);
    if (!parsed.success) return undefined;
    const msg = parsed.data;
    switch (msg.type) {
      case 'get-settings':
        return settings.get();
      case 'save-settings':
        return isOptionsPage(sender) ? saveSettings(msg.settings) : undefined;
      case 'get-tab-state':
        return getTabState(msg.tabId);
      case 'resolve-tab':
        return resolveTab(msg.tabId);
      case 'request-transcript':
        return answered(requestTranscript({ tabId: msg.tabId }));
      case 'detect-in-tab':
        return detectInTab(msg.tabId);
      case 'always-detect-site':
        return alwaysDetectSite(msg.site);
      case 'forget-always-detect-site':
        return forgetAlwaysDetectSite(msg.site);
      case 'list-always-detect-sites':
        return listAlwaysDetectSites();
      case 'transcribe-audio':
        return answered(transcribeAudio({ tabId: msg.tabId }));
      case 'job-update':
        return applyViewUpdate(msg.key, msg.jobId, msg.update, msg.seen).then(() => null);
      case 'clear-ended-requests':
        return clearEndedRequests().then(
          (): ChangeOutcome => ({ ok: true }),
          (): ChangeOutcome => ({ ok: false, message: i18n.t('optionsHistoryNotCleared') }),
        );
    }
  }
  return undefined;
}

/**
 * A page's report, stored (utils/tab-report.ts) and painted. A tab that no longer shows the look
 * painted for it has loaded another document since: what it showed of a link goes.
 */
async function keepReport(tabId: number, report: TabReport): Promise<null> {
  const changed = await storeReport(tabId, report, { newPage: !(await showsOwnLook(tabId)) });
  // A change repaints the tab by itself (toolbar.ts); the same report again (a reload, whose
  // look the browser reset) changes nothing in storage, so it is painted here.
  if (!changed) await applyToolbar(tabId, 'always');
  return null;
}

async function resolveTab(tabId: number): Promise<TabState> {
  const report = await currentReport(tabId);
  const result = report?.status === 'episode' ? await resolveEpisode(report.episode) : undefined;
  const state = await tabStateOf(report);
  // The popup says why the catalogue could not be checked (offline, rate limited, …).
  if (result?.status === 'error' && state.status === 'episode') return { ...state, catalogue: result };
  return state;
}

export function registerMessageRouter(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => handleMessage(message, sender));
}
