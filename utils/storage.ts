import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { siteSchema, text } from './schema-helpers';
import { episodeSchema } from './episode-schema';
import { requestRecordSchema, type RequestRecord } from './requests';
import { DEFAULT_STENOBIRD_BASE } from './stenobird/urls';

/**
 * Every stored value, with the zod schema it is read back through. A value that fails its
 * schema (corrupted, or written by an older version) reads as the fallback, never a crash.
 * State lives here, not in module variables: the MV3 service worker is stopped when idle.
 */

async function readParsed<T>(key: `local:${string}` | `session:${string}`, schema: z.ZodMiniType<T>, fallback: T): Promise<T> {
  const raw = await storage.getItem<unknown>(key);
  if (raw == null) return fallback;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : fallback;
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

const requestsSchema = z.record(z.string(), requestRecordSchema);

/** Transcript requests, keyed by `<podcast>/<episode>`. */
export const requestHistory = {
  all: () => readParsed<Record<string, RequestRecord>>('local:requests', requestsSchema, {}),
  async get(key: string): Promise<RequestRecord | undefined> {
    return (await requestHistory.all())[key];
  },
  async put(record: RequestRecord): Promise<void> {
    const all = await requestHistory.all();
    all[record.key] = record;
    await storage.setItem('local:requests', all);
  },
};

export const settingsSchema = z.object({
  baseUrl: z._default(z.url({ protocol: /^https?$/ }), DEFAULT_STENOBIRD_BASE),
});
export type Settings = z.output<typeof settingsSchema>;

export const settings = {
  get: () => readParsed<Settings>('local:settings', settingsSchema, settingsSchema.parse({})),
};

/**
 * The sites the user chose for "always detect on this site": what the extension shows and
 * removes from. The content scripts registered for them persist on their own, and are dropped
 * with the site (also when its permission is withdrawn in the browser's settings).
 */
export const alwaysDetectSites = {
  all: () => readParsed<string[]>('local:alwaysDetectSites', z.array(siteSchema), []),
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
