import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { DEFAULT_STENOBIRD_BASE, normaliseBaseUrl } from './stenobird/urls';

/**
 * The user's settings: one typed storage item with a version. Local, never synced: the API key
 * stays on this machine (and is never logged).
 *
 * - v1 (issue 4, no options page yet): `baseUrl` any http(s) URL as written, `apiKey` as written.
 * - v2 (the options page): `baseUrl` is an https URL without a trailing slash (see
 *   `normaliseBaseUrl`), `apiKey` trimmed, and fields nobody reads are dropped.
 *
 * Every read goes through `repairSettings` as well as the migration: a value written by hand, by
 * an older version after the migration ran, or corrupted, reads as the nearest valid settings,
 * field by field, never as a crash.
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

export const SETTINGS_VERSION = 2;

const apiKeySchema = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
/** Below 0.01 min (0.6 s) a follow-up would hammer the service; a day is the longest sensible first wait. */
const intervalSchema = z.number().check(z.gte(0.01), z.lte(24 * 60));

function field<T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Any stored value (v1, v2, corrupted, missing) → valid settings; each bad field takes its default. */
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

const defineSettingsItem = () =>
  storage.defineItem<Settings>('local:settings', {
    fallback: DEFAULT_SETTINGS,
    version: SETTINGS_VERSION,
    migrations: {
      // v1 → v2: the same repair every read does, written back once.
      2: (old: unknown) => repairSettings(old),
    },
  });
let item: ReturnType<typeof defineSettingsItem> | undefined;

/**
 * The settings item, defined on first use rather than at import: a versioned item starts its
 * migration (two storage reads) the moment it is defined, in every context that imports it, and
 * the popup must not queue those ahead of the one read its first paint needs. Every read of the
 * value still waits for the migration.
 */
export function settingsItem(): ReturnType<typeof defineSettingsItem> {
  return (item ??= defineSettingsItem());
}

/** Serialised read-modify-writes: two quick saves from the options page must not undo each other. */
let queue: Promise<unknown> = Promise.resolve();

export const settings = {
  get: async (): Promise<Settings> => repairSettings(await settingsItem().getValue()),
  /** Changes some fields; `apiKey: undefined` removes the key. Answers the settings as stored. */
  update(patch: Partial<Settings>): Promise<Settings> {
    const run = queue.then(async () => {
      const next = repairSettings({ ...(await settings.get()), ...patch });
      await settingsItem().setValue(next);
      return next;
    });
    queue = run.catch(() => undefined);
    return run;
  },
  watch: (callback: (next: Settings) => void) => settingsItem().watch((value) => callback(repairSettings(value))),
};
