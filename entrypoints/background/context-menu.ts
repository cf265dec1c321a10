import { i18n } from '#i18n';
import { browser, type Browser } from 'wxt/browser';
import { sitePattern } from '@/utils/sites';
import { DEFAULT_STENOBIRD_BASE, episodePagePattern } from '@/utils/stenobird/urls';
import { alwaysDetectSites, settings } from '@/utils/storage';
import { requestForLink, requestForTab } from './request-without-popup';
import { linkSiteNeedsPermission } from './resolve-link';

/**
 * "Request transcript with Stenobird" in the right-click menu, on an episode page and on a link
 * to one. Two items with one title, because a menu item has one `documentUrlPatterns` for all
 * its contexts: the page item is limited to pages that can be episodes, while the link item
 * must appear on any page (a forum post linking an episode). Browsers never show both at once
 * (`page` applies only where no other context does).
 */

/** The page item: Fireside show sites, Stenobird episode pages, and the sites the user chose. */
export const MENU_PAGE = 'request-transcript';
/** The link item: links to those same places. */
export const MENU_LINK = 'request-transcript-link';

type Menus = typeof browser.contextMenus;
type ClickData = Browser.contextMenus.OnClickData;
type Tab = Browser.tabs.Tab;

/** Firefox names the API `menus` (its `contextMenus` is an alias); Chrome has only `contextMenus`. */
function menusApi(): Menus {
  return (browser as unknown as { menus?: Menus }).menus ?? browser.contextMenus;
}

/** Where an episode can be: the same list filters pages (page item) and link targets (link item). */
export async function episodePatterns(): Promise<string[]> {
  const { baseUrl } = await settings.get();
  const sites = (await alwaysDetectSites.all()).map(sitePattern);
  return [...new Set(['*://*.fireside.fm/*', episodePagePattern(DEFAULT_STENOBIRD_BASE), episodePagePattern(baseUrl), ...sites])];
}

let building: Promise<void> = Promise.resolve();

/**
 * Removes and recreates the items (on install and update, at browser start, and when the base URL
 * or the "always detect" sites change), one rebuild at a time.
 */
export function buildMenus(): Promise<void> {
  building = building.then(async () => {
    const menus = menusApi();
    await menus.removeAll();
    const patterns = await episodePatterns();
    const title = i18n.t('menuRequestTranscript');
    menus.create({ id: MENU_PAGE, title, contexts: ['page'], documentUrlPatterns: patterns });
    menus.create({ id: MENU_LINK, title, contexts: ['link'], targetUrlPatterns: patterns });
  }).catch((error: unknown) => console.error('Stenobird Companion: the right-click menu could not be built', error));
  return building;
}

function report(error: unknown): void {
  console.error('Stenobird Companion: the right-click request failed', error);
}

/**
 * The click. Synchronous up to the permission request: a menu click is a user gesture only until
 * the listener first yields, and a link to a custom domain needs that site's permission.
 */
export function onMenuClick(info: ClickData, tab?: Tab): void {
  if (info.menuItemId !== MENU_PAGE && info.menuItemId !== MENU_LINK) return;
  const tabId = tab?.id !== undefined && tab.id >= 0 ? tab.id : undefined;
  if (info.linkUrl) {
    void requestForLink(info.linkUrl, tabId, askForLinkSite(info.linkUrl)).catch(report);
    return;
  }
  if (tabId !== undefined) void requestForTab(tabId).catch(report);
}

/** Asks for a custom domain's permission (no prompt when already granted); `false` where the browser refuses to ask. */
function askForLinkSite(linkUrl: string): Promise<boolean> | undefined {
  if (!URL.canParse(linkUrl)) return undefined;
  const pattern = linkSiteNeedsPermission(new URL(linkUrl));
  if (!pattern) return undefined;
  try {
    return browser.permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

export function registerContextMenu(): void {
  const menus = menusApi();
  menus.onClicked.addListener(onMenuClick);
  browser.runtime.onInstalled.addListener(() => void buildMenus());
  // Chrome keeps menu items across restarts; Firefox's background page builds them again.
  browser.runtime.onStartup.addListener(() => void buildMenus());
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const base = (value: unknown) => (value as { baseUrl?: unknown } | undefined)?.baseUrl;
    const baseChanged = 'settings' in changes && base(changes.settings?.oldValue) !== base(changes.settings?.newValue);
    if (baseChanged || 'alwaysDetectSites' in changes) void buildMenus();
  });
}
