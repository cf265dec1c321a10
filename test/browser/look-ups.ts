import type { ExtensionSession } from './harness';

/**
 * The catalogue look-ups in the browser's storage, in the layout `utils/storage.ts` keeps
 * (`RESOLUTION_LAYOUT`: a key per page, `resolution:<page URL>`, whose value holds the slugs and
 * the catalogue's status with the time it was read), for tests that need a status of a given age.
 * Written out as data, as `history.ts` does: these tests run in Node and drive the built extension.
 */

type Ext = Pick<ExtensionSession, 'background'>;

const RESOLUTION_PREFIX = 'resolution:';

/**
 * Makes the catalogue status stored for `pageUrl` `ageMs` old, as if it had been read that long
 * ago (the 15 minutes it is trusted for cannot be waited out in a test). Throws when no status
 * is stored: the test would otherwise pass for the wrong reason.
 */
export async function ageCatalogueStatus(ext: Ext, pageUrl: string, ageMs: number): Promise<void> {
  const aged = await ext.background(async ({ key, ageMs }) => {
    const value = (await chrome.storage.local.get(key))[key] as { status?: { checkedAt: number } } | undefined;
    if (!value?.status) return false;
    await chrome.storage.local.set({ [key]: { ...value, status: { ...value.status, checkedAt: Date.now() - ageMs } } });
    return true;
  }, { key: RESOLUTION_PREFIX + pageUrl, ageMs });
  if (!aged) throw new Error(`no catalogue status stored for ${pageUrl}`);
}
