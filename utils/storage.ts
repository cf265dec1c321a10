import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { httpUrl, siteSchema, text } from './schema-helpers';
import { episodeSchema, slugSchema } from './episode-schema';
import { repairRecord, requestRecordSchema, type RequestRecord } from './requests';

/**
 * Every stored value, with the zod schema it is read back through. A value that fails its
 * schema (corrupted, or written by an older version) reads as the fallback, never a crash.
 * State lives here, not in module variables: the MV3 service worker is stopped when idle.
 */

export type Key = `local:${string}` | `session:${string}`;

export async function readParsed<T>(key: Key, schema: z.ZodMiniType<T>, fallback: T): Promise<T> {
  const raw = await storage.getItem<unknown>(key);
  if (raw == null) return fallback;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : fallback;
}

/** A keyed collection read entry by entry: one bad entry is dropped, not the whole collection. */
async function readEntries<T>(key: Key, schema: z.ZodMiniType<T>): Promise<Record<string, T>> {
  const raw = await storage.getItem<unknown>(key);
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
 */
export function serialised() {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}

/** What a tab's content script last reported. Session storage: tab ids die with the browser. */
export const tabReportSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('episode'), episode: episodeSchema }),
  z.object({ status: z.literal('not-episode'), reason: text(500) }),
]);
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
export const linkRequestSchema = z.discriminatedUnion('status', [
  /** Reading the link and asking Stenobird: since `at` (a stopped worker leaves this behind). */
  z.object({ status: z.literal('working'), at: z.number() }),
  /** Requested: the request record under `key` tells how it goes on. */
  z.object({ status: z.literal('requested'), key: text(4200), title: text(10_000) }),
  z.object({ status: z.literal('failed'), message: text(2_000) }),
]);
export type LinkRequest = z.output<typeof linkRequestSchema>;

const linkKey = (tabId: number) => `session:link:${tabId}` as const;

export const linkRequests = {
  get: (tabId: number) => readParsed<LinkRequest | undefined>(linkKey(tabId), linkRequestSchema, undefined),
  set: (tabId: number, value: LinkRequest) => storage.setItem(linkKey(tabId), value),
  remove: (tabId: number) => storage.removeItem(linkKey(tabId)),
};

export const REQUESTS: Key = 'local:requests';

/** The transcripts-API job ids of a history, newest request first. */
export function jobIdsOf(records: Record<string, RequestRecord>): string[] {
  return Object.values(records)
    .filter((r) => r.job?.id)
    .sort((a, b) => b.requestedAt - a.requestedAt)
    .map((r) => r.job!.id!);
}

/**
 * Transcript requests (history and follow-up state), keyed by `<podcast>/<episode>` or
 * `page:<url>`: the read side, for every context. Only the background writes them
 * (`utils/requests/history-writer.ts`), through one queue: each page is a realm of its
 * own, and a queue serialises only its own realm's writes.
 */
export const requestHistory = {
  /** Every record, each read (and repaired, see `repairRecord`) by itself: a bad one is dropped alone. */
  async all(): Promise<Record<string, RequestRecord>> {
    const records = await readEntries(REQUESTS, requestRecordSchema);
    for (const [name, record] of Object.entries(records)) records[name] = repairRecord(name, record);
    return records;
  },
  async get(key: string): Promise<RequestRecord | undefined> {
    return (await requestHistory.all())[key];
  },
};

/** Where a transcript view keeps a job's text (`utils/job-texts.ts`, which caps them by size). */
export const jobTextKey = (jobId: string) => `local:jobText:${jobId}` as const;

/** Where a publisher's page lives in the catalogue (contract §6), or that it does not. */
export const resolutionSchema = z.object({
  /** Absent: no candidate answered 200, the episode is not in the catalogue. */
  ref: z.optional(z.object({ podcastSlug: slugSchema, episodeSlug: slugSchema })),
  transcriptUrl: z.optional(httpUrl),
  checkedAt: z.number(),
  expiresAt: z.number(),
});
export type Resolution = z.output<typeof resolutionSchema>;

const RESOLUTIONS: Key = 'local:resolutions';
const resolutionsQueue = serialised();
/** Pages remembered at most; expired ones are dropped first. */
export const RESOLUTION_CAP = 500;

/** Resolutions per page URL, so reopening the popup on an episode costs no request. */
export const resolutions = {
  async get(pageUrl: string, now: number): Promise<Resolution | undefined> {
    // Only the page's own entry is checked: the popup waits on this, and 500 entries are kept.
    const raw = await storage.getItem<unknown>(RESOLUTIONS);
    const stored = raw && typeof raw === 'object' && Object.hasOwn(raw, pageUrl) ? (raw as Record<string, unknown>)[pageUrl] : undefined;
    const parsed = resolutionSchema.safeParse(stored);
    return parsed.success && parsed.data.expiresAt > now ? parsed.data : undefined;
  },
  put(pageUrl: string, resolution: Resolution): Promise<void> {
    return resolutionsQueue(async () => {
      const entries = await readEntries(RESOLUTIONS, resolutionSchema);
      entries[pageUrl] = resolution;
      const kept = Object.entries(entries)
        .filter(([, entry]) => entry.expiresAt > resolution.checkedAt)
        .sort(([, a], [, b]) => b.checkedAt - a.checkedAt)
        .slice(0, RESOLUTION_CAP);
      await storage.setItem(RESOLUTIONS, Object.fromEntries(kept));
    });
  },
};

/** The settings live in their own module (versioned, migrated); re-exported for existing imports. */
export { settings, type Settings } from '@/utils/settings/store';

/**
 * The sites the user chose for "always detect on this site": what the extension shows and
 * removes from. The content scripts registered for them persist on their own, and are dropped
 * with the site (also when its permission is withdrawn in the browser's settings).
 */
export const alwaysDetectSites = {
  /** The sites, each read by itself: one bad entry is dropped, not the list (sorted, once each). */
  async all(): Promise<string[]> {
    const raw = await storage.getItem<unknown>('local:alwaysDetectSites');
    if (!Array.isArray(raw)) return [];
    const sites = raw.filter((entry): entry is string => siteSchema.safeParse(entry).success);
    return [...new Set(sites)].sort();
  },
  /** Stores the list as given (sorted, once each); nothing is written when it is stored so already. */
  async set(sites: string[]): Promise<void> {
    const next = [...new Set(sites)].sort();
    const raw = await storage.getItem<unknown>('local:alwaysDetectSites');
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
};
