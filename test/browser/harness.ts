import type { BrowserContext, Page, Worker } from 'playwright-core';
import { FakeServer } from './fake/server';
import { launchChromiumDriver } from './chromium';
import { launchFirefoxDriver } from './firefox/session';
import { forgetSettings } from './extension-settings';

export { EXTENSION_DIR, launchChromium } from './chromium';

/**
 * The browser-test harness: the *built* extension in a real browser, headless, against the local
 * fake Stenobird/Fireside (`fake/server.ts`) reached under the real host names. One set of test
 * files runs in both browsers; the browser is a parameter:
 *
 * - **Chromium** (`TEST_BROWSER=chromium`, the default; `npm run test:browser:chrome`): Debian's
 *   Chromium through Playwright, `.output/chrome-mv3`, host names mapped by
 *   `--host-resolver-rules`. See `chromium.ts` and `../shared/reference/testing-in-chromium.md`.
 * - **Firefox** (`TEST_BROWSER=firefox`; `npm run test:browser:firefox`): Debian's firefox-esr
 *   through puppeteer-core over WebDriver BiDi, `.output/firefox-mv2` as a temporary add-on at a
 *   fixed `moz-extension://` UUID, host names reached through a CONNECT proxy that tunnels only the
 *   fake's hosts (`fake/connect-proxy.ts`). See `firefox/session.ts` and
 *   `../shared/reference/testing-in-firefox.md`.
 *
 * A test file calls `useExtension()` (session.ts) and uses what it returns:
 *
 * | `ext.…`                          | what it does                                                          |
 * |----------------------------------|-----------------------------------------------------------------------|
 * | `browser`                        | `'chromium'` or `'firefox'` (also `BROWSER`, for `it.skipIf(firefox)`) |
 * | `server`                         | the fake: script answers, serve pages, read `requests`                 |
 * | `origin`, `extensionId`          | `chrome-extension://<id>` / `moz-extension://<uuid>`, and its host     |
 * | `open(url)`                      | a web page in a new tab, loaded                                       |
 * | `tabIdOf(page)`                  | the extension's tab id of a page `open` opened                        |
 * | `openPopup(tabId)`               | the popup as a page describing that tab (`popup.html?tab=<id>`)       |
 * | `openExtensionPage(path)`        | `options.html`, `transcript.html?job=…` in a new tab, loaded          |
 * | `waitForPage(url => …)`          | call before the action: the page the extension opens itself           |
 * | `closePages()`                   | closes every page the tests opened                                    |
 * | `background(fn, arg)`            | `fn(arg)` with `chrome` = the background's API (see below)            |
 * | `badgeText(tabId)`, `toolbarTitle(tabId)` | the toolbar button's badge and tooltip on a tab              |
 * | `waitForReport(tabId)`           | the content script's report on the tab, once it has reported          |
 * | `clickToolbarButton(page)`       | the real toolbar button on the page's tab (opens the popup, grants activeTab) |
 * | `clickMenuItem(page, id, target)`| the right-click menu item on the page, a link in it, or its audio     |
 * | `pressShortcut(page, command)`   | the keyboard shortcut of a manifest command on the page's tab         |
 * | `setOffline(bool)`               | the whole browser offline / online                                    |
 * | `servePlainHttp(url, html)`      | a page at an http:// address (the fake is https only), until reset    |
 * | `download(page, click)`          | the file a click downloads: `{ fileName, text }`                      |
 * | `consoleProblems()`              | errors and warnings the extension logged since the last check         |
 * | `expectConsoleProblem(re)`       | waits for one the test provokes on purpose, and takes it off the list |
 * | `reset()`                        | (before each test) the fake's defaults, no page open, storage and alarms cleared |
 * | `chromium`                       | Chromium only: the Playwright context and worker, for Chrome-only tests |
 *
 * Pages are `TestPage`s: the part of Playwright's Page that both browsers implement (Chromium's
 * *is* a Playwright Page; Firefox's is `firefox/page.ts` over puppeteer). Use only what the
 * interface offers, and the file runs in both.
 *
 * **`background(fn, arg)`**: `fn` is serialised and run where `chrome` is the extension's own API
 * as the background sees it: in Chromium, the service worker; in Firefox, the harness's own
 * extension page (a `transcript.html` tab kept open for the file) with `chrome` bound to the
 * background page's `browser` object, so patching an API there patches it for the background's
 * code (`globalThis` is that harness page, which lives as long as the session). `arg` and the
 * result must be JSON. Firefox names the toolbar API `browserAction`: use `badgeText` /
 * `toolbarTitle` rather than `chrome.action`.
 *
 * **Console check**: every error and warning an extension context logs (background, its pages,
 * the content script) fails the test during which it was logged (`useExtension`'s afterEach).
 * Chromium: Playwright's console and page-error events of the extension's pages and worker, and
 * the worker's uncaught errors. Firefox: the browser's console service (every uncaught error,
 * rejection and platform warning whose source is the extension, from any context and from the
 * start), plus `console.error` / `console.warn` hooked in the background page and in each
 * extension page the harness opens (from its load on).
 *
 * **Chrome-only features** (side panel, offscreen document) are tested with
 * `it.skipIf(firefox)('… (Chrome only: side panel)')`; the reason is in the test's name.
 */

export type BrowserName = 'chromium' | 'firefox';

export const BROWSER: BrowserName = parseBrowser(process.env.TEST_BROWSER);

function parseBrowser(value: string | undefined): BrowserName {
  if (value === undefined || value === '' || value === 'chromium' || value === 'chrome') return 'chromium';
  if (value === 'firefox') return 'firefox';
  throw new Error(`TEST_BROWSER=${value}: use chromium or firefox`);
}

/** The part of Playwright's Locator both browsers implement. */
export interface TestLocator {
  textContent(): Promise<string | null>;
  allTextContents(): Promise<string[]>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  isEnabled(): Promise<boolean>;
  isDisabled(): Promise<boolean>;
  isChecked(): Promise<boolean>;
  inputValue(): Promise<string>;
  getAttribute(name: string): Promise<string | null>;
  click(): Promise<void>;
  dblclick(): Promise<void>;
  fill(value: string): Promise<void>;
  check(): Promise<void>;
  uncheck(): Promise<void>;
  evaluate<R, E extends HTMLElement | SVGElement = HTMLElement | SVGElement>(fn: (element: E) => R | Promise<R>): Promise<R>;
}

/** The roles the Firefox leg's locator understands (`firefox/locate.ts`). */
export type TestRole = 'heading' | 'button' | 'link' | 'status' | 'checkbox' | 'textbox' | 'group';

/** The part of Playwright's Page both browsers implement. */
export interface TestPage {
  url(): string;
  goto(url: string): Promise<unknown>;
  reload(): Promise<unknown>;
  title(): Promise<string>;
  close(): Promise<void>;
  bringToFront(): Promise<void>;
  /** In an extension page, `chrome` is the extension's API in both browsers (promises). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  waitForFunction<A>(fn: (arg: A) => unknown, arg?: A): Promise<unknown>;
  locator(css: string): TestLocator;
  getByRole(role: TestRole, options?: { name?: string | RegExp; exact?: boolean; level?: number }): TestLocator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): TestLocator;
  getByLabel(text: string | RegExp, options?: { exact?: boolean }): TestLocator;
  readonly keyboard: { press(key: string): Promise<void> };
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  /** Chromium: this page; Firefox: every page (a browser preference). */
  emulateMedia(options: { colorScheme: 'light' | 'dark' }): Promise<void>;
  screenshot(options: { path: string }): Promise<unknown>;
}

// Playwright's Page is a TestPage as it is: the Chromium leg hands tests real Playwright pages.
const playwrightPageIsATestPage = (page: Page): TestPage => page;
void playwrightPageIsATestPage;

/** Where a menu item is clicked: the page itself, a link in it (by its href), or an audio element (by its src). */
export type MenuTarget = { page: true } | { link: string } | { audio: string };

/** What each browser's driver provides; the session adds what both share. */
export interface Driver {
  readonly browser: BrowserName;
  readonly extensionId: string;
  readonly origin: string;
  /** A new blank tab (its tab id is found by the session). */
  newPage(): Promise<TestPage>;
  openExtensionPage(path: string): Promise<TestPage>;
  waitForPage(match: (url: string) => boolean): Promise<TestPage>;
  closePages(): Promise<void>;
  background<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** The toolbar API's name: Chrome's `action`, Firefox MV2's `browserAction`. */
  readonly actionApi: 'action' | 'browserAction';
  clickToolbarButton(page: TestPage): Promise<void>;
  clickMenuItem(page: TestPage, tabId: number, itemId: string, target: MenuTarget): Promise<void>;
  pressShortcut(page: TestPage, tabId: number, command: string): Promise<void>;
  setOffline(offline: boolean): Promise<void>;
  /** Serves `html` at a plain-http address (the fake speaks https only); forgotten by `forgetPlainHttp`. */
  servePlainHttp(url: string, html: string): Promise<void>;
  forgetPlainHttp(): Promise<void>;
  download(page: TestPage, click: () => Promise<unknown>): Promise<{ fileName: string; text: string }>;
  /** Problems logged since the last call, and forgotten. */
  takeConsoleProblems(): Promise<string[]>;
  close(): Promise<void>;
  readonly chromium?: { context: BrowserContext; worker: Worker };
}

export interface LaunchOptions {
  /** Host names besides stenobird.com and *.fireside.fm that reach the fake (custom Fireside domains). */
  extraHosts?: string[];
}

export interface ExtensionSession {
  readonly browser: BrowserName;
  readonly server: FakeServer;
  readonly extensionId: string;
  readonly origin: string;
  /** Opens a page in a new tab and waits for it to load. */
  open(url: string): Promise<TestPage>;
  tabIdOf(page: TestPage): Promise<number>;
  /** The popup as a page, describing the given tab (`popup.html?tab=<id>`), once it has drawn. */
  openPopup(tabId: number): Promise<TestPage>;
  /** One of the extension's pages (`options.html`, `transcript.html?job=…`) in a new tab, loaded. */
  openExtensionPage(path: string): Promise<TestPage>;
  /** `${origin}/${path}` */
  pageUrl(path: string): string;
  /** Start waiting before the action: resolves with the next new page whose URL matches. */
  waitForPage(match: (url: string) => boolean): Promise<TestPage>;
  /** Closes every page the tests opened. */
  closePages(): Promise<void>;
  background<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  badgeText(tabId: number): Promise<string>;
  toolbarTitle(tabId: number): Promise<string>;
  /**
   * Waits until the tab's content script has reported, and returns the report as the extension
   * reads it: the episode the background stored, or the page's "not an episode" (which it sends
   * nobody).
   */
  waitForReport(tabId: number): Promise<unknown>;
  /**
   * Between tests (`useExtension` runs it before each): the fake's defaults again (no served
   * pages, no scripts, the default catalogue), no page open, and the extension's local storage
   * and alarms cleared.
   */
  reset(): Promise<void>;
  /**
   * Clicks the extension's toolbar button on this page's tab, as a user would: the real popup
   * opens and the extension gets `activeTab` for the tab. Chromium: CDP `Extensions.triggerAction`;
   * Firefox: the browser action's own `triggerAction`, what its toolbar button calls.
   */
  clickToolbarButton(page: TestPage): Promise<void>;
  /**
   * Chooses the extension's menu item `itemId` in the right-click menu of the page, a link in it
   * or an audio element in it. Chromium cannot right-click headless: the click is delivered to the
   * extension's listener (`contextMenus.onClicked.dispatch`) with the info Chrome would give.
   * Firefox: a real right-click on the element, and the item chosen in the menu that opens, so the
   * item's URL patterns are exercised too (it fails if the item is not in the menu).
   */
  clickMenuItem(page: TestPage, itemId: string, target: MenuTarget): Promise<void>;
  /**
   * The command's keyboard shortcut with the page's tab in front. Chromium: delivered to the
   * extension's listener (`commands.onCommand.dispatch`); Firefox: the browser's own key element
   * for the shortcut the manifest gives the command.
   */
  pressShortcut(page: TestPage, command: string): Promise<void>;
  setOffline(offline: boolean): Promise<void>;
  /**
   * Serves `html` at a plain-http address until the next `reset()` (the fake speaks https only).
   * Chromium: the context's request routing; Firefox: the proxy answers the plain request itself.
   */
  servePlainHttp(url: string, html: string): Promise<void>;
  download(page: TestPage, click: () => Promise<unknown>): Promise<{ fileName: string; text: string }>;
  /** Errors and warnings the extension logged since the last check, without forgetting them. */
  consoleProblems(): Promise<string[]>;
  /** Waits until a problem matching `pattern` has been logged (a test provoking one), and forgets it. */
  expectConsoleProblem(pattern: RegExp): Promise<string>;
  /** Takes (and forgets) everything logged since the last check: `useExtension` fails the test on any. */
  takeConsoleProblems(): Promise<string[]>;
  close(): Promise<void>;
  /** Chromium only, for Chrome-only tests: the Playwright context and the service worker. */
  readonly chromium?: { context: BrowserContext; worker: Worker };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launchExtension(options: LaunchOptions = {}, browser: BrowserName = BROWSER): Promise<ExtensionSession> {
  const extraHosts = options.extraHosts ?? [];
  const server = await new FakeServer(extraHosts).start();
  const hosts = ['*.fireside.fm', 'stenobird.com', ...extraHosts];
  let driver: Driver;
  try {
    driver = browser === 'firefox' ? await launchFirefoxDriver(server.port, hosts) : await launchChromiumDriver(server.port, hosts);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const tabIds = new WeakMap<TestPage, number>();
  const allTabIds = () => driver.background(async () => (await chrome.tabs.query({})).map((t) => t.id ?? -1));
  // Problems read by `consoleProblems` but not yet taken by the afterEach check.
  const pending: string[] = [];
  const collect = async () => {
    pending.push(...(await driver.takeConsoleProblems()));
    return pending;
  };

  const session: ExtensionSession = {
    browser: driver.browser,
    server,
    extensionId: driver.extensionId,
    origin: driver.origin,
    chromium: driver.chromium,
    async open(url) {
      // The tab id is the one that appears with the new page: unambiguous even when several tabs
      // show the same URL (the extension holds no `tabs` permission, so URLs are not always visible).
      const before = new Set(await allTabIds());
      const page = await driver.newPage();
      const created = (await allTabIds()).filter((id) => !before.has(id));
      if (created.length === 1) tabIds.set(page, created[0]!);
      await page.goto(url);
      return page;
    },
    async tabIdOf(page) {
      const known = tabIds.get(page);
      if (known !== undefined) return known;
      throw new Error(`No tab id recorded for ${page.url()}: open pages with session.open()`);
    },
    async openPopup(tabId) {
      const page = await driver.openExtensionPage(`popup.html?tab=${tabId}`);
      await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') !== 'true');
      return page;
    },
    openExtensionPage: (path) => driver.openExtensionPage(path),
    pageUrl: (path) => `${driver.origin}/${path.replace(/^\//, '')}`,
    waitForPage: (match) => driver.waitForPage(match),
    closePages: () => driver.closePages(),
    background: (fn, arg) => driver.background(fn, arg),
    badgeText: (tabId) =>
      driver.background(({ api, tabId }) => (chrome as unknown as Record<string, typeof chrome.action>)[api]!.getBadgeText({ tabId }), { api: driver.actionApi, tabId }),
    toolbarTitle: (tabId) =>
      driver.background(({ api, tabId }) => (chrome as unknown as Record<string, typeof chrome.action>)[api]!.getTitle({ tabId }), { api: driver.actionApi, tabId }),
    async waitForReport(tabId) {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        // As the extension reads it (utils/tab-report.ts): the page's content script says what it
        // found once its report has reached the background; an episode is then stored (and that
        // stored report is returned), a page that is not one tells the background nothing.
        const report = await driver.background(async (tabId) => {
          const found = (await chrome.tabs.sendMessage(tabId, { type: 'current-report' }, { frameId: 0 }).catch(() => undefined)) as
            | { type: 'episode-detected'; episode: { pageUrl: string } }
            | { type: 'no-episode'; reason: string }
            | undefined;
          if (found?.type === 'no-episode') return { status: 'not-episode', reason: found.reason };
          const key = `tab:${tabId}`;
          const stored = (await chrome.storage.session.get(key))[key] as { status: string; episode?: { pageUrl: string } } | undefined;
          return found && stored?.episode?.pageUrl === found.episode.pageUrl ? stored : undefined;
        }, tabId);
        if (report) return report;
        await sleep(50);
      }
      throw new Error(`The extension never reported on tab ${tabId}`);
    },
    async reset() {
      // Pages first: a page still streaming from the fake would see its connection cut.
      await driver.closePages();
      server.reset();
      await driver.forgetPlainHttp();
      await driver.background(async () => {
        await chrome.alarms.clearAll();
        await chrome.storage.local.clear();
      });
      // The settings are no longer in storage.local (issue 13, finding 7).
      await forgetSettings(driver);
    },
    clickToolbarButton: (page) => driver.clickToolbarButton(page),
    async clickMenuItem(page, itemId, target) {
      await driver.clickMenuItem(page, await session.tabIdOf(page), itemId, target);
    },
    async pressShortcut(page, command) {
      await driver.pressShortcut(page, await session.tabIdOf(page), command);
    },
    setOffline: (offline) => driver.setOffline(offline),
    servePlainHttp: (url, html) => driver.servePlainHttp(url, html),
    download: (page, click) => driver.download(page, click),
    async consoleProblems() {
      return [...(await collect())];
    },
    async expectConsoleProblem(pattern) {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const index = (await collect()).findIndex((p) => pattern.test(p));
        if (index >= 0) return pending.splice(index, 1)[0]!;
        if (Date.now() > deadline) throw new Error(`The console check never saw ${pattern}; it saw: ${JSON.stringify(pending)}`);
        await sleep(100);
      }
    },
    async takeConsoleProblems() {
      return (await collect()).splice(0);
    },
    async close() {
      try {
        await driver.close();
      } finally {
        await server.stop();
      }
    },
  };
  return session;
}
