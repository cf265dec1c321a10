import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * The parts of the extension APIs WXT's fakeBrowser leaves unimplemented, and the one place the
 * unit tests take each browser's shape:
 *
 * - Chrome MV3: `action`, `contextMenus`, `offscreen`.
 * - Firefox MV2 (`test/unit/vitest.firefox.config.ts`, where WXT sets `import.meta.env.BROWSER`
 *   to 'firefox'): `browserAction` and no `action`, `menus` (with `contextMenus` as its alias), and no
 *   `offscreen`, as webextension-polyfill presents Firefox to the code.
 *
 * Toolbar: as in the browsers, the button's tooltip starts as the manifest's `default_title`
 * (its `__MSG_…__` resolved), and a tab with no tooltip of its own shows that one.
 *
 * Menus: `create`, `removeAll` and `onClicked.addListener` are `vi.fn`s; the kept listener is
 * called by `click`. Commands: `onCommand.addListener` keeps the listener for `press`.
 */

type ClickListener = (info: Record<string, unknown>, tab?: { id?: number }) => unknown;
type CommandListener = (command: string, tab?: { id?: number }) => unknown;
export type MenuItem = { id: string; title?: string; contexts?: string[]; documentUrlPatterns?: string[]; targetUrlPatterns?: string[] };

export interface BrowserSurface {
  /** The menu items as created now, by id. */
  menuItems: Map<string, MenuItem>;
  menus: { create: ReturnType<typeof vi.fn>; removeAll: ReturnType<typeof vi.fn>; addListener: ReturnType<typeof vi.fn> };
  /**
   * A right-click on an item: the listener the extension registered, called as the browser would.
   * Resolves when the work the listener answered (if any) has ended, so a test can wait for the
   * outcome, or for the end of nothing where the click is not the extension's.
   */
  click(info: Record<string, unknown>, tab?: { id?: number; url?: string }): Promise<unknown>;
  /** A keyboard shortcut pressed in a tab; resolves like `click`. */
  press(command: string, tab?: { id?: number }): Promise<unknown>;
  /** The toolbar icon path set per tab. */
  icons: Map<number, unknown>;
  /** The toolbar API the code must use in this browser. */
  toolbar: { getBadgeText(details: { tabId: number }): Promise<string>; getTitle(details: { tabId: number }): Promise<string> };
}

// Vitest hands `import.meta.env` values over as strings: compare the browser's name.
const isMv2 = () => import.meta.env.BROWSER === 'firefox';
const api = fakeBrowser as unknown as Record<string, unknown>;
// fakeBrowser's own toolbar state (badge, title), kept before the MV2 shape removes `action`.
const toolbarImpl = (api.action ?? api.browserAction) as Record<string, unknown>;
const fakeGetTitle = toolbarImpl.getTitle as (details: { tabId?: number }) => Promise<string>;

/**
 * The manifest's default tooltip (`default_title: '__MSG_toolbarIdle__'` in wxt.config.ts, which
 * manifest.test.ts checks), as the browser shows it: its message resolved. Not read from
 * wxt.config.ts itself: loading the build config here would replace the fake extension APIs.
 * Resolved at each call: `setup.ts` serves the real messages.
 */
const manifestDefaultTitle = () => fakeBrowser.i18n.getMessage('toolbarIdle');

export function installBrowserSurface(): BrowserSurface {
  const clickListeners: ClickListener[] = [];
  const commandListeners: CommandListener[] = [];
  const menuItems = new Map<string, MenuItem>();
  const icons = new Map<number, unknown>();

  const menus = {
    create: vi.fn((item: MenuItem) => {
      if (menuItems.has(item.id)) throw new Error(`Cannot create item with duplicate id ${item.id}`);
      menuItems.set(item.id, item);
      return item.id;
    }),
    removeAll: vi.fn(async () => menuItems.clear()),
    addListener: vi.fn((listener: ClickListener) => clickListeners.push(listener)),
  };
  const menusApi = { create: menus.create, removeAll: menus.removeAll, onClicked: { addListener: menus.addListener } };

  toolbarImpl.setIcon = async ({ tabId, path }: { tabId: number; path: unknown }) => void icons.set(tabId, path);
  // fakeBrowser answers '' for a tab with no tooltip of its own, and for a button no one set one
  // on; the browsers answer the button's, and the manifest's until one is set.
  toolbarImpl.getTitle = async (details: { tabId?: number }) => (await fakeGetTitle(details)) || (await fakeGetTitle({})) || manifestDefaultTitle();
  (api.commands as Record<string, unknown>).onCommand = { addListener: (listener: CommandListener) => commandListeners.push(listener) };

  if (isMv2()) {
    api.browserAction = toolbarImpl;
    delete api.action;
    delete api.offscreen;
    api.menus = menusApi;
    api.contextMenus = menusApi;
  } else {
    api.action = toolbarImpl;
    api.contextMenus = menusApi;
  }

  return {
    menuItems,
    menus,
    click: (info, tab) => Promise.all(clickListeners.map((listener) => listener(info, tab))),
    press: (command, tab) => Promise.all(commandListeners.map((listener) => listener(command, tab))),
    icons,
    toolbar: toolbarImpl as unknown as BrowserSurface['toolbar'],
  };
}
