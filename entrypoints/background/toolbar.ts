import { browser } from 'wxt/browser';
import { toolbarLook } from '@/utils/toolbar-look';
import { getTabState } from '@/utils/tab-state';

/** Chrome MV3 has `action`; Firefox MV2 (through the polyfill) has `browserAction`. */
const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

const icons = (folder: string) => ({ 16: `/${folder}/16.png`, 32: `/${folder}/32.png` });

export async function applyToolbar(tabId: number): Promise<void> {
  const look = toolbarLook(await getTabState(tabId));
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

/** Session keys are `tab:<id>`; see utils/storage.ts. */
const TAB_KEY = /^tab:(\d+)$/;

/**
 * The toolbar follows the stored state: a tab's report changing repaints that tab; the request
 * history changing (a request sent, a tracking alarm learning the transcript is ready) repaints
 * every tab that shows an episode. So no code path has to remember to update the badge.
 */
export function registerToolbar(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session') {
      for (const key of Object.keys(changes)) {
        const match = TAB_KEY.exec(key);
        if (match) void applyToolbar(Number(match[1]));
      }
    }
    if (area === 'local' && 'requests' in changes) {
      void browser.storage.session.get(null).then((all) => {
        for (const key of Object.keys(all)) {
          const match = TAB_KEY.exec(key);
          if (match) void applyToolbar(Number(match[1]));
        }
      });
    }
  });
}
