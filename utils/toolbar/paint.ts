import { browser } from 'wxt/browser';
import { linkRequests, linkRequestSchema, requestHistory, tabReports, tabsIn } from '@/utils/storage';
import { tabStateOf, tabsShowing } from '@/utils/tab-state';
import { linkToolbarLook, toolbarLook, type ToolbarLook } from '@/utils/toolbar/look';

/**
 * Chrome MV3 has `action`; Firefox MV2 (through the polyfill) has `browserAction`. Looked up at
 * each use, so the unit tests can run this with either browser's API surface.
 */
function toolbarApi(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

/**
 * A link right-clicked on this tab is shown until the tab navigates; otherwise the tab's own
 * state, as stored: a tab is painted only while it shows the page it was painted for (see
 * `applyToolbar`), or for the report its page has just made.
 */
async function lookOf(tabId: number): Promise<ToolbarLook> {
  const link = await linkRequests.get(tabId);
  const record = link?.status === 'requested' ? await requestHistory.get(link.key) : undefined;
  return (link && linkToolbarLook(link, record, Date.now())) ?? toolbarLook(await tabStateOf(await tabReports.get(tabId)));
}

/**
 * Whether the tab still shows the document the toolbar last painted for it. Both browsers reset
 * a tab's own look when it loads another document (and keep it through `#t=` or `pushState`);
 * every look but the idle one has a tooltip of its own. So a tab whose tooltip is the button's
 * default has left the page its stored state was about (or shows nothing to keep), with no tab
 * listener to say so (utils/tab-report.ts).
 */
export async function showsOwnLook(tabId: number): Promise<boolean> {
  const action = toolbarApi();
  try {
    const [own, shared] = await Promise.all([action.getTitle({ tabId }), action.getTitle({})]);
    return own !== shared;
  } catch {
    return false; // the tab has closed
  }
}

const icons = (folder: string) => ({ 16: `/${folder}/16.png`, 32: `/${folder}/32.png` });

/**
 * Paints the tab's button from its stored state. `'same-page'`: only if the tab still shows the
 * page painted before (a request moving on must not mark the page a tab has gone on to);
 * `'always'`: for what the tab's current page has just made (its report, a link clicked there).
 */
export async function applyToolbar(tabId: number, when: 'always' | 'same-page' = 'always'): Promise<void> {
  if (when === 'same-page' && !(await showsOwnLook(tabId))) return;
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

/**
 * A session key written for the page a tab shows now: its report, or a link clicked there just
 * now (`working`). A link's request moving on later, or a key removed (a closed tab's, or a link
 * that left with its page), paints only a tab still showing its page.
 */
function paintNow(change: { newValue?: unknown }, key: string): 'always' | 'same-page' | undefined {
  if (change.newValue === undefined) return undefined;
  if (key.startsWith('tab:')) return 'always';
  return linkRequestSchema.safeParse(change.newValue).data?.status === 'working' ? 'always' : 'same-page';
}

/**
 * The toolbar follows the stored state: a tab's report changing repaints that tab; a request
 * record changing (a request sent, a tracking alarm learning the transcript is ready) repaints
 * the tabs whose look involves that record, and only those, if they still show its page. So no
 * code path has to remember to update the badge, and a write costs the same with 1 tab open or 10.
 */
export function registerToolbar(): void {
  // Firefox resets a tab's own title when the tab navigates (Chrome keeps it), and a page no
  // content script reports on is not painted again: so the idle look is also the default one,
  // the manifest's (`wxt.config.ts`), not set here at every start.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session') {
      for (const [key, change] of Object.entries(changes)) {
        const when = paintNow(change, key);
        for (const tabId of tabsIn([key])) if (when) void applyToolbar(tabId, when);
      }
    }
  });
  requestHistory.watchKeys((keys) => void repaintTabsShowing(keys));
}

/** Only the tabs whose look involves a changed record, and only while they still show its page. */
async function repaintTabsShowing(keys: Set<string>): Promise<void> {
  for (const tabId of await tabsShowing(keys).catch(() => [])) void applyToolbar(tabId, 'same-page');
}
