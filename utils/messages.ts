import * as z from 'zod/mini';
import { httpUrl, integer, siteSchema, text, lazySchema } from './schema-helpers';
import { episodeSchema, slugSchema } from './episode-schema';
import { requestRecordSchema } from './requests';
import { stenobirdErrorSchema } from './stenobird/error-schema';
import { publisherFoundSchema, publisherOpenSchema, publisherReadSchema } from './publisher/schemas';

/**
 * Every message between the extension's contexts, checked with zod on arrival.
 * Content scripts import only the *types* from here (erased at build), so zod never reaches a page.
 */

const tabId = lazySchema(() => integer().check(z.nonnegative()));

/** Content script → background: what the page is. */
export const contentMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('episode-detected'), episode: episodeSchema }),
  z.object({ type: z.literal('no-episode'), reason: text(500) }),
]));
export type ContentMessage = z.output<typeof contentMessageSchema>;

/**
 * Popup or background → the content script in a tab's page: what did this page find? It answers
 * with its `ContentMessage`, sent or not (`utils/tab-report.ts` says why this is asked).
 */
export interface PageReportQuestion {
  type: 'current-report';
}

/**
 * What is learnt about a transcripts-API job (contract §5), from a job body or from the event
 * stream an open transcript view reads. No URLs: the job's URLs come only from Stenobird's own
 * answers to the background.
 */
export const jobUpdateSchema = lazySchema(() => z.object({
  status: z.optional(text(100)),
  stage: z.optional(text(100)),
  mode: z.optional(text(100)),
  terminal: z.optional(z.boolean()),
  resultReady: z.optional(z.boolean()),
  retryAfterSeconds: z.optional(z.number().check(z.nonnegative(), z.lte(7 * 24 * 3600))),
  previewMessage: z.optional(text(2_000)),
  upgradeUrl: z.optional(httpUrl),
}));
export type JobUpdate = z.output<typeof jobUpdateSchema>;

/**
 * What the popup shows, carried by every action it starts on a tab's episode (issue 12, "act only
 * on what is shown"): the page's episode URL, its catalogue episode when the popup knows it, and
 * the audio it offers to transcribe. The background compares it with the episode the tab's page
 * confirms now (`utils/requests/shown.ts`) and acts only when they agree. Any catalogue action
 * (a request, "Notify me") carries it; a transcription carries `audioUrl`.
 */
export const shownSchema = lazySchema(() => z.object({
  pageUrl: httpUrl,
  ref: z.optional(z.object({ podcastSlug: slugSchema, episodeSlug: slugSchema })),
  audioUrl: z.optional(httpUrl),
}));
export type Shown = z.output<typeof shownSchema>;

/** Extension pages (popup, options, transcript view) → background. */
export const pageMessageSchema = lazySchema(() => z.discriminatedUnion('type', [
  z.object({ type: z.literal('request-tab-episode'), tabId, shown: shownSchema }),
  /** Look the tab's episode up in the catalogue (cached), then describe the tab again. */
  z.object({ type: z.literal('resolve-tab'), tabId }),
  /** Detect on a page no content script runs on (needs `activeTab` or the site's permission). */
  z.object({ type: z.literal('detect-in-tab'), tabId }),
  /** Sent once the user has granted the site's permission (see `utils/always-detect/ask-permission.ts`). */
  z.object({ type: z.literal('always-detect-site'), site: siteSchema }),
  z.object({ type: z.literal('forget-always-detect-site'), site: siteSchema }),
  /** Transcribe the tab's episode's audio through the transcripts API (contract §5). */
  z.object({ type: z.literal('transcribe-tab-audio'), tabId, shown: shownSchema }),
  /**
   * A transcript view saw the job move on in its event stream. `seen`: the view was in sight,
   * so an end needs no notification.
   */
  z.object({ type: z.literal('job-update'), key: text(4200), jobId: text(200), update: jobUpdateSchema, seen: z.boolean() }),
  /**
   * The publisher's own transcript (contract §8): which one the tab's episode has (its page's
   * link, else its RSS item: the feed is read only for this question, asked by the popup);
   * "Read the publisher's transcript" for what the popup shows (`shown`) and that transcript;
   * the view's read of the transcript approved for a page. None of them reaches Stenobird.
   */
  z.object({ type: z.literal('publisher-transcript'), tabId }),
  z.object({ type: z.literal('open-publisher-transcript'), tabId, shown: shownSchema, transcriptUrl: httpUrl }),
  z.object({ type: z.literal('read-publisher-transcript'), pageUrl: httpUrl }),
  /** The options page's "Clear": the background, the history's one writer, forgets the ended requests. */
  z.object({ type: z.literal('clear-ended-requests') }),
  /** A page that found no settings stored yet (see `utils/settings/store.ts`). */
  z.object({ type: z.literal('get-settings') }),
  /**
   * The options page's "Save": the background, the settings' one writer, checks the address
   * (and that it may reach it) and stores them. No `apiKey`: the key is removed.
   */
  z.object({
    type: z.literal('save-settings'),
    settings: z.object({ baseUrl: text(2_000), apiKey: z.optional(text(500)), notifications: z.boolean() }),
  }),
]));
export type PageMessage = z.output<typeof pageMessageSchema>;

/** What the background knows about a tab. */
export const tabStateSchema = lazySchema(() => z.discriminatedUnion('status', [
  z.object({ status: z.literal('unknown') }),
  z.object({ status: z.literal('not-episode'), reason: text(500) }),
  z.object({
    status: z.literal('episode'),
    episode: episodeSchema,
    request: z.optional(requestRecordSchema),
    /** The transcripts-API job for the episode's audio, when there is one. */
    job: z.optional(requestRecordSchema),
    /** Known only once the episode was looked up (cached); absent means "not looked up yet". */
    catalogue: z.optional(
      z.discriminatedUnion('status', [
        z.object({
          status: z.literal('found'),
          podcastSlug: slugSchema,
          episodeSlug: slugSchema,
          transcriptUrl: z.optional(httpUrl),
          // Issue 12: the catalogue's own status (utils/catalogue/catalogue-status.ts), as last read at `checkedAt`.
          processingState: z.optional(text(200)),
          /** Somebody (anybody) asked Stenobird for a transcript: its status and when (epoch ms). */
          requested: z.optional(z.object({ status: text(100), at: z.optional(z.number()) })),
          checkedAt: z.optional(z.number()),
          /** The status is older than 15 minutes, or was never read: the popup draws it and has it read again. */
          stale: z.optional(z.boolean()),
          /** Reading it again failed: the status shown is the one of `checkedAt`. */
          refreshError: z.optional(stenobirdErrorSchema),
        }),
        z.object({ status: z.literal('missing') }),
        /** Only in the answer to `resolve-tab`: the show could not be identified, so the catalogue was not asked (never cached). */
        z.object({ status: z.literal('unidentified') }),
        /** Only in the answer to `resolve-tab`: a failed look-up is never cached. */
        z.object({ status: z.literal('error'), error: stenobirdErrorSchema }),
      ]),
    ),
  }),
]));
export type TabState = z.output<typeof tabStateSchema>;

/**
 * `unsaved`: the browser refused to store the request (`full`: `storage.local` is at its quota;
 * `failed`: another refusal). What was sent was sent, but nothing follows it up.
 */
const unsaved = lazySchema(() => z.optional(z.enum(['full', 'failed'])));

export const requestOutcomeSchema = lazySchema(() => z.discriminatedUnion('ok', [
  /** `record`: what Stenobird answered, as it is kept (or, `unsaved`, as it would have been). */
  z.object({ ok: z.literal(true), record: requestRecordSchema, unsaved }),
  /**
   * `record`: the request is kept and will be sent again (offline, timeout, busy service).
   * `movedOn`: nothing was done, as the tab no longer shows what the action was for (see
   * `shownSchema`); the popup redraws with what it shows now.
   */
  z.object({ ok: z.literal(false), error: stenobirdErrorSchema, record: z.optional(requestRecordSchema), unsaved, movedOn: z.optional(z.literal(true)) }),
]));
export type RequestOutcome = z.output<typeof requestOutcomeSchema>;

/** The answer to `detect-in-tab`: what the tab shows now, or why the page could not be read. */
export const detectOutcomeSchema = lazySchema(() => z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), state: tabStateSchema }),
  z.object({ ok: z.literal(false), message: text(500) }),
]));
export type DetectOutcome = z.output<typeof detectOutcomeSchema>;

/** The answer to the "always detect" messages: the sites detected on now, or what went wrong. */
export const sitesOutcomeSchema = lazySchema(() => z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sites: z.array(siteSchema) }),
  z.object({ ok: z.literal(false), message: text(500) }),
]));
export type SitesOutcome = z.output<typeof sitesOutcomeSchema>;

/** The answer to a change the background made for a page (clearing the history): done, or why not. */
export const changeOutcomeSchema = lazySchema(() => z.discriminatedUnion('ok', [z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), message: text(500) })]));
export type ChangeOutcome = z.output<typeof changeOutcomeSchema>;

export const settingsSchema = lazySchema(() => z.object({
  baseUrl: httpUrl,
  apiKey: z.optional(text(500)),
  notifications: z.boolean(),
  checkIntervalMinutes: z.number(),
}));

/** The answer to `save-settings`: the settings as stored, or why nothing was saved. */
export const settingsOutcomeSchema = lazySchema(() => z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), settings: settingsSchema }),
  z.object({ ok: z.literal(false), message: text(500) }),
]));
export type SettingsOutcome = z.output<typeof settingsOutcomeSchema>;

/**
 * The protocol between extension pages and the background: each page message paired with the
 * schema of its answer. Pages ask through `ask` (`utils/ask.ts`), which checks the answer against
 * it; the router's handlers are typed by it, so a handler cannot answer what its sender does not
 * read, and a message with no handler (or no sender) does not type-check.
 */
export const pageAnswerSchemas = {
  'request-tab-episode': requestOutcomeSchema,
  'resolve-tab': tabStateSchema,
  'detect-in-tab': detectOutcomeSchema,
  'always-detect-site': sitesOutcomeSchema,
  'forget-always-detect-site': sitesOutcomeSchema,
  'transcribe-tab-audio': requestOutcomeSchema,
  'job-update': z.literal(null),
  'publisher-transcript': publisherFoundSchema,
  'open-publisher-transcript': publisherOpenSchema,
  'read-publisher-transcript': publisherReadSchema,
  'clear-ended-requests': changeOutcomeSchema,
  'get-settings': settingsSchema,
  'save-settings': settingsOutcomeSchema,
} satisfies Record<PageMessage['type'], z.ZodMiniType>;

export type PageMessageType = PageMessage['type'];
export type PageMessageOf<T extends PageMessageType> = Extract<PageMessage, { type: T }>;
export type PageAnswer<T extends PageMessageType> = z.output<(typeof pageAnswerSchemas)[T]>;

/** The largest page the background hands over for parsing; longer pages are not episode pages. */
export const MAX_PAGE_HTML = 5_000_000;

/** Background → offscreen document (Chrome only): detect on a fetched page's HTML. */
export const offscreenMessageSchema = lazySchema(() => z.object({
  type: z.literal('detect-in-html'),
  html: z.string().check(z.maxLength(MAX_PAGE_HTML)),
  url: httpUrl,
}));
export type OffscreenMessage = z.output<typeof offscreenMessageSchema>;

/** What a detector found, as it crosses a context boundary. */
export const detectionSchema = lazySchema(() => z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('episode'), episode: episodeSchema }),
  z.object({ kind: z.literal('not-episode'), reason: text(500) }),
]));
