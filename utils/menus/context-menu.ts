import { i18n } from '#i18n';
import { browser, type Browser } from 'wxt/browser';
import { sitePattern } from '@/utils/sites';
import { AUDIO_PATTERNS, FIRESIDE_SHOW_SITES_ANY_SCHEME, MENU_IDS, STENOBIRD_EPISODE_PAGES } from '@/utils/patterns';
import { episodePagePattern } from '@/utils/stenobird/urls';
import { alwaysDetectSites, settings, type Settings } from '@/utils/storage';
import { requestForLink, requestForTab, transcribeForLink } from '@/utils/menus/request-without-popup';
import { transcribeAndShow } from '@/utils/requests/transcribe-audio';
import { linkSiteNeedsPermission } from '@/utils/links/resolve-link';
import { settingsWriter } from '@/utils/settings/owner';

/**
 * "Request transcript with Stenobird" in the right-click menu, on an episode page and on a link
 * to one. Two items with one title, because a menu item has one `documentUrlPatterns` for all
 * its contexts: the page item is limited to pages that can be episodes, while the link item
 * must appear on any page (a forum post linking an episode). Browsers never show both at once
 * (`page` applies only where no other context does).
 */

/** The page item: Fireside show sites, Stenobird episode pages, and the sites the user chose. */
export const MENU_PAGE = MENU_IDS.page;
/** The link item: links to those same places. */
export const MENU_LINK = MENU_IDS.link;
/** Transcribing through the API (issue 7): an audio element or a link to an audio file… */
export const MENU_TRANSCRIBE_AUDIO = MENU_IDS.transcribeAudio;
/** …or a link to an episode page, whose audio is found by reading the episode. */
export const MENU_TRANSCRIBE_LINK = MENU_IDS.transcribeLink;

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
  return [...new Set([FIRESIDE_SHOW_SITES_ANY_SCHEME, STENOBIRD_EPISODE_PAGES, episodePagePattern(baseUrl), ...sites])];
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
    menus.create({ id: MENU_TRANSCRIBE_AUDIO, title: i18n.t('menuTranscribeAudio'), contexts: ['audio', 'link'], targetUrlPatterns: AUDIO_PATTERNS });
    menus.create({ id: MENU_TRANSCRIBE_LINK, title: i18n.t('menuTranscribeEpisodeLink'), contexts: ['link'], targetUrlPatterns: patterns });
  }).catch((error: unknown) => console.error('Stenobird Companion: the right-click menu could not be built', error));
  return building;
}

function report(error: unknown): void {
  console.error('Stenobird Companion: the right-click request failed', error);
}

/**
 * The click. Synchronous up to the permission request: a menu click is a user gesture only until
 * the listener first yields, and a link to a custom domain needs that site's permission.
 * Answers the work it started (browsers ignore a listener's answer), so a caller can wait for
 * the click's whole outcome; `undefined` when the click is not for this extension.
 */
export function onMenuClick(info: ClickData, tab?: Tab): Promise<unknown> | undefined {
  const tabId = tab?.id !== undefined && tab.id >= 0 ? tab.id : undefined;
  if (info.menuItemId === MENU_TRANSCRIBE_AUDIO) {
    const audioUrl = info.srcUrl ?? info.linkUrl;
    // Straight from the click: Chrome opens the side panel only inside the user gesture.
    return audioUrl ? transcribeAndShow({ audioUrl, pageUrl: tab?.url, title: audioTitle(info, audioUrl) }, tabId).catch(report) : undefined;
  }
  if (info.menuItemId === MENU_TRANSCRIBE_LINK) {
    return info.linkUrl ? transcribeForLink(info.linkUrl, tabId, askForLinkSite(info.linkUrl)).catch(report) : undefined;
  }
  if (info.menuItemId !== MENU_PAGE && info.menuItemId !== MENU_LINK) return undefined;
  if (info.linkUrl) return requestForLink(info.linkUrl, tabId, askForLinkSite(info.linkUrl)).catch(report);
  return tabId !== undefined ? requestForTab(tabId).catch(report) : undefined;
}

/** A name for a job started from a bare audio link: the link's text (Firefox gives it), else the file name. */
function audioTitle(info: ClickData, audioUrl: string): string | undefined {
  const text = (info as ClickData & { linkText?: string }).linkText?.trim();
  if (text) return text.slice(0, 300);
  const file = URL.canParse(audioUrl) ? new URL(audioUrl).pathname.split('/').pop() : undefined;
  if (!file) return undefined;
  try {
    return decodeURIComponent(file).slice(0, 300);
  } catch {
    return file.slice(0, 300); // A malformed %-escape in a page's link: keep it as written.
  }
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

function rebuildOnNewBase(before: Settings, after: Settings): void {
  if (before.baseUrl !== after.baseUrl) void buildMenus();
}

export function registerContextMenu(): void {
  const menus = menusApi();
  menus.onClicked.addListener(onMenuClick);
  browser.runtime.onInstalled.addListener(() => void buildMenus());
  // Chrome keeps menu items across restarts; Firefox's background page builds them again.
  browser.runtime.onStartup.addListener(() => void buildMenus());
  alwaysDetectSites.watch(() => void buildMenus());
  // The background makes every settings change itself (utils/settings/owner.ts).
  settingsWriter.onChange(rebuildOnNewBase);
}
