import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { ask } from '@/utils/ask';
import type { SitesOutcome } from '@/utils/messages';
import { mayAlwaysDetect, siteOf, sitePattern } from '@/utils/sites';

/**
 * The popup's half of "always detect on this site": ask for that one site's permission, then
 * have the background register detection there. Call it straight from a click handler in an
 * extension page: browsers only show the permission prompt for a user gesture, so nothing may
 * be awaited before `permissions.request`.
 */
export async function enableAlwaysDetect(pageUrl: string): Promise<SitesOutcome> {
  const site = siteOf(pageUrl);
  if (!mayAlwaysDetect(site)) return { ok: false, message: i18n.t('onlyWebPages') };
  let granted: boolean;
  try {
    granted = await browser.permissions.request({ origins: [sitePattern(site)] });
  } catch {
    granted = false;
  }
  if (!granted) return { ok: false, message: i18n.t('siteNotAllowed', [new URL(site).hostname]) };
  return ask({ type: 'always-detect-site', site }).catch(() => ({ ok: false, message: i18n.t('answerUnreadable') }));
}
