import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { EPISODE_DETECTOR_JS } from '@/utils/content-script';
import type { SitesOutcome } from '@/utils/messages';
import { mayAlwaysDetect, sitePattern } from '@/utils/sites';
import { alwaysDetectSites } from '@/utils/storage';

/**
 * "Always detect on this site": the content script registered for one site the user allowed.
 * The permission itself is asked for by the popup (`utils/always-detect.ts`): browsers show the
 * prompt only for a click in an extension page. Registrations persist across restarts; the list
 * in storage is what the extension shows and removes from.
 */

const scriptId = (site: string) => `always-detect ${site}`;

export async function alwaysDetectSite(site: string): Promise<SitesOutcome> {
  if (!mayAlwaysDetect(site)) return { ok: false, message: i18n.t('onlyWebPages') };
  const pattern = sitePattern(site);
  if (!(await browser.permissions.contains({ origins: [pattern] }))) {
    return { ok: false, message: i18n.t('siteNotAllowed', [new URL(site).hostname]) };
  }
  const id = scriptId(site);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (registered.length === 0) {
    await browser.scripting.registerContentScripts([
      { id, matches: [pattern], js: [EPISODE_DETECTOR_JS], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
  return { ok: true, sites: await alwaysDetectSites.add(site) };
}

/** Stops detecting on a site and gives its permission back. */
export async function forgetAlwaysDetectSite(site: string): Promise<SitesOutcome> {
  await unregister(site);
  // A site the extension may always read (stenobird.com) keeps its permission: browsers refuse
  // to remove required permissions, and there is nothing to give back.
  await browser.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
  return { ok: true, sites: await alwaysDetectSites.remove(site) };
}

export async function listAlwaysDetectSites(): Promise<SitesOutcome> {
  return { ok: true, sites: await alwaysDetectSites.all() };
}

async function unregister(site: string): Promise<void> {
  const id = scriptId(site);
  if ((await browser.scripting.getRegisteredContentScripts({ ids: [id] })).length > 0) {
    await browser.scripting.unregisterContentScripts({ ids: [id] });
  }
}

/**
 * Sites chosen over plain http before the extension stopped reading http pages: their
 * permission is no longer one the extension asks for, so detection there is stopped and the
 * site leaves the list (rather than stay listed while nothing happens there).
 */
export async function forgetPlainHttpSites(): Promise<void> {
  for (const site of await alwaysDetectSites.all()) {
    if (!mayAlwaysDetect(site)) await forgetAlwaysDetectSite(site);
  }
}

/**
 * A site's permission can also be withdrawn in the browser's own settings: detection there stops
 * with it, so the list never shows a site the extension can no longer read.
 */
export function registerSitePermissionCleanup(): void {
  browser.runtime.onInstalled.addListener(() => void forgetPlainHttpSites());
  browser.permissions.onRemoved.addListener(({ origins }) => {
    void (async () => {
      const removed = new Set(origins ?? []);
      for (const site of await alwaysDetectSites.all()) {
        if (!removed.has(sitePattern(site))) continue;
        await unregister(site);
        await alwaysDetectSites.remove(site);
      }
    })();
  });
}
