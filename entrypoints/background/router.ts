import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import {
  pageMessageSchema,
  type ChangeOutcome,
  type PageAnswer,
  type PageMessage,
  type PageMessageOf,
  type PageMessageType,
  type RequestOutcome,
} from '@/utils/messages';
import { isExtensionPage, isOptionsPage, isOwnContentScript, type Sender } from '@/utils/senders';
import { handleContentMessage } from '@/utils/pages/page-report';
import { alwaysDetectSite, forgetAlwaysDetectSite } from '@/utils/always-detect/registered-scripts';
import { detectInTab } from '@/utils/pages/detect-in-tab';
import { clearEndedRequests } from '@/utils/requests/history-writer';
import { saveSettings } from '@/utils/settings/save';
import { settings } from '@/utils/settings/store';
import { requestTranscript } from '@/utils/requests/request-transcript';
import { resolveTab } from '@/utils/catalogue/resolve-tab';
import { applyViewUpdate } from '@/utils/requests/job-follow';
import { transcribeAudio } from '@/utils/requests/transcribe-audio';
import { onShown } from '@/utils/requests/shown';
import { openPublisherTranscript, publisherTranscriptOfTab, readPublisherTranscript, type Net } from '@/utils/publisher/publisher-transcript';
import { reachableOrigins } from '@/utils/net/reach';
import { watchRedirect } from '@/utils/net/redirect-watch';

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

/** The publisher's fetches go only where the extension holds a host permission, each redirect checked. */
const publisherNet = async (): Promise<Net> => ({ reach: await reachableOrigins(), watch: watchRedirect });

/**
 * One handler per page message, typed by the protocol (`pageAnswerSchemas`): each answers what its
 * sender reads. `undefined`: not for this sender (the options page alone changes the settings).
 */
type PageHandlers = { [T in PageMessageType]: (message: PageMessageOf<T>, sender: Sender) => Promise<PageAnswer<T>> | undefined };

const pageHandlers: PageHandlers = {
  'get-settings': () => settings.get(),
  'save-settings': (msg, sender) => (isOptionsPage(sender) ? saveSettings(msg.settings) : undefined),
  'resolve-tab': (msg) => resolveTab(msg.tabId),
  // The popup's actions: only on the episode it shows, if the tab still shows it (utils/requests/shown.ts).
  'request-tab-episode': (msg) => answered(onShown(msg.tabId, msg.shown, 'page', requestTranscript)),
  'detect-in-tab': (msg) => detectInTab(msg.tabId),
  'always-detect-site': (msg) => alwaysDetectSite(msg.site),
  'forget-always-detect-site': (msg) => forgetAlwaysDetectSite(msg.site),
  'transcribe-tab-audio': (msg) => answered(onShown(msg.tabId, msg.shown, 'audio', transcribeAudio)),
  // The publisher's transcript: read from the publisher alone, never a request to Stenobird.
  'publisher-transcript': async (msg) => publisherTranscriptOfTab(msg.tabId, await publisherNet()),
  'open-publisher-transcript': async (msg) => openPublisherTranscript(msg.tabId, msg.shown, msg.transcriptUrl, await publisherNet()),
  'read-publisher-transcript': async (msg) => readPublisherTranscript(msg.pageUrl, await publisherNet()),
  'job-update': (msg) => applyViewUpdate(msg.key, msg.jobId, msg.update, msg.seen).then(() => null),
  'clear-ended-requests': () =>
    clearEndedRequests().then(
      (): ChangeOutcome => ({ ok: true }),
      (): ChangeOutcome => ({ ok: false, message: i18n.t('optionsHistoryNotCleared') }),
    ),
};

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

export function registerMessageRouter(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => handleMessage(message, sender));
}
