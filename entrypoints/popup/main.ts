import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { linkButton, secondaryActions, type SecondaryAction } from '@/components/actions';
import { el } from '@/components/dom';
import { episodeCard } from '@/components/episode-card';
import { notice } from '@/components/notice';
import { keptRequestText, notKeptText, requestStateText, stenobirdStatus, type StenobirdStatus } from '@/components/stenobird-status';
import { publisherPrimary } from '@/components/publisher-action';
import { startTranscription, transcribeLabel, transcribePrimary, type Transcription } from '@/components/transcribe-action';
import type { Episode } from '@/utils/episode';
import { episodeAsMarkdown, prepareFormats } from '@/utils/format';
import { ask, NoAnswer } from '@/utils/ask';
import type { RequestOutcome, Shown, TabState } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import { enableAlwaysDetect } from '@/utils/always-detect/ask-permission';
import { coveredStatically } from '@/utils/content-script';
import { isPlainHttp, mayAlwaysDetect, siteOf } from '@/utils/sites';
import { settings } from '@/utils/storage';
import { currentTabState } from '@/utils/tab-state';
import { episodeMarkdownUrl, episodePageUrl } from '@/utils/stenobird/urls';
import { ACCEPTED_UNREAD } from '@/utils/stenobird/accepted';
import { requestedByAnyone } from '@/utils/catalogue/catalogue-status';

/**
 * The popup describes one tab: the one named by `?tab=<id>` (so it can also be opened as a page
 * and tested), else the active tab of the last focused normal window. It renders from a small
 * model and re-renders when an action changes it; outcomes are announced in `#announcer`.
 */

const locale = navigator.language || 'en';
const app = document.getElementById('app')!;
const view = document.getElementById('view')!;
const more = document.getElementById('more')!;
const announcer = document.getElementById('announcer')!;

/** Announces an outcome in the status region; errors are toned as errors. */
function announce(text: string, tone: 'info' | 'error' = 'info'): void {
  announcer.textContent = text;
  announcer.dataset.tone = tone;
}
document.documentElement.lang = i18n.t('@@ui_locale').replace('_', '-') || 'en';
document.getElementById('bar-title')!.textContent = i18n.t('extName');

type CatalogueState = (TabState & { status: 'episode' })['catalogue'];

interface Model {
  tabId: number;
  state: TabState;
  baseUrl: string;
  /** Whether a followed request ends in a notification (settings), so the action can promise it. */
  notify: boolean;
  /** An API key is set: transcribing audio gives the whole episode, not the free preview. */
  hasKey: boolean;
  /** Looking the episode up in the catalogue after the first paint. */
  checking: boolean;
  /** Reading the catalogue's status again (15 minutes old or more), the card drawn from the cache meanwhile. */
  refreshing: boolean;
  busy: boolean;
  /** A transcription asked for and not yet answered. */
  starting: boolean;
  error?: RequestOutcome & { ok: false };
  /** The tab's address, when the browser lets the popup see it (activeTab, or a site it may read). */
  pageUrl?: string;
  /** A site no content script covers: detection runs on demand, and "always detect" is offered. */
  onDemandSite: boolean;
  /** A page sent over plain http: never read; the popup says so and offers its https address. */
  plainHttp: boolean;
  /** On-demand detection on a site no content script runs on. */
  detecting: boolean;
  detectFailed?: string;
  /** The page the publisher's transcript was last asked for: asked once per episode shown. */
  publisherAsked?: string;
  /** The transcript the publisher offers for that page, once the background has named one (`findPublisher`). */
  publisherUrl?: string;
  /** "Read the publisher's transcript" clicked, not yet answered. */
  opening: boolean;
}

/** The tab named by `?tab=<id>`, read at once; else the active tab, which takes a query. */
function targetTabId(): number | Promise<number | undefined> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  // One query (not "last focused window", then its active tab): the popup's first paint waits on it.
  return browser.tabs.query({ active: true, lastFocusedWindow: true, windowType: 'normal' }).then(([tab]) => tab?.id);
}

function statusOf(model: Model, state: TabState & { status: 'episode' }): StenobirdStatus {
  const { episode, request, catalogue } = state;
  const found = catalogue?.status === 'found' ? catalogue : undefined;
  return {
    // A Stenobird page is the catalogue entry itself; elsewhere the catalogue is asked.
    catalogue: model.checking
      ? 'checking'
      : episode.stenobird || catalogue?.status === 'found'
        ? 'in'
        : catalogue?.status === 'missing'
          ? 'not-in'
          : catalogue?.status === 'unidentified'
            ? 'unidentified'
            : catalogue?.status === 'error'
              ? 'error'
              : 'unknown',
    catalogueError: catalogue?.status === 'error' ? catalogue.error.message : undefined,
    // The catalogue's own word, once read; a Stenobird page's until then.
    processingState: found?.processingState ?? episode.stenobird?.processingState,
    transcriptUrl: request?.transcriptUrl ?? found?.transcriptUrl,
    request,
    requestedOnStenobird: found?.requested,
    refreshing: model.refreshing,
    refreshError: found?.refreshError?.message,
    checkedAt: found?.checkedAt,
  };
}

function outcomeText(record: RequestRecord, notify: boolean): string {
  if (record.state === 'queued') return i18n.t('outcomeQueued');
  if (record.state === 'already_requested') return i18n.t('outcomeAlready');
  if (record.state === 'available') return i18n.t('outcomeAvailable');
  if (record.state === ACCEPTED_UNREAD) return i18n.t(notify ? 'outcomeAccepted' : 'outcomeAcceptedNoNotify');
  return i18n.t('outcomeOther', [requestStateText(record.state)]);
}

/**
 * What the popup shows of the tab's episode, named in each action it starts: the background acts
 * only if the tab still shows it (utils/requests/shown.ts).
 */
function shownOf(state: TabState & { status: 'episode' }): Shown {
  const { episode, catalogue } = state;
  const found = episode.stenobird ?? (catalogue?.status === 'found' ? catalogue : undefined);
  return {
    pageUrl: episode.pageUrl,
    ref: found ? { podcastSlug: found.podcastSlug, episodeSlug: found.episodeSlug } : undefined,
    audioUrl: episode.audioUrl,
  };
}

/**
 * The tab moved on while the popup was open (the background refused an action for that reason):
 * says so, and draws what the tab shows now, as the popup would had it just been opened.
 */
async function movedOn(model: Model, message: string): Promise<void> {
  model.error = undefined;
  const { state } = await currentTabState(model.tabId);
  model.state = state;
  model.checking = state.status === 'episode' && !state.catalogue;
  render(model);
  announce(message, 'error');
  void findPublisher(model);
  if (model.checking) await lookUp(model);
}

async function request(model: Model): Promise<void> {
  if (model.busy || model.state.status !== 'episode') return;
  model.busy = true;
  model.error = undefined;
  announce(i18n.t('requesting'));
  render(model);
  // A background that throws (or is gone) must not leave the button "Requesting…" for ever.
  const outcome: RequestOutcome = await ask({ type: 'request-tab-episode', tabId: model.tabId, shown: shownOf(model.state) }).catch((error: unknown) => ({
    ok: false,
    error: { kind: 'malformed', message: error instanceof NoAnswer && error.reason === 'unreadable' ? i18n.t('stateUnreadable') : i18n.t('answerFailed') },
  }));
  model.busy = false;
  if (!outcome.ok && outcome.movedOn) return movedOn(model, outcome.error.message);
  const notKept = notKeptText(outcome);
  if (notKept) {
    // Nothing is on record: the popup shows what storage holds (the request can be made again),
    // and says what happened.
    if (!outcome.ok) model.error = outcome;
    announce(notKept, 'error');
  } else if (outcome.ok && model.state.status === 'episode') {
    model.state = { ...model.state, request: outcome.record };
    announce(outcomeText(outcome.record, model.notify));
  } else if (!outcome.ok) {
    model.error = outcome;
    // Kept to be sent later (offline, timeout, busy service): say when, not just what failed.
    const kept = outcome.record?.phase === 'unsent' ? outcome.record : undefined;
    if (kept && model.state.status === 'episode') model.state = { ...model.state, request: kept };
    announce(kept ? keptRequestText(kept) : outcome.error.message, 'error');
  }
  render(model);
  view.querySelector<HTMLElement>('.primary')?.focus();
}

/**
 * The audio to offer transcribing as the main action: an episode the catalogue does not have, or
 * one whose show could not be identified (the catalogue cannot be asked about it).
 */
function transcribeFirst(model: Model): string | undefined {
  const { state } = model;
  const status = state.status === 'episode' ? state.catalogue?.status : undefined;
  return state.status === 'episode' && (status === 'missing' || status === 'unidentified') ? state.episode.audioUrl : undefined;
}

/**
 * Stenobird's main action for the episode. `tier`: how it is drawn, `secondary` when the
 * publisher's own transcript is the first action.
 */
function primaryAction(model: Model, status: StenobirdStatus, tier: 'primary' | 'secondary'): HTMLElement {
  if (status.transcriptUrl) return linkButton(i18n.t('openTranscript'), status.transcriptUrl, tier);
  const audioUrl = transcribeFirst(model);
  if (audioUrl && model.state.status === 'episode') {
    return transcribePrimary({ ...transcription(model, model.state, audioUrl), hasKey: model.hasKey, busy: model.starting, tier });
  }
  // Accepted and followed: nothing to do but wait. A request not sent yet can be tried now.
  if (status.request?.phase === 'following') {
    const label = model.notify ? i18n.t('requested') : i18n.t('requestedNoNotify');
    return el('button', { className: tier, text: label, attrs: { type: 'button', disabled: '' } });
  }
  // Somebody already asked Stenobird: the one thing left is to follow it (the same idempotent
  // request, whose record the follow-up then carries to its end).
  const catalogue = model.state.status === 'episode' ? model.state.catalogue : undefined;
  const follow = catalogue?.status === 'found' && requestedByAnyone({ request: catalogue.requested, transcriptUrl: catalogue.transcriptUrl });
  const idle = follow ? i18n.t(model.notify ? 'notifyWhenReady' : 'followWhenReady') : i18n.t('requestTranscript');
  const button = el('button', {
    className: tier,
    text: model.busy ? i18n.t('requesting') : idle,
    attrs: { type: 'button' },
  });
  if (model.busy) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  button.addEventListener('click', () => void request(model));
  return button;
}

/** A transcription of the audio the popup shows (components/transcribe-action.ts). */
function transcription(model: Model, state: TabState & { status: 'episode' }, audioUrl: string): Transcription {
  return {
    tabId: model.tabId,
    shown: { ...shownOf(state), audioUrl },
    hasJob: !!state.job,
    starting: () => {
      model.starting = true;
      announce(i18n.t('transcribeStarting'));
      render(model);
    },
    notStarted: (outcome) => {
      model.starting = false;
      if (outcome.movedOn) return void movedOn(model, outcome.error.message);
      render(model);
      announce(outcome.error.message, 'error');
    },
  };
}

function secondary(model: Model, episode: Episode, catalogue: CatalogueState): HTMLElement {
  const actions: SecondaryAction[] = [];
  // On a Stenobird page the page says where it is; elsewhere the look-up found it.
  const ref = episode.stenobird ?? (catalogue?.status === 'found' ? catalogue : undefined);
  const stenobirdUrl = ref ? episodePageUrl(model.baseUrl, ref) : undefined;
  if (ref && stenobirdUrl && episode.source !== 'stenobird') actions.push({ label: i18n.t('openOnStenobird'), href: stenobirdUrl });
  if (ref) actions.push({ label: i18n.t('openMarkdown'), href: episodeMarkdownUrl(model.baseUrl, ref) });
  if (episode.audioUrl) {
    const audio = episode.audioUrl;
    // By choice, when it is not already the main action.
    const { state } = model;
    if (!transcribeFirst(model) && state.status === 'episode') {
      const label = model.starting ? i18n.t('transcribeStarting') : transcribeLabel({ hasJob: !!state.job, hasKey: model.hasKey, primary: false });
      actions.push({ label, run: () => void (model.starting || startTranscription(transcription(model, state, audio))) });
    }
    actions.push({ label: i18n.t('copyAudioUrl'), copy: () => audio });
  }
  actions.push({ label: i18n.t('copyMarkdown'), copy: () => episodeAsMarkdown(episode, { stenobirdUrl, locale }) });
  return secondaryActions(actions, announce);
}

/** On-demand detection (issue: custom domains): `activeTab` comes with the click that opened us. */
async function detect(model: Model, byClick = false): Promise<void> {
  model.detecting = true;
  model.detectFailed = undefined;
  if (byClick) announce(i18n.t('lookingForEpisode'));
  render(model);
  const outcome = await ask({ type: 'detect-in-tab', tabId: model.tabId }).catch(() => undefined);
  model.detecting = false;
  if (!outcome) model.detectFailed = i18n.t('answerUnreadable');
  else if (!outcome.ok) model.detectFailed = outcome.message;
  else model.state = outcome.state;
  const found = model.state.status === 'episode';
  // The heading already says "not an episode"; a repeat is worth announcing only after a click.
  announce(found ? '' : (model.detectFailed ?? (byClick ? i18n.t('nothingFound') : '')), model.detectFailed ? 'error' : 'info');
  if (found) {
    setLookUp(model);
    render(model);
    void findPublisher(model);
    if (model.checking || model.refreshing) await lookUp(model);
    return;
  }
  render(model);
}

async function alwaysDetect(model: Model, pageUrl: string): Promise<void> {
  // No await before this: the permission prompt needs the click's user gesture.
  const outcome = await enableAlwaysDetect(pageUrl);
  if (outcome.ok) announce(i18n.t('alwaysDetectOn', [new URL(pageUrl).hostname]));
  else announce(outcome.message, 'error');
  render(model);
}

/** Not an episode: why, and on a site detected only on demand, how to look again or always. */
function renderNoEpisode(model: Model): void {
  if (model.plainHttp && model.pageUrl) return renderPlainHttp(model.pageUrl);
  const onDemand = model.onDemandSite;
  const parts: HTMLElement[] = [
    el('h1', { className: 'empty-title', text: model.detecting ? i18n.t('lookingForEpisode') : i18n.t('notEpisode') }),
    el('p', { text: onDemand ? i18n.t('unknownSite') : i18n.t('notEpisodeHint') }),
  ];
  if (onDemand) {
    const look = el('button', { className: 'secondary', text: model.detecting ? i18n.t('lookingForEpisode') : i18n.t('lookForEpisode'), attrs: { type: 'button' } });
    look.disabled = model.detecting;
    look.addEventListener('click', () => void detect(model, true));
    parts.push(look);
    const pageUrl = model.pageUrl;
    if (pageUrl && mayAlwaysDetect(siteOf(pageUrl))) {
      const always = el('button', { className: 'secondary', text: i18n.t('alwaysDetect'), attrs: { type: 'button' } });
      always.addEventListener('click', () => void alwaysDetect(model, pageUrl));
      parts.push(always);
    }
  }
  view.replaceChildren(el('div', { className: 'empty' }, parts));
  more.replaceChildren();
}

/** A page sent over plain http is not read (see `isPlainHttp`): why, and its https address. */
function renderPlainHttp(pageUrl: string): void {
  const https = new URL(pageUrl);
  https.protocol = 'https:';
  view.replaceChildren(
    el('div', { className: 'empty' }, [
      el('h1', { className: 'empty-title', text: i18n.t('httpPageTitle') }),
      el('p', { text: i18n.t('httpPageHint') }),
      linkButton(i18n.t('openHttpsPage'), https.href, 'secondary'),
    ]),
  );
  more.replaceChildren();
}

function render(model: Model): void {
  const { state } = model;
  if (state.status !== 'episode') return renderNoEpisode(model);
  const status = statusOf(model, state);
  const parts: HTMLElement[] = [];
  if (!navigator.onLine) parts.push(notice('info', i18n.t('offline')));
  parts.push(episodeCard(state.episode, locale), stenobirdStatus(status, locale, Date.now()));
  if (status.catalogue === 'error' || status.catalogue === 'unidentified' || (status.refreshError && !model.refreshing)) {
    const again = el('button', { className: 'link check-again', text: i18n.t('checkAgain'), attrs: { type: 'button' } });
    again.addEventListener('click', () => void lookUp(model));
    parts.push(again);
  }
  // The publisher's own transcript comes first; Stenobird's action stays, as the second one.
  const publisher = publisherAction(model, state);
  if (publisher) parts.push(publisher);
  parts.push(primaryAction(model, status, publisher ? 'secondary' : 'primary'));
  view.replaceChildren(...parts);
  more.replaceChildren(secondary(model, state.episode, state.catalogue));
}

async function start(): Promise<void> {
  // Every read the card needs starts before anything else, all at once: the settings (they name
  // no tab), then the tab's report, its address and what storage holds of its episode (request,
  // cached look-up). All straight from storage, read through zod there, not through the
  // background: see utils/tab-state.ts.
  const settingsRead = settings.shown();
  const tabId = await targetTabId();
  if (tabId === undefined) {
    settingsRead.catch(() => undefined);
    view.replaceChildren(notice('info', i18n.t('noTab')));
    return;
  }
  // The tab's report and what storage holds of its episode (request, cached look-up), read
  // while its page confirms the report, beside the settings and the tab's address. All straight
  // from storage and the page, read through zod, not through the background: see
  // utils/tab-state.ts.
  const pageUrlRead = browser.tabs.get(tabId).then((tab) => tab.url, () => undefined);
  const stateRead = currentTabState(tabId, settingsRead.then((read) => read.baseUrl));
  // The card's date and "… ago" formats load the locale's data when first built (some 12 ms in a
  // freshly started popup): built now, while the reads above are on their way.
  prepareFormats(locale);
  const [{ state }, { baseUrl, notifications, hasApiKey }, pageUrl] = await Promise.all([stateRead, settingsRead, pageUrlRead]);
  const plainHttp = !!pageUrl && isPlainHttp(pageUrl);
  const model: Model = {
    tabId,
    // A plain-http page is never read (the background keeps no report of one either).
    state: plainHttp ? { status: 'unknown' } : state,
    baseUrl,
    notify: notifications,
    hasKey: hasApiKey,
    checking: false,
    refreshing: false,
    busy: false,
    starting: false,
    detecting: false,
    opening: false,
    pageUrl,
    onDemandSite: pageUrl ? !coveredStatically(pageUrl, baseUrl) : state.status === 'unknown',
    plainHttp,
  };
  if (!plainHttp) setLookUp(model);
  render(model);
  // Read by `npm run bench` (bench/popup-time.ts): the card drawn with the stored state it shows
  // (request, cached look-up, settings), then the popup fully rendered (the catalogue's answer).
  performance.mark('popup-card');
  // No content script ran here: a site the extension is not installed for. Look on demand.
  if (model.state.status === 'unknown' && !model.plainHttp) await detect(model);
  // Coming back online: show it, and check the catalogue if that failed for want of a network.
  addEventListener('online', () => {
    const catalogue = model.state.status === 'episode' ? model.state.catalogue : undefined;
    const failed = catalogue?.status === 'error' || catalogue?.status === 'unidentified' || (catalogue?.status === 'found' && !!catalogue.refreshError);
    if (failed) void lookUp(model);
    else render(model);
  });
  addEventListener('offline', () => render(model));
  // Beside the look-up: the publisher's own transcript (the page's link, or its RSS item's).
  const publisherFound = findPublisher(model);
  if (model.checking || model.refreshing) await lookUp(model);
  await publisherFound;
  performance.mark('popup-complete');
}

/**
 * What the card still needs from the catalogue: the look-up (nothing known yet: "Checking…"), or
 * the status read again (known but 15 minutes old: drawn as it is, and refreshed in place).
 */
function setLookUp(model: Model, again = false): void {
  const catalogue = model.state.status === 'episode' ? model.state.catalogue : undefined;
  model.checking = model.state.status === 'episode' && (!catalogue || (again && catalogue.status !== 'found'));
  model.refreshing = catalogue?.status === 'found' && (again || !!catalogue.stale);
}

/** Finds the episode in the catalogue after the first paint (cached by the background), or reads its status again. */
async function lookUp(model: Model): Promise<void> {
  if (model.state.status === 'episode' && !model.checking && !model.refreshing) {
    setLookUp(model, true);
    render(model);
  }
  const answer = await ask({ type: 'resolve-tab', tabId: model.tabId }).catch(() => undefined);
  model.checking = false;
  model.refreshing = false;
  if (answer?.status === 'episode' && model.state.status === 'episode') {
    // A request made meanwhile is newer than the look-up's copy, if it is for the same episode
    // (the tab may have moved on to another since, which the answer then describes).
    const same = answer.episode.pageUrl === model.state.episode.pageUrl;
    model.state = { ...answer, request: (same ? model.state.request : undefined) ?? answer.request };
    if (!same) void findPublisher(model);
  }
  if (!model.busy) render(model);
}

/**
 * Asks the background which transcript the episode's publisher offers (its page's link, else its
 * RSS item's: the feed is read for this question only), once per episode shown. An answer about
 * another page (the tab moved on meanwhile) is not shown.
 */
async function findPublisher(model: Model): Promise<void> {
  if (model.state.status !== 'episode') return;
  const pageUrl = model.state.episode.pageUrl;
  if (model.publisherAsked === pageUrl) return;
  model.publisherAsked = pageUrl;
  model.publisherUrl = undefined;
  // Neither a link nor a feed to read (a Stenobird page): nothing to ask, and no worker to wake.
  if (!model.state.episode.transcriptUrl && !model.state.episode.rssUrl) return;
  const answer = await ask({ type: 'publisher-transcript', tabId: model.tabId }).catch(() => undefined);
  const showing = model.state.status === 'episode' ? model.state.episode.pageUrl : undefined;
  if (!answer?.transcript || answer.pageUrl !== pageUrl || showing !== pageUrl) return;
  model.publisherUrl = answer.transcript.url;
  if (!model.busy) render(model);
}

/** "Read the publisher's transcript", when the publisher offers one for the episode shown. */
function publisherAction(model: Model, state: TabState & { status: 'episode' }): HTMLElement | undefined {
  const offered = model.publisherUrl;
  if (!offered || model.publisherAsked !== state.episode.pageUrl) return undefined;
  return publisherPrimary({
    tabId: model.tabId,
    shown: shownOf(state),
    transcriptUrl: offered,
    busy: model.opening,
    starting: () => {
      model.opening = true;
      announce(i18n.t('publisherOpening'));
      render(model);
    },
    notOpened: (message, moved) => {
      model.opening = false;
      if (moved) return void movedOn(model, message);
      // No longer offered (or no answer): the popup stops offering it until it is asked again.
      model.publisherUrl = undefined;
      model.publisherAsked = undefined;
      render(model);
      announce(message, 'error');
    },
  });
}

start()
  .catch(() => view.replaceChildren(notice('error', i18n.t('stateUnreadable'))))
  .finally(() => app.removeAttribute('aria-busy'));
