import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { linkRequests, requestHistory } from '@/utils/storage';
import { getTabState, tabsShowing } from '@/utils/tab-state';
import { linkToolbarLook, toolbarLook, type ToolbarLook } from '@/utils/toolbar-look';

/**
 * Chrome MV3 has `action`; Firefox MV2 (through the polyfill) has `browserAction`. Looked up at
 * each use, so the unit tests can run this with either browser's API surface.
 */
function toolbarApi(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

/** A link right-clicked on this tab is shown until the tab navigates; otherwise the tab's own state. */
async function lookOf(tabId: number): Promise<ToolbarLook> {
  const link = await linkRequests.get(tabId);
  const record = link?.status === 'requested' ? await requestHistory.get(link.key) : undefined;
  return (link && linkToolbarLook(link, record, Date.now())) ?? toolbarLook(await getTabState(tabId));
}

const icons = (folder: string) => ({ 16: `/${folder}/16.png`, 32: `/${folder}/32.png` });

export async function applyToolbar(tabId: number): Promise<void> {
  const look = await lookOf(tabId);
  const action = toolbarApi();
  try {
    await Promise.all([
      action.setIcon({ tabId, path: icons(look.active ? 'icon' : 'icon-inactive') }),
      action.setBadgeText({ tabId, text: look.badgeText }),
      action.setBadgeBackgroundColor({ tabId, color: look.badgeColor }),
      action.setTitle({ tabId, title: look.title }),
    ]);
  } catch {
    // The tab closed while we were working: nothing left to paint.
  }
}

/** Session keys `tab:<id>` (a tab's report) and `link:<id>` (a link right-clicked there); see utils/storage.ts. */
const TAB_KEY = /^(?:tab|link):(\d+)$/;

/**
 * The toolbar follows the stored state: a tab's report changing repaints that tab; a request
 * record changing (a request sent, a tracking alarm learning the transcript is ready) repaints
 * the tabs whose look involves that record, and only those. So no code path has to remember to
 * update the badge, and a write costs the same with 1 tab open or 10.
 */
/** The tabs named by session keys, each once. */
function tabsIn(keys: string[]): Set<number> {
  const tabs = new Set<number>();
  for (const key of keys) {
    const match = TAB_KEY.exec(key);
    if (match) tabs.add(Number(match[1]));
  }
  return tabs;
}

async function repaintTabsShowing(keys: Set<string>): Promise<void> {
  for (const tabId of await tabsShowing(keys).catch(() => [])) void applyToolbar(tabId);
}

export function registerToolbar(): void {
  // Firefox resets a tab's own title when the tab navigates (Chrome keeps it), and a page no
  // content script reports on is not painted again: so the idle look is also the default one.
  void Promise.resolve()
    .then(() => toolbarApi().setTitle({ title: i18n.t('toolbarIdle') }))
    .catch(() => undefined);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session') for (const tabId of tabsIn(Object.keys(changes))) void applyToolbar(tabId);
  });
  requestHistory.watchKeys((keys) => void repaintTabsShowing(keys));
}
