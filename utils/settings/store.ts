import { ask } from '../ask';
import * as storage from '../storage-areas';
import * as z from 'zod/mini';
import { lazySchema } from '../schema-helpers';
import { DEFAULT_STENOBIRD_BASE, normaliseBaseUrl } from '../stenobird/urls';

/**
 * The user's settings, and the one module that reads and writes them.
 *
 * Where they live: the extension origin's IndexedDB, not `storage.local`. Content scripts can
 * read and write `storage.local` (and `storage.sync`) in both browsers, so code running in a
 * content script's world (a compromised renderer) could read the API key there and point the
 * extension at another base URL (issue 13, finding 7). `storage.session` can be closed to them
 * (`setAccessLevel`, its default) but does not outlive the browser session, and no persistent
 * area has an access level. IndexedDB belongs to the origin of the context using it: the service
 * worker, background page and extension pages share `chrome-extension://<id>` /
 * `moz-extension://<uuid>`, while a content script only ever opens its page's own databases.
 * Local to this machine, never synced: the API key stays here (and is never logged).
 *
 * Who may do what:
 * - Every extension context reads (`settings.get`). A page that finds no record (the
 *   background has not run yet, or a Firefox private window, whose extension pages have storage
 *   of their own) asks the background (`get-settings`).
 * - Only the background writes (`settingsWriter.update`, `utils/settings/owner.ts`), on behalf
 *   of the options page, whose messages it checks come from that page (`router.ts`). It
 *   registers itself as the owner at start-up (`becomeSettingsOwner`), and moves settings
 *   written by older versions out of `storage.local` the first time it reads: then deletes them
 *   there.
 *
 * Versions: v1 (issue 4) `baseUrl` any http(s) URL, `apiKey` as written; v2 (the options page)
 * `baseUrl` https without a trailing slash (`normaliseBaseUrl`), `apiKey` trimmed, unknown
 * fields dropped, both in `storage.local` under `settings` (`settings$` held the version); v3
 * (this) the same fields in IndexedDB. Every read goes through `repairSettings`: a damaged value
 * reads as the nearest valid settings, field by field, never as a crash.
 */

export const DEFAULT_CHECK_INTERVAL_MINUTES = 5;

export interface Settings {
  baseUrl: string;
  apiKey?: string;
  /** Tell the user, with a browser notification, how a request went and when it ends. */
  notifications: boolean;
  /** The first wait before a request is checked or sent again; it doubles each time, up to 6 hours. */
  checkIntervalMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = {
  baseUrl: DEFAULT_STENOBIRD_BASE,
  notifications: true,
  checkIntervalMinutes: DEFAULT_CHECK_INTERVAL_MINUTES,
};

export const SETTINGS_VERSION = 3;

const apiKeySchema = lazySchema(() => z.string().check(z.minLength(1), z.maxLength(500)));
/** Below 0.01 min (0.6 s) a follow-up would hammer the service; a day is the longest sensible first wait. */
const intervalSchema = lazySchema(() => z.number().check(z.gte(0.01), z.lte(24 * 60)));

function field<T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Any stored value (v1, v2, v3, corrupted, missing) → valid settings; each bad field takes its default. */
export function repairSettings(raw: unknown): Settings {
  const stored = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const base = typeof stored.baseUrl === 'string' ? normaliseBaseUrl(stored.baseUrl) : undefined;
  // Trimmed before the check, here rather than by zod's `z.trim()`, whose type the popup's size budget has no room for.
  const apiKey = field(apiKeySchema, typeof stored.apiKey === 'string' ? stored.apiKey.trim() : stored.apiKey);
  return {
    baseUrl: base?.ok ? base.value : DEFAULT_SETTINGS.baseUrl,
    ...(apiKey ? { apiKey } : {}),
    notifications: field(z.boolean(), stored.notifications) ?? DEFAULT_SETTINGS.notifications,
    checkIntervalMinutes: field(intervalSchema, stored.checkIntervalMinutes) ?? DEFAULT_SETTINGS.checkIntervalMinutes,
  };
}

// ---- The store: one record in the extension origin's IndexedDB ----

export const SETTINGS_DB = 'stenobird-companion';
const STORE = 'settings';
const RECORD = 'settings';

let opened: { factory: IDBFactory; db: Promise<IDBDatabase> } | undefined;

/** The database, opened once per context (and again after it was closed or deleted). */
function database(): Promise<IDBDatabase> {
  const factory = globalThis.indexedDB;
  if (opened?.factory === factory) return opened.db;
  const db = new Promise<IDBDatabase>((resolve, reject) => {
    const request = factory.open(SETTINGS_DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => {
      const connection = request.result;
      // Another context deletes or upgrades the database (a test's reset, a later version):
      // let it, and open again on the next read.
      connection.onversionchange = () => {
        connection.close();
        if (opened?.db === db) opened = undefined;
      };
      connection.onclose = () => {
        if (opened?.db === db) opened = undefined;
      };
      resolve(connection);
    };
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('The settings database is blocked by another context.'));
  });
  opened = { factory, db };
  db.catch(() => {
    if (opened?.db === db) opened = undefined;
  });
  return db;
}

/**
 * One transaction on the record: `step` gets what is stored (or `undefined`) and answers what to
 * store (or `undefined` to store nothing). Read and write happen in the same transaction, so two
 * contexts' changes never interleave.
 */
export async function transact(mode: IDBTransactionMode, step: (stored: unknown) => unknown): Promise<unknown> {
  const db = await database();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const store = tx.objectStore(STORE);
    let result: unknown;
    const read = store.get(RECORD);
    read.onsuccess = () => {
      const next = step(read.result);
      result = next ?? read.result;
      if (next !== undefined) store.put(next, RECORD);
    };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('The settings transaction was aborted.'));
  });
}

/** A record as the database keeps it. */
export const storedRecord = (settings: Settings) => ({ version: SETTINGS_VERSION, ...settings });

/** A page with no record asks the background, which migrates (or has the record) and answers. */
async function askBackground(): Promise<Settings> {
  // Read through the settings' own repair, as a stored record is: the answer is data, like it.
  const answer = await ask({ type: 'get-settings' }).catch(() => undefined);
  return answer === undefined ? DEFAULT_SETTINGS : repairSettings(answer);
}

/** What pages draw from the settings: all of them but the API key, which only requests send. */
export type ShownSettings = Omit<Settings, 'apiKey'> & { hasApiKey: boolean };

export function shownOf({ apiKey, ...rest }: Settings): ShownSettings {
  return { ...rest, hasApiKey: !!apiKey };
}

/**
 * The settings without the API key, copied to session storage for the pages that draw from them
 * (the popup, at every open). IndexedDB is opened anew by each page, and that was the popup's
 * slowest read: some 20 ms warm, more on a cold start (`npm run bench`). Session storage is closed
 * to content scripts (`setAccessLevel`'s default, in both browsers), like the tab reports kept
 * there, and the copy holds no key. The owner keeps it current (`utils/settings/owner.ts`). A
 * page that finds no copy reads the database, as before.
 */
export const SHOWN_COPY = 'session:settingsShown' as const;

/**
 * How the settings' owner reads them, once it has claimed them (`utils/settings/owner.ts`): it
 * moves an older version's and keeps the pages' copy. Every other context reads the database.
 */
let ownerRead: (() => Promise<Settings>) | undefined;

export function claimReads(read: () => Promise<Settings>): void {
  ownerRead = read;
}

/** The settings' read half, for every context; the background's write half is `utils/settings/owner.ts`. */
export const settings = {
  async get(): Promise<Settings> {
    if (ownerRead) return ownerRead();
    const record = await transact('readonly', () => undefined);
    return record !== undefined ? repairSettings(record) : askBackground();
  },

  /** The settings as pages draw them (no API key): from the session copy, else the database. */
  async shown(): Promise<ShownSettings> {
    const copy = await storage.getItem(SHOWN_COPY).catch(() => null);
    if (copy === null) return shownOf(await settings.get());
    // Read through the settings' own repair, as a stored record is.
    const hasApiKey = field(z.boolean(), (copy as { hasApiKey?: unknown }).hasApiKey) ?? false;
    return { ...shownOf(repairSettings(copy)), hasApiKey };
  },
};
