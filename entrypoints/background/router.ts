import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import {
  contentMessageSchema,
  pageMessageSchema,
  type ChangeOutcome,
  type PageAnswer,
  type PageMessage,
  type PageMessageOf,
  type PageMessageType,
  type RequestOutcome,
  type TabState,
} from '@/utils/messages';
import { isExtensionPage, isOptionsPage, isOwnContentScript, type Sender } from '@/utils/senders';
import { isPlainHttp } from '@/utils/sites';
import type { TabReport } from '@/utils/storage';
import { currentReport, storeReport } from '@/utils/tab-report';
import { alwaysDetectSite, forgetAlwaysDetectSite } from '@/utils/always-detect/registered-scripts';
import { detectInTab } from '@/utils/pages/detect-in-tab';
import { clearEndedRequests } from '@/utils/requests/history-writer';
import { saveSettings } from '@/utils/settings/save';
import { settings } from '@/utils/settings/store';
import { requestTranscript } from '@/utils/requests/request-transcript';
import { resolveEpisode } from '@/utils/catalogue/resolve-episode';
import { getTabState, tabStateOf } from '@/utils/tab-state';
import { applyViewUpdate } from '@/utils/requests/job-follow';
import { transcribeAudio } from '@/utils/requests/transcribe-audio';
import { applyToolbar, showsOwnLook } from '@/utils/toolbar/paint';

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

/**
 * One handler per page message, typed by the protocol (`pageAnswerSchemas`): each answers what its
 * sender reads. `undefined`: not for this sender (the options page alone changes the settings).
 */
type PageHandlers = { [T in PageMessageType]: (message: PageMessageOf<T>, sender: Sender) => Promise<PageAnswer<T>> | undefined };

const pageHandlers: PageHandlers = {
  'get-settings': () => settings.get(),
  'save-settings': (msg, sender) => (isOptionsPage(sender) ? saveSettings(msg.settings) : undefined),
  'resolve-tab': (msg) => resolveTab(msg.tabId),
  'request-tab-episode': (msg) => answered(requestTranscript({ tabId: msg.tabId })),
  'detect-in-tab': (msg) => detectInTab(msg.tabId),
  'always-detect-site': (msg) => alwaysDetectSite(msg.site),
  'forget-always-detect-site': (msg) => forgetAlwaysDetectSite(msg.site),
  'transcribe-tab-audio': (msg) => answered(transcribeAudio({ tabId: msg.tabId })),
  'job-update': (msg) => applyViewUpdate(msg.key, msg.jobId, msg.update, msg.seen).then(() => null),
  'clear-ended-requests': () =>
    clearEndedRequests().then(
      (): ChangeOutcome => ({ ok: true }),
      (): ChangeOutcome => ({ ok: false, message: i18n.t('optionsHistoryNotCleared') }),
    ),
};

/** A content script reports what its page is; the background keeps it for the tab. */
function handleContentMessage(message: unknown, sender: Sender & { tab: { id: number }; url: string }): Promise<null> | undefined {
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

/**
 * Handles one message, or returns `undefined` so other listeners may answer. Anything from an
 * unexpected sender, or not matching its schema, is ignored.
 */
export function handleMessage(message: unknown, sender: Sender): Promise<unknown> | undefined {
  if (isOwnContentScript(sender)) return handleContentMessage(message, sender);
  if (!isExtensionPage(sender)) return undefined;
  const parsed = pageMessageSchema.safeParse(message);
  if (!parsed.success) return undefined;
  // The map pairs each type with its handler; TypeScript cannot follow that through a union.
  const handle = pageHandlers[parsed.data.type] as (message: PageMessage, sender: Sender) => Promise<unknown> | undefined;
  return handle(parsed.data, sender);
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
