import { browser } from 'wxt/browser';
import * as storage from './storage-areas';
import type { Key } from './storage-areas';
import * as z from 'zod/mini';
import { httpUrl, siteSchema, text, lazySchema } from './schema-helpers';
import { episodeSchema, slugSchema } from './episode-schema';
import { isActive, repairRecord, requestPhaseSchema, requestRecordSchema, type RequestRecord } from './requests';

/**
 * Every stored value, with the zod schema it is read back through. A value that fails its
 * schema (corrupted, or written by an older version) reads as the fallback, never a crash.
 * State lives here, not in module variables: the MV3 service worker is stopped when idle.
 */

export type { Key };

export async function readParsed<T>(key: Key, schema: z.ZodMiniType<T>, fallback: T): Promise<T> {
  const raw = await storage.getItem(key);
  if (raw == null) return fallback;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : fallback;
}

/** A keyed collection read entry by entry: one bad entry is dropped, not the whole collection. */
export async function readEntries<T>(key: Key, schema: z.ZodMiniType<T>): Promise<Record<string, T>> {
  const raw = await storage.getItem(key);
  const entries: Record<string, T> = {};
  if (!raw || typeof raw !== 'object') return entries;
  for (const [name, value] of Object.entries(raw)) {
    const parsed = schema.safeParse(value);
    if (parsed.success) entries[name] = parsed.data;
  }
  return entries;
}

/**
 * Read-modify-write of one stored collection, one at a time: the popup, an alarm and the
 * `online` event may all be updating requests at once, and must not overwrite each other.
 * Free of side effects (the bundler's annotation): a queue no code of a bundle uses is left out.
 */
/* @__NO_SIDE_EFFECTS__ */
export function serialised() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}

/** What a tab's content script last reported. Session storage: tab ids die with the browser. */
export const tabReportSchema = lazySchema(() => z.discriminatedUnion('status', [
  z.object({ status: z.literal('episode'), episode: episodeSchema }),
  z.object({ status: z.literal('not-episode'), reason: text(500) }),
]));
export type TabReport = z.output<typeof tabReportSchema>;

const tabKey = (tabId: number) => `session:tab:${tabId}` as const;

export const tabReports = {
  get: (tabId: number) => readParsed<TabReport | undefined>(tabKey(tabId), tabReportSchema, undefined),
  set: (tabId: number, report: TabReport) => storage.setItem(tabKey(tabId), report),
  remove: (tabId: number) => storage.removeItem(tabKey(tabId)),
};

/**
 * What the toolbar shows on a tab for a link right-clicked there: the link's episode is not the
 * tab's, so it has its own entry, dropped with the tab's report when the tab navigates or closes.
 */
export const linkRequestSchema = lazySchema(() => z.discriminatedUnion('status', [
  /** Reading the link and asking Stenobird: since `at` (a stopped worker leaves this behind). */
  z.object({ status: z.literal('working'), at: z.number() }),
  /** Requested: the request record under `key` tells how it goes on. */
  z.object({ status: z.literal('requested'), key: text(4200), title: text(10_000) }),
  z.object({ status: z.literal('failed'), message: text(2_000) }),
]));
export type LinkRequest = z.output<typeof linkRequestSchema>;

const linkKey = (tabId: number) => `session:link:${tabId}` as const;

export const linkRequests = {
  get: (tabId: number) => readParsed<LinkRequest | undefined>(linkKey(tabId), linkRequestSchema, undefined),
  set: (tabId: number, value: LinkRequest) => storage.setItem(linkKey(tabId), value),
  remove: (tabId: number) => storage.removeItem(linkKey(tabId)),
};

/** The session keys above: `tab:<id>` (a tab's report) and `link:<id>` (a link right-clicked there). */
const SESSION_TAB_KEY = /^(tab|link):(\d+)$/;

/** The tabs named by session keys (as the browser names them: `tab:<id>`, `link:<id>`), each once. */
export function tabsIn(keys: string[]): Set<number> {
  const tabs = new Set<number>();
  for (const key of keys) {
    const match = SESSION_TAB_KEY.exec(key);
    if (match) tabs.add(Number(match[2]));
  }
  return tabs;
}

/** Every tab something is kept for in session storage: one read, of its keys. */
export async function storedTabIds(): Promise<Set<number>> {
  return tabsIn(Object.keys(await browser.storage.session.get(null)));
}

/**
 * What a tab's stored state says about which request records it can show: its episode's page,
 * audio and stated catalogue slugs, and a link requested there. Only these fields are checked
 * (they are compared, never shown or fetched): a history write looks at every tab's, and the
 * full reports' checks (URLs parsed, texts measured) would make each write cost more per tab.
 */
const tabFactsSchema = lazySchema(() => z.object({
  status: z.literal('episode'),
  episode: z.object({
    pageUrl: z.string(),
    audioUrl: z.optional(z.string()),
    stenobird: z.optional(z.object({ podcastSlug: z.string(), episodeSlug: z.string() })),
  }),
}));
const linkFactsSchema = lazySchema(() => z.object({ status: z.literal('requested'), key: z.string() }));
export type TabFacts = { episode?: z.output<typeof tabFactsSchema>['episode']; linkKey?: string };

/**
 * Every tab with an episode or a requested link stored, in one read of session storage (which
 * holds nothing else, and nothing large): for the background to find the tabs a history change
 * concerns without reading each tab by itself.
 */
export async function sessionTabs(): Promise<Map<number, TabFacts>> {
  const tabs = new Map<number, TabFacts>();
  for (const [name, value] of Object.entries(await browser.storage.session.get(null))) {
    const match = SESSION_TAB_KEY.exec(name);
    if (!match) continue;
    const tabId = Number(match[2]);
    if (match[1] === 'tab') {
      const parsed = tabFactsSchema.safeParse(value);
      if (parsed.success) tabs.set(tabId, { ...tabs.get(tabId), episode: parsed.data.episode });
    } else {
      const parsed = linkFactsSchema.safeParse(value);
      if (parsed.success) tabs.set(tabId, { ...tabs.get(tabId), linkKey: parsed.data.key });
    }
  }
  return tabs;
}

/**
 * Where the request history is kept. Layout 1 (up to issue 11) kept every record in one value,
 * `requests`, so reading one record read and checked all 200. Layout 2 keeps each record under
 * its own key, `request:<key>` (`<key>`: `<podcast>/<episode>`, `page:<url>` or `job:<audio
 * URL>`), and beside them:
 * - `requestIndex`: each stored key with what listing and capping need (`summaryOf`), facts that
 *   change a few times in a record's life, so a request moving on does not rewrite it (at 200
 *   records it is some 25 kB, which the browser takes milliseconds to read or write);
 * - `requestsDue`: the next check of each request still followed (a handful), for the alarm.
 * Only the background writes them (`utils/requests/history-writer.ts`), in the same
 * write as the records they describe.
 * Names without their area (`local:`); exported for the tests and the bench, which seed and
 * inspect storage as the browser holds it.
 */
export const HISTORY_LAYOUT = {
  version: 2,
  /** Layout 1's single value: read once, by the migration, then removed. */
  legacy: 'requests',
  index: 'requestIndex',
  due: 'requestsDue',
  recordPrefix: 'request:',
} as const;

const recordKey = (key: string) => `local:${HISTORY_LAYOUT.recordPrefix}${key}` as const;
const INDEX_KEY = `local:${HISTORY_LAYOUT.index}` as const;
const DUE_KEY = `local:${HISTORY_LAYOUT.due}` as const;

/** What the index keeps of each record (see `summaryOf`). */
export const historySummarySchema = lazySchema(() => z.object({
  kind: z.enum(['catalogue', 'job']),
  phase: requestPhaseSchema,
  requestedAt: z.number(),
  /** Ended records only: the cap drops the longest-ended first (a followed one changes at every check). */
  endedAt: z.optional(z.number()),
  jobId: z.optional(z.string()),
}));
export type HistorySummary = z.output<typeof historySummarySchema>;
export type HistoryIndex = Record<string, HistorySummary>;

export function summaryOf(record: RequestRecord): HistorySummary {
  const summary: HistorySummary = { kind: record.kind, phase: record.phase, requestedAt: record.requestedAt };
  if (!isActive(record)) summary.endedAt = record.updatedAt;
  if (record.job?.id) summary.jobId = record.job.id;
  return summary;
}

/** The next checks of the requests still followed: `null`, due now. */
export type HistoryDue = Record<string, number | null>;
const dueSchema = lazySchema(() => z.nullable(z.number()));

/** A record's entry in `requestsDue`: `undefined` when it is not followed. */
export function dueOf(record: RequestRecord | undefined): number | null | undefined {
  return record && isActive(record) ? (record.nextCheckAt ?? null) : undefined;
}

/** A stored value read back as a record of the history, under the name it is stored by. */
function recordFrom(name: string, raw: unknown): RequestRecord | undefined {
  if (raw == null) return undefined;
  const parsed = requestRecordSchema.safeParse(raw);
  return parsed.success ? repairRecord(name, parsed.data) : undefined;
}

/** The transcripts-API job ids of a history, newest request first. */
export function jobIdsOf(index: HistoryIndex): string[] {
  return Object.values(index)
    .filter((s) => s.jobId)
    .sort((a, b) => b.requestedAt - a.requestedAt)
    .map((s) => s.jobId!);
}

/** Entries that fail their schema are dropped alone (`readEntries`). */
const readIndex = (): Promise<HistoryIndex> => readEntries(INDEX_KEY, historySummarySchema);

const readDue = (): Promise<HistoryDue> => readEntries(DUE_KEY, dueSchema);

async function readRecords(keys: readonly string[]): Promise<Record<string, RequestRecord>> {
  const records: Record<string, RequestRecord> = {};
  if (keys.length === 0) return records;
  const values = await storage.getItems(keys.map(recordKey));
  keys.forEach((key, i) => {
    const record = recordFrom(key, values[i]!.value);
    if (record) records[key] = record;
  });
  return records;
}

/** Settled once the background has moved an older layout's records (pages never move them, see `becomeHistoryOwner`). */
let historyReady: Promise<unknown> = Promise.resolve();

/** The records one storage change touched, unread: key → the value now stored (`undefined`: removed). */
function watchRecords(listener: (changes: Map<string, unknown>) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    const changed = new Map<string, unknown>();
    for (const [name, change] of Object.entries(changes)) {
      if (name.startsWith(HISTORY_LAYOUT.recordPrefix)) changed.set(name.slice(HISTORY_LAYOUT.recordPrefix.length), change.newValue);
    }
    if (changed.size) listener(changed);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}

/** A change seen by `requestHistory.watch`: each changed key, with its record now (`undefined`: gone). */
export type HistoryChanges = Map<string, RequestRecord | undefined>;

/**
 * One record, read (and repaired, see `repairRecord`) by itself, and watched. Functions of their
 * own, beside `requestHistory.get` and `.watchKey`: a bundle that uses only these carries none of
 * the history's other reads (an object's methods all come with it), which the popup's size budget
 * counts.
 */
export async function historyRecord(key: string): Promise<RequestRecord | undefined> {
  await historyReady;
  return recordFrom(key, await storage.getItem(recordKey(key)));
}

/** Calls `listener` whenever the record under `key` changes (`undefined`: removed, or unreadable). */
export function watchHistoryRecord(key: string, listener: (record: RequestRecord | undefined) => void): () => void {
  return storage.watch(recordKey(key), (value) => listener(recordFrom(key, value)));
}

/**
 * Transcript requests (history and follow-up state), keyed by `<podcast>/<episode>`,
 * `page:<url>` or `job:<audio URL>`: the read side, for every context. Each read takes only the
 * keys it needs. Only the background writes them (`utils/requests/history-writer.ts`),
 * through one queue: each page is a realm of its own, and a queue serialises only its own
 * realm's writes.
 */
export const requestHistory = {
  /** The index: every stored key, with its summary. */
  async index(): Promise<HistoryIndex> {
    await historyReady;
    return readIndex();
  },
  get: historyRecord,
  /** The records stored under `keys`, in one read; a key with nothing (valid) stored is absent. */
  async getMany(keys: readonly string[]): Promise<Record<string, RequestRecord>> {
    await historyReady;
    return readRecords(keys);
  },
  /** When each request still followed is next due (`null`: now): what the follow-up's alarm is set from. */
  async due(): Promise<HistoryDue> {
    await historyReady;
    return readDue();
  },
  /** Every record listed in the index, each read by itself: a bad one is dropped alone. */
  async all(): Promise<Record<string, RequestRecord>> {
    return requestHistory.getMany(Object.keys(await requestHistory.index()));
  },
  /**
   * Calls `listener` with the records each history write changed, as written (no read: the
   * change carries them). For pages that show records and keep them current row by row.
   */
  watch(listener: (changes: HistoryChanges) => void): () => void {
    return watchRecords((changes) => {
      const changed: HistoryChanges = new Map();
      for (const [key, value] of changes) changed.set(key, recordFrom(key, value));
      listener(changed);
    });
  },
  /** Calls `listener` with the keys each history write changed, and nothing more (the toolbar reads only what it shows). */
  watchKeys(listener: (keys: Set<string>) => void): () => void {
    return watchRecords((changes) => listener(new Set(changes.keys())));
  },
  watchKey: watchHistoryRecord,
};

/**
 * The storage side of the history's one writer (`utils/requests/history-writer.ts`):
 * what it writes, in the layout above. Not for pages: they ask the background.
 */
export const historyStore = {
  /** The owner's reads: in its queue, so never waiting on the move it is making. */
  index: readIndex,
  due: readDue,
  getMany: readRecords,
  /** Every other read of the history in this context waits until `move` has settled. */
  holdReadsUntil(move: Promise<unknown>): void {
    historyReady = move;
  },
  /** Changed records with the index and the due times, when they changed too, in one write (the browser applies one `set` whole). */
  async write(changed: Record<string, RequestRecord>, index?: HistoryIndex, due?: HistoryDue): Promise<void> {
    await storage.setItems([
      ...Object.entries(changed).map(([key, value]) => ({ key: recordKey(key), value })),
      ...(index ? [{ key: INDEX_KEY, value: index }] : []),
      // The layout's version, as WXT keeps an item's (`requestIndex$`): set with every index, so it is never missing.
      ...(index ? [{ key: `${INDEX_KEY}$` as const, value: { v: HISTORY_LAYOUT.version } }] : []),
      ...(due ? [{ key: DUE_KEY, value: due }] : []),
    ]);
  },
  remove(keys: readonly string[]): Promise<void> {
    return keys.length ? storage.removeItems(keys.map(recordKey)) : Promise.resolve();
  },
  /** Layout 1's records, each checked and repaired alone (a bad one is dropped), or `undefined` when there is no layout-1 value. */
  async legacy(): Promise<Record<string, RequestRecord> | undefined> {
    const raw = await storage.getItem(`local:${HISTORY_LAYOUT.legacy}`);
    if (raw == null) return undefined;
    const records: Record<string, RequestRecord> = {};
    if (typeof raw === 'object') {
      for (const [name, value] of Object.entries(raw)) {
        const record = recordFrom(name, value);
        if (record) records[name] = record;
      }
    }
    return records;
  },
  removeLegacy(): Promise<void> {
    return storage.removeItem(`local:${HISTORY_LAYOUT.legacy}`);
  },
};

/** Where a transcript view keeps a job's text (`utils/job-texts.ts`, which caps them by size). */
export const jobTextKey = (jobId: string) => `local:jobText:${jobId}` as const;

/**
 * The catalogue's own status of an episode (contract §2: processing state, a transcript request
 * by anyone, a published transcript), as last read, and when. It changes within hours, so it is
 * used as it stands for 15 minutes only (`utils/catalogue/catalogue-status.ts`); after that it is
 * drawn while it is read again. Each field is absent when the answer did not say (the Markdown
 * twin gives the processing state alone).
 */
export const catalogueStatusSchema = lazySchema(() => z.object({
  checkedAt: z.number(),
  processingState: z.optional(text(200)),
  /** `transcription_request`: somebody (this user or another) asked for a transcript. */
  request: z.optional(z.object({ status: text(100), requestedAt: z.optional(z.number()) })),
  transcriptUrl: z.optional(httpUrl),
}));
export type CatalogueStatus = z.output<typeof catalogueStatusSchema>;

/** The look-up's layout version inside each stored value (`v`); values without one are layout 1. */
export const RESOLUTION_VERSION = 2;

/**
 * Where a publisher's page lives in the catalogue (contract §6), or that it does not, and the
 * episode's status there. Two freshnesses in one value: the slugs (`checkedAt`, `expiresAt`: days)
 * and the status (`status.checkedAt`: minutes).
 * Layout 1 (up to issue 11) kept `transcriptUrl` beside the slugs, read with them for 7 days: it
 * is read without it (no status, so the popup reads the status again at once).
 */
const resolutionFields = () => ({
  /** Absent: no candidate answered 200, the episode is not in the catalogue. */
  ref: z.optional(z.object({ podcastSlug: slugSchema, episodeSlug: slugSchema })),
  checkedAt: z.number(),
  expiresAt: z.number(),
});
export const resolutionSchema = lazySchema(() => z.union([
  z.pipe(
    z.object({ v: z.literal(RESOLUTION_VERSION), ...resolutionFields(), status: z.optional(catalogueStatusSchema) }),
    z.transform(({ v: _v, ...resolution }) => resolution),
  ),
  // Layout 1, or a layout-2 value whose status is damaged: the slugs alone (unknown keys, such as
  // layout 1's transcript URL, are dropped).
  z.object(resolutionFields()),
]));
export type Resolution = z.output<typeof resolutionSchema> & { status?: CatalogueStatus };

/**
 * Where look-ups are kept: each page's under `resolution:<page URL>`, and an index of their times
 * (`resolutionIndex`) for the cap, so the popup reads one page's answer rather than all 500
 * (some 50 kB, which takes the browser about 10 ms to hand over). Until issue 11 they were one
 * value, `resolutions` (`RESOLUTION_LAYOUT.legacy`), moved by the background's first start.
 *
 * A new look-up is listed in `resolutionsAdded`, a short list written with its answer, rather
 * than in the index: at 500 entries the index is some 60 kB, and reading and rewriting it at
 * each new look-up made a first look-up with a full history 14–23 % slower to draw (`npm run
 * bench`). Every `RESOLUTION_MERGE_EVERY`th, the index takes the list in and the cap applies, so
 * up to that many more than the cap may be kept in between. Both lists count every answer kept.
 */
export const RESOLUTION_LAYOUT = { legacy: 'resolutions', index: 'resolutionIndex', added: 'resolutionsAdded', prefix: 'resolution:' } as const;
const resolutionKey = (pageUrl: string) => `local:${RESOLUTION_LAYOUT.prefix}${pageUrl}` as const;
const RESOLUTION_INDEX = `local:${RESOLUTION_LAYOUT.index}` as const;
const RESOLUTION_ADDED = `local:${RESOLUTION_LAYOUT.added}` as const;
export const RESOLUTION_MERGE_EVERY = 20;
const resolutionTimesSchema = lazySchema(() => z.object({ checkedAt: z.number(), expiresAt: z.number() }));
type ResolutionTimes = Record<string, z.output<typeof resolutionTimesSchema>>;
const resolutionsQueue = serialised();
/** Pages remembered at most; expired ones are dropped first. */
export const RESOLUTION_CAP = 500;

const storedResolution = (pageUrl: string, value: Resolution) => ({ key: resolutionKey(pageUrl), value: { v: RESOLUTION_VERSION, ...value } });

/** One look-up kept: listed with the ones added since the index last took them in, or, every `RESOLUTION_MERGE_EVERY`th, merged into it. */
async function keepResolution(pageUrl: string, resolution: Resolution, now: number): Promise<void> {
  const added: ResolutionTimes = await readEntries(RESOLUTION_ADDED, resolutionTimesSchema);
  added[pageUrl] = { checkedAt: resolution.checkedAt, expiresAt: resolution.expiresAt };
  if (Object.keys(added).length >= RESOLUTION_MERGE_EVERY) return keepResolutions({ [pageUrl]: resolution }, now, added);
  // The answer and its listing in one write: no answer is ever kept that no list counts.
  await storage.setItems([storedResolution(pageUrl, resolution), { key: RESOLUTION_ADDED, value: added }]);
}

/**
 * Adds `entries` and the ones listed as added to the index, keeping the newest `RESOLUTION_CAP`
 * unexpired at `now`. `listed`: that list, when the caller has read it already.
 */
async function keepResolutions(entries: Record<string, Resolution>, now: number, listed?: ResolutionTimes): Promise<void> {
  const [indexed, added] = await Promise.all([readEntries(RESOLUTION_INDEX, resolutionTimesSchema), listed ?? readEntries(RESOLUTION_ADDED, resolutionTimesSchema)]);
  const times: ResolutionTimes = { ...indexed, ...added };
  for (const [pageUrl, { checkedAt, expiresAt }] of Object.entries(entries)) times[pageUrl] = { checkedAt, expiresAt };
  const ordered = Object.entries(times).sort(([, a], [, b]) => b.checkedAt - a.checkedAt);
  const kept = ordered.filter(([, entry]) => entry.expiresAt > now).slice(0, RESOLUTION_CAP);
  const keptNames = new Set(kept.map(([pageUrl]) => pageUrl));
  const dropped = ordered.map(([pageUrl]) => pageUrl).filter((pageUrl) => !keptNames.has(pageUrl));
  // Gone before the index stops listing them: no answer is ever kept that no index counts.
  if (dropped.length) await storage.removeItems(dropped.map(resolutionKey));
  await storage.setItems([
    ...Object.entries(entries)
      .filter(([pageUrl]) => keptNames.has(pageUrl))
      .map(([pageUrl, value]) => storedResolution(pageUrl, value)),
    { key: RESOLUTION_INDEX, value: Object.fromEntries(kept) },
    { key: RESOLUTION_ADDED, value: {} },
  ]);
}

/** A stored look-up read back, if it is one and has not expired at `now`. */
function resolutionFrom(raw: unknown, now: number): Resolution | undefined {
  const parsed = resolutionSchema.safeParse(raw);
  return parsed.success && parsed.data.expiresAt > now ? parsed.data : undefined;
}

/**
 * One episode's cached look-up (if unexpired) and its request records under `keys`, in one read
 * of `storage.local`. The popup's card waits on these, and the browser answers an extension's
 * storage calls one after another, on the thread that is meanwhile opening the popup: each call
 * there took 5–10 ms (`npm run bench`), so one call rather than one per value.
 */
export async function episodeStored(
  pageUrl: string,
  keys: readonly string[],
  now: number,
): Promise<{ resolution: Resolution | undefined; records: Record<string, RequestRecord> }> {
  await historyReady;
  const [looked, ...values] = await storage.getItems([resolutionKey(pageUrl), ...keys.map(recordKey)]);
  const records: Record<string, RequestRecord> = {};
  keys.forEach((key, i) => {
    const record = recordFrom(key, values[i]!.value);
    if (record) records[key] = record;
  });
  return { resolution: resolutionFrom(looked!.value, now), records };
}

/** Resolutions per page URL, so reopening the popup on an episode costs no request. */
export const resolutions = {
  /** One page's, if unexpired: one small read. */
  async get(pageUrl: string, now: number): Promise<Resolution | undefined> {
    return (await resolutions.getMany([pageUrl], now)).get(pageUrl);
  },
  /** Several pages' in one read (the toolbar finding which tabs show a request). */
  async getMany(pageUrls: readonly string[], now: number): Promise<Map<string, Resolution>> {
    const found = new Map<string, Resolution>();
    if (pageUrls.length === 0) return found;
    const values = await storage.getItems(pageUrls.map(resolutionKey));
    pageUrls.forEach((pageUrl, i) => {
      const resolution = resolutionFrom(values[i]!.value, now);
      if (resolution) found.set(pageUrl, resolution);
    });
    return found;
  },
  /**
   * Written by the background alone (`utils/catalogue/`), one at a time. `now`: when it is written
   * (a status read again keeps its slugs' older `checkedAt`); the slugs' time by default.
   */
  put(pageUrl: string, resolution: Resolution, now = resolution.checkedAt): Promise<void> {
    return resolutionsQueue(() => keepResolution(pageUrl, resolution, now));
  },
  /** The background's first start after the update: the look-ups kept in one value move to a key each (a bad one is dropped alone). */
  moveFromOneValue(now = Date.now()): Promise<void> {
    return resolutionsQueue(async () => {
      const legacy = `local:${RESOLUTION_LAYOUT.legacy}` as const;
      if ((await storage.getItem(legacy)) == null) return;
      await keepResolutions(await readEntries(legacy, resolutionSchema), now);
      await storage.removeItem(legacy);
    });
  },
};

/**
 * Shows' JSON Feeds as last read (`utils/fireside/show-feed.ts`), keyed by feed URL: a page that
 * does not name its show is identified from its show's feed, read at most once a day. `feed`: what
 * is kept of it (`compactFeed`: no show notes), read back through the feed's own parser; absent
 * when the show's site answered without a feed (a 404, a body that is not one). One value for
 * all, read only by the background and only for such a page; at most `SHOW_FEED_CAP` shows.
 */
export const showFeedSchema = lazySchema(() => z.object({ checkedAt: z.number(), feed: z.optional(z.unknown()) }));
export type StoredShowFeed = z.output<typeof showFeedSchema>;
export const SHOW_FEED_CAP = 10;
const SHOW_FEEDS = 'local:showFeeds' as const;
const showFeedsQueue = serialised();

export const showFeeds = {
  /** The feed as last read (or that there was none), however old: the caller knows how long it counts. */
  async get(feedUrl: string): Promise<StoredShowFeed | undefined> {
    return (await readEntries(SHOW_FEEDS, showFeedSchema))[feedUrl];
  },
  /** Keeps it, dropping the longest-read shows beyond the cap. */
  put(feedUrl: string, value: StoredShowFeed): Promise<void> {
    return showFeedsQueue(async () => {
      const entries = { ...(await readEntries(SHOW_FEEDS, showFeedSchema)), [feedUrl]: value };
      const kept = Object.entries(entries).sort(([, a], [, b]) => b.checkedAt - a.checkedAt).slice(0, SHOW_FEED_CAP);
      await storage.setItem(SHOW_FEEDS, Object.fromEntries(kept));
    });
  },
};

/** The settings live in their own module (versioned, migrated); re-exported for existing imports. */
export { settings, type Settings } from './settings/store';

/**
 * The sites the user chose for "always detect on this site": what the extension shows and
 * removes from. The content scripts registered for them persist on their own, and are dropped
 * with the site (also when its permission is withdrawn in the browser's settings).
 */
export const alwaysDetectSites = {
  /** The sites, each read by itself: one bad entry is dropped, not the list (sorted, once each). */
  async all(): Promise<string[]> {
    const raw = await storage.getItem('local:alwaysDetectSites');
    if (!Array.isArray(raw)) return [];
    const sites = raw.filter((entry): entry is string => siteSchema.safeParse(entry).success);
    return [...new Set(sites)].sort();
  },
  /** Stores the list as given (sorted, once each); nothing is written when it is stored so already. */
  async set(sites: string[]): Promise<void> {
    const next = [...new Set(sites)].sort();
    const raw = await storage.getItem('local:alwaysDetectSites');
    if (JSON.stringify(raw ?? []) === JSON.stringify(next)) return;
    await storage.setItem('local:alwaysDetectSites', next);
  },
  async add(site: string): Promise<string[]> {
    const sites = await alwaysDetectSites.all();
    if (sites.includes(site)) return sites;
    const next = [...sites, site].sort();
    await storage.setItem('local:alwaysDetectSites', next);
    return next;
  },
  async remove(site: string): Promise<string[]> {
    const next = (await alwaysDetectSites.all()).filter((s) => s !== site);
    await storage.setItem('local:alwaysDetectSites', next);
    return next;
  },
  /** Calls `listener` whenever the list changes (read it again with `all`). */
  watch(listener: () => void): () => void {
    return storage.watch('local:alwaysDetectSites', () => listener());
  },
};
