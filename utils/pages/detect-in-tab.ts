import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { EPISODE_DETECTOR_JS } from '@/utils/content-script';
import type { DetectOutcome } from '@/utils/messages';
import { isPlainHttp } from '@/utils/sites';
import { getTabState } from '@/utils/tab-state';

/**
 * Whether the tab shows a page sent over plain http, which is never read (`isPlainHttp`). The
 * address is visible when access is (`activeTab`, or a site the user allowed); without access
 * nothing can be read anyway.
 */
export async function showsPlainHttp(tabId: number): Promise<boolean> {
  const url = await browser.tabs.get(tabId).then((tab) => tab?.url, () => undefined);
  return !!url && isPlainHttp(url);
}

/**
 * On-demand detection for a page no content script runs on (a custom-domain Fireside site): the
 * same content-script file is injected into the tab. It reports through the same message as
 * everywhere else, so the report is checked and stored exactly as a static one; the injection
 * resolves only once the background has answered that message.
 *
 * Access comes from `activeTab` (the user opened the popup or the menu on this tab) or from a
 * site the user allowed; without either, the browser refuses and the user is told what to do.
 */
export async function detectInTab(tabId: number): Promise<DetectOutcome> {
  if (await showsPlainHttp(tabId)) return { ok: false, message: i18n.t('httpPageHint') };
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [EPISODE_DETECTOR_JS] });
  } catch {
    return { ok: false, message: i18n.t('cannotReadPage') };
  }
  return { ok: true, state: await getTabState(tabId) };
}
