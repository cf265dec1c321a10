import { browser } from 'wxt/browser';
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
 * - Only the background writes (`settings.update`), on behalf of the options page, whose
 *   messages it checks come from that page (`router.ts`). It registers itself as the owner at
 *   start-up (`becomeSettingsOwner`), and moves settings written by older versions out of
 *   `storage.local` the first time it reads: then deletes them there.
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

const apiKeySchema = lazySchema(() => z.string().check(z.trim(), z.minLength(1), z.maxLength(500)));
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
  const apiKey = field(apiKeySchema, stored.apiKey);
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
async function transact(mode: IDBTransactionMode, step: (stored: unknown) => unknown): Promise<unknown> {
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

const stored = (settings: Settings) => ({ version: SETTINGS_VERSION, ...settings });

/** The background's first read: what an older version left in `storage.local`, moved here, then deleted there. */
async function migrateFromLocal(): Promise<Settings> {
  const legacy = (await browser.storage.local.get('settings')).settings;
  const record = await transact('readwrite', (current) => (current === undefined ? stored(repairSettings(legacy)) : undefined));
  await browser.storage.local.remove(['settings', 'settings$']);
  return repairSettings(record);
}

/** A page with no record asks the background, which migrates (or has the record) and answers. */
async function askBackground(): Promise<Settings> {
  // Read through the settings' own repair, as a stored record is: the answer is data, like it.
  const answer = await ask({ type: 'get-settings' }).catch(() => undefined);
  return answer === undefined ? DEFAULT_SETTINGS : repairSettings(answer);
}

/** What pages draw from the settings: all of them but the API key, which only requests send. */
export type ShownSettings = Omit<Settings, 'apiKey'> & { hasApiKey: boolean };

function shownOf({ apiKey, ...rest }: Settings): ShownSettings {
  return { ...rest, hasApiKey: !!apiKey };
}

/**
 * The settings without the API key, copied to session storage for the pages that draw from them
 * (the popup, at every open). IndexedDB is opened anew by each page, and that was the popup's
 * slowest read: some 20 ms warm, more on a cold start (`npm run bench`). Session storage is closed
 * to content scripts (`setAccessLevel`'s default, in both browsers), like the tab reports kept
 * there, and the copy holds no key. The owner keeps it current: at each of its reads (once it
 * differs: the browser started since, or the copy was damaged) and at every change. A page that
 * finds no copy reads the database, as before.
 */
const SHOWN_COPY = 'session:settingsShown' as const;

async function keepCopy(current: Settings, stored?: unknown): Promise<void> {
  const copy = shownOf(current);
  if (JSON.stringify(stored) === JSON.stringify(copy)) return;
  // A copy not written is only a slower read for the next page: never the read's failure.
  await storage.setItem(SHOWN_COPY, copy).catch(() => undefined);
}

let owner = false;
type Listener = (before: Settings, after: Settings) => void;
const listeners = new Set<Listener>();

/**
 * Called by the background at start-up, in its first turn: it is the one context that writes the
 * settings, and the one that moves an older version's out of `storage.local` (on its first read,
 * which it makes once installed or updated).
 */
export function becomeSettingsOwner(): void {
  owner = true;
  // Moved on the first start after an install or an update (the one that brings this layout),
  // before any page has run: from then on the database holds the settings, and a value a
  // content script writes to storage.local is never taken for them. Not at every start: opening
  // the database costs each start, most of which never read the settings.
  browser.runtime.onInstalled.addListener(() => {
    void settings.get().catch((error: unknown) => console.error('Stenobird Companion: the settings could not be read', error));
  });
}

/** Serialised in this context too: two saves in a row are applied in order. */
let queue: Promise<unknown> = Promise.resolve();

export const settings = {
  async get(): Promise<Settings> {
    if (!owner) {
      const record = await transact('readonly', () => undefined);
      return record !== undefined ? repairSettings(record) : askBackground();
    }
    const [record, copy] = await Promise.all([transact('readonly', () => undefined), storage.getItem(SHOWN_COPY).catch(() => null)]);
    const current = record !== undefined ? repairSettings(record) : await migrateFromLocal();
    void keepCopy(current, copy);
    return current;
  },

  /** The settings as pages draw them (no API key): from the session copy, else the database. */
  async shown(): Promise<ShownSettings> {
    const copy = await storage.getItem(SHOWN_COPY).catch(() => null);
    if (copy === null) return shownOf(await settings.get());
    // Read through the settings' own repair, as a stored record is.
    const hasApiKey = field(z.boolean(), (copy as { hasApiKey?: unknown }).hasApiKey) ?? false;
    return { ...shownOf(repairSettings(copy)), hasApiKey };
  },

  /**
   * Changes some fields and answers the settings as stored; `apiKey: undefined` removes the key.
   * The background's alone (pages ask it, see `router.ts`).
   */
  update(patch: Partial<Settings>): Promise<Settings> {
    const run = queue.then(async () => {
      const before = await settings.get();
      let after = before;
      await transact('readwrite', (current) => {
        after = repairSettings({ ...repairSettings(current ?? before), ...patch });
        return stored(after);
      });
      // Before the save is answered: a popup opened after it shows the new settings.
      await keepCopy(after);
      for (const listener of listeners) listener(before, after);
      return after;
    });
    queue = run.catch(() => undefined);
    return run;
  },

  /** Calls `listener` after each change made in this context (the background's: it makes them all); once however often added. */
  onChange(listener: Listener): void {
    listeners.add(listener);
  },
};
