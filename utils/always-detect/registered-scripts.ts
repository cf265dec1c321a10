import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { EPISODE_DETECTOR_JS } from '@/utils/content-script';
import type { SitesOutcome } from '@/utils/messages';
import { mayAlwaysDetect, sitePattern } from '@/utils/sites';
import { alwaysDetectSites, serialised } from '@/utils/storage';

/**
 * "Always detect on this site": the content script registered for one site the user allowed.
 * The permission itself is asked for by the popup (`utils/always-detect/ask-permission.ts`): browsers show the
 * prompt only for a click in an extension page. Registrations persist across restarts; the list
 * in storage is what the extension shows and removes from.
 */

const SCRIPT_PREFIX = 'always-detect ';
const scriptId = (site: string) => `${SCRIPT_PREFIX}${site}`;

/** One change to the sites and their scripts at a time: a start-up's reconciling and a click must not interleave. */
const queue = serialised();

async function register(site: string): Promise<void> {
  const id = scriptId(site);
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [id] });
  if (registered.length === 0) {
    await browser.scripting.registerContentScripts([
      { id, matches: [sitePattern(site)], js: [EPISODE_DETECTOR_JS], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
  }
}

export function alwaysDetectSite(site: string): Promise<SitesOutcome> {
  return queue(async () => {
    if (!mayAlwaysDetect(site)) return { ok: false, message: i18n.t('onlyWebPages') };
    if (!(await browser.permissions.contains({ origins: [sitePattern(site)] }))) {
      return { ok: false, message: i18n.t('siteNotAllowed', [new URL(site).hostname]) };
    }
    await register(site);
    return { ok: true, sites: await alwaysDetectSites.add(site) };
  });
}

/** Stops detecting on a site and gives its permission back. */
export function forgetAlwaysDetectSite(site: string): Promise<SitesOutcome> {
  return queue(async () => {
    await unregister(site);
    // A site the extension may always read (stenobird.com) keeps its permission: browsers refuse
    // to remove required permissions, and there is nothing to give back.
    await browser.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
    return { ok: true, sites: await alwaysDetectSites.remove(site) };
  });
}

async function unregister(site: string): Promise<void> {
  const id = scriptId(site);
  if ((await browser.scripting.getRegisteredContentScripts({ ids: [id] })).length > 0) {
    await browser.scripting.unregisterContentScripts({ ids: [id] });
  }
}

/**
 * Keeps the list in storage and the registered scripts in step, whichever of the two was left
 * behind (a crash between the two writes, an older version, a damaged list): a script runs only
 * for a site the list shows, and every site the list shows has its script, or leaves the list
 * when its permission is gone. Entries that are not sites are dropped from the stored list.
 * Sites chosen over plain http before the extension stopped reading http pages leave the list
 * too, and their permission is given back (rather than stay listed while nothing happens there).
 * Answers the sites detected on now.
 */
export function reconcileAlwaysDetect(): Promise<string[]> {
  return queue(async () => {
    const listed = await alwaysDetectSites.all();
    const scripts = await browser.scripting.getRegisteredContentScripts();
    const registered = new Set(scripts.map((s) => s.id).filter((id) => id.startsWith(SCRIPT_PREFIX)));
    const keep: string[] = [];
    for (const site of listed) {
      if (mayAlwaysDetect(site) && (await browser.permissions.contains({ origins: [sitePattern(site)] }))) {
        keep.push(site);
        if (!registered.has(scriptId(site))) await register(site);
      }
      registered.delete(scriptId(site));
    }
    const strays = [...registered];
    if (strays.length) await browser.scripting.unregisterContentScripts({ ids: strays });
    for (const site of listed) {
      if (keep.includes(site)) continue;
      await unregister(site);
      if (!mayAlwaysDetect(site)) await browser.permissions.remove({ origins: [sitePattern(site)] }).catch(() => false);
    }
    await alwaysDetectSites.set(keep);
    return keep;
  });
}

function report(error: unknown): void {
  console.error('Stenobird Companion: the "always detect" sites could not be brought in step', error);
}

/**
 * A site's permission can also be withdrawn in the browser's own settings: detection there stops
 * with it, so the list never shows a site the extension can no longer read. Every start of the
 * background brings the list and the scripts in step (an update starts it too: its new rules,
 * such as https only, may drop a site the older version kept).
 */
export function registerSitePermissionCleanup(): void {
  browser.permissions.onRemoved.addListener(({ origins }) => {
    void queue(async () => {
      const removed = new Set(origins ?? []);
      for (const site of await alwaysDetectSites.all()) {
        if (!removed.has(sitePattern(site))) continue;
        await unregister(site);
        await alwaysDetectSites.remove(site);
      }
    }).catch(report);
  });
  void reconcileAlwaysDetect().catch(report);
}
