import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConnectProxy } from '../fake/connect-proxy';
import type { Driver, MenuTarget } from '../harness';
import { contextIdOf, FirefoxPage, type FirefoxPageHost } from './page';

/**
 * The Firefox leg: Debian's firefox-esr, headless, driven by puppeteer-core over WebDriver BiDi
 * (no geckodriver), with the built `.output/firefox-mv2` installed as a temporary add-on. See
 * `../shared/reference/testing-in-firefox.md` for the facts this rests on:
 *
 * - the add-on's pages live at a fixed `moz-extension://<UUID>` (pref `extensions.webextensions.uuids`);
 * - the real host names reach the fake through `ConnectProxy` (Firefox has no host-resolver rules);
 * - Firefox sends no load events for extension documents, so they are opened with
 *   `browsingContext.navigate` (`wait: 'none'`) and polled until loaded;
 * - `--remote-allow-system-access` allows BiDi into the browser's own ("chrome") window: the
 *   harness reads the console service there, chooses right-click menu items, fires the add-on's
 *   keyboard shortcuts and toolbar button, switches the browser offline, and sets the colour scheme.
 *
 * The background page is no BiDi context; a harness page of the add-on (`transcript.html`, kept
 * open for the whole file) reaches it through `runtime.getBackgroundPage()`.
 */

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/firefox-mv2');
const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** Any fixed v4 UUID: the add-on's pages are then at a known address. */
const EXTENSION_UUID = '5eb1cd00-7e57-4f1e-8a00-000000f1e1d0';
const WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Manifest {
  browser_specific_settings: { gecko: { id: string } };
  commands?: Record<string, { suggested_key?: { default?: string } }>;
}

/** Firefox's widget id for an add-on (its toolbar button, menu items and keys are named after it). */
const widgetIdOf = (id: string) => id.toLowerCase().replace(/[^a-z0-9_-]/g, '_');

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
  on(event: string, listener: (params: unknown) => void): void;
  off(event: string, listener: (params: unknown) => void): void;
}

type Tree = { contexts: Array<{ context: string; url: string }> };

export async function launchFirefoxDriver(port: number, hosts: string[]): Promise<Driver> {
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built add-on at ${FIREFOX_EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const manifest = JSON.parse(readFileSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'), 'utf8')) as Manifest;
  const geckoId = manifest.browser_specific_settings.gecko.id;
  const widgetId = widgetIdOf(geckoId);
  const origin = `moz-extension://${EXTENSION_UUID}`;
  const proxy = await new ConnectProxy(port, hosts).start();
  const downloads = mkdtempSync(join(tmpdir(), 'stenobird-downloads-'));

  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      // Also covers the background page's own fetches to the fake's self-signed certificate.
      acceptInsecureCerts: true,
      args: ['--remote-allow-system-access'],
      timeout: 90_000,
      protocolTimeout: 120_000,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
        // Every connection through the proxy, which lets through only the fake's hosts.
        'network.proxy.type': 1,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        // Loopback is reached directly, as in Chromium (`EXCLUDE 127.0.0.1`): a test's "must not
        // reach" server listens there, and a request the extension must not make has to be able
        // to arrive for the test to see it.
        'network.proxy.no_proxies_on': '127.0.0.1, localhost',
        'network.proxy.allow_hijacking_localhost': false,
        // Offline is what a test says (`setOffline`), not the machine's network state.
        'network.manage-offline-status': false,
        // Light, as headless Chromium is, until a test asks for dark.
        'layout.css.prefers-color-scheme.content-override': 1,
        'intl.locale.requested': 'en-US',
        'intl.accept_languages': 'en-US, en',
      },
    });
  } catch (error) {
    await proxy.stop();
    throw error;
  }
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const bidi = async <T>(method: string, params: object): Promise<T> => (await connection.send(method, params)).result as T;

  const chromeContext = (await bidi<Tree>('browsingContext.getTree', { 'moz:scope': 'chrome' })).contexts[0]!.context;
  /** Evaluates in the browser's own window (privileged): the value must be JSON, returned as a string. */
  const chromeEval = async <T>(expression: string): Promise<T> => {
    const answer = await bidi<{ type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } }>('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context: chromeContext },
      awaitPromise: true,
    });
    if (answer.type === 'exception') throw new Error(`In Firefox's chrome window: ${answer.exceptionDetails?.text}`);
    const text = answer.result?.value;
    return (typeof text === 'string' ? JSON.parse(text) : undefined) as T;
  };

  // The console check, browser side: every error or warning the console service receives whose
  // source is the add-on (any of its pages, the background page, the content script) or that
  // names it (platform warnings). Registered before the install, so its warnings count too.
  await chromeEval(`(() => {
    const origin = ${JSON.stringify(origin)};
    const id = ${JSON.stringify(geckoId)};
    const problems = (window.harnessConsole = []);
    const listener = {
      observe(message) {
        if (!(message instanceof Ci.nsIScriptError) || message.flags & Ci.nsIScriptError.infoFlag) return;
        const source = message.sourceName || '';
        const text = message.errorMessage || '';
        if (!source.startsWith(origin) && !text.includes(origin) && !text.includes(id)) return;
        // What Firefox itself reports when a page is closed while one of its API calls or
        // listeners is pending (a user closing the tab does the same): no page can prevent it.
        if (/^(Promise (resolved|rejected) after context unloaded|sendRemoveListener on closed conduit)/.test(text)) return;
        const kind = message.flags & Ci.nsIScriptError.warningFlag ? 'warning' : 'error';
        problems.push(source + ':' + message.lineNumber + ': ' + kind + ' [' + message.category + '] ' + text);
      },
      QueryInterface: ChromeUtils.generateQI(['nsIConsoleListener']),
    };
    Services.console.registerListener(listener);
    return true;
  })()`);

  const installed = await browser.installExtension(FIREFOX_EXTENSION_DIR);
  if (installed !== geckoId) throw new Error(`Installed ${installed}, expected ${geckoId}`);

  await bidi('browser.setDownloadBehavior', { downloadBehavior: { type: 'allowed', destinationFolder: downloads } });
  await bidi('session.subscribe', { events: ['browsingContext.downloadWillBegin', 'browsingContext.downloadEnd'] });

  const firstPage = (await browser.pages())[0];
  const pages = new Set<FirefoxPage>();

  const topContexts = async () => (await bidi<Tree>('browsingContext.getTree', { maxDepth: 0 })).contexts;

  /** Polls an extension page until the document at `url` has loaded (or `ready` says so). */
  const waitLoaded = async (page: FirefoxPage, ready: string) => {
    const deadline = Date.now() + WAIT_MS;
    while (!(await page.raw.evaluate(ready).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`${page.url()} did not load within ${WAIT_MS} ms`);
      await sleep(50);
    }
    await host.loaded(page);
  };
  const loadedAt = (url: string) => `location.href === ${JSON.stringify(new URL(url).href)} && document.readyState === 'complete'`;

  const host: FirefoxPageHost = {
    async navigate(page, url) {
      await bidi('browsingContext.navigate', { context: page.contextId, url, wait: 'none' });
      await waitLoaded(page, loadedAt(url));
    },
    async reload(page) {
      await page.raw.evaluate('window.harnessReloading = true');
      await bidi('browsingContext.reload', { context: page.contextId, wait: 'none' });
      await waitLoaded(page, `!window.harnessReloading && document.readyState === 'complete'`);
    },
    async setColorScheme(scheme) {
      await chromeEval(`Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`);
    },
    async loaded(page) {
      // The console check, page side: console.error / console.warn from here on, into the harness page.
      if (page.url().startsWith(origin)) await page.raw.evaluate(hookPageConsole);
    },
  };

  const wrap = (raw: Page, url?: string) => {
    // Page loads on a loaded 2-core machine: well past puppeteer's 30 s default is still a pass.
    raw.setDefaultNavigationTimeout(60_000);
    const page = new FirefoxPage(raw, host, url);
    pages.add(page);
    return page;
  };
  const newPage = async () => wrap(await browser.newPage());
  const openExtensionPage = async (path: string) => {
    const page = await newPage();
    await page.goto(`${origin}/${path.replace(/^\//, '')}`);
    return page;
  };

  // The harness page: where `background()` runs and the pages' console problems are collected.
  const control = await openExtensionPage('transcript.html');
  pages.delete(control);
  await control.raw.evaluate(`(async () => {
    window.harnessControl = true;
    window.harnessProblems = [];
    const background = await browser.runtime.getBackgroundPage();
    for (const level of ['error', 'warn']) {
      const original = background.console[level];
      background.console[level] = (...args) => {
        window.harnessProblems.push('background: console.' + level + ' ' + args.map(String).join(' '));
        original.apply(background.console, args);
      };
    }
  })()`);

  const background = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> => {
    const json = (await control.raw.evaluate(`(async () => {
      const chrome = (await browser.runtime.getBackgroundPage()).browser;
      const value = await (${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)});
      return value === undefined ? undefined : JSON.stringify(value);
    })()`)) as string | undefined;
    return (json === undefined ? undefined : JSON.parse(json)) as R;
  };

  const driver: Driver = {
    browser: 'firefox',
    extensionId: EXTENSION_UUID,
    origin,
    actionApi: 'browserAction',
    newPage,
    openExtensionPage,
    async waitForPage(match) {
      const known = new Set((await topContexts()).map((c) => c.context));
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const found = (await topContexts()).find((c) => !known.has(c.context) && match(c.url));
        const raw = found && (await browser.pages()).find((p) => contextIdOf(p) === found.context);
        if (found && raw) {
          const page = wrap(raw, found.url);
          if (found.url.startsWith(origin)) await waitLoaded(page, loadedAt(found.url));
          return page;
        }
        if (Date.now() > deadline) throw new Error(`No new page matching ${match.toString()} within ${WAIT_MS} ms`);
        await sleep(100);
      }
    },
    async closePages() {
      for (const raw of await browser.pages()) {
        if (raw !== firstPage && raw !== control.raw) await raw.close();
      }
      pages.clear();
    },
    background,
    async clickToolbarButton(page) {
      // The button toggles: with the popup of an earlier click still open, a click closes it.
      await control.raw.evaluate(`(async () => {
        for (const popup of browser.extension.getViews({ type: 'popup' })) popup.close();
        while (browser.extension.getViews({ type: 'popup' }).length > 0) await new Promise((r) => setTimeout(r, 20));
      })()`);
      await page.bringToFront();
      await chromeEval(`(async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(geckoId)});
        await ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(window);
        return true;
      })()`);
      // The real popup opens: its console is checked too, once it is there.
      await control.raw.evaluate(`(async () => {
        const hook = ${hookPageConsole.toString()};
        for (let i = 0; i < 50; i++) {
          const [popup] = browser.extension.getViews({ type: 'popup' });
          if (popup && popup.document.readyState === 'complete') return hook(popup);
          await new Promise((r) => setTimeout(r, 50));
        }
      })()`);
    },
    async clickMenuItem(page, _tabId, itemId, target: MenuTarget) {
      const raw = (page as FirefoxPage).raw;
      await page.bringToFront();
      const point = await raw.evaluate(menuTargetPoint, target);
      if (!point) throw new Error(`Nothing to right-click for ${JSON.stringify(target)} in ${page.url()}`);
      await chromeEval(`(() => {
        const menu = document.getElementById('contentAreaContextMenu');
        window.harnessMenuShown = new Promise((resolve) => menu.addEventListener('popupshown', resolve, { once: true }));
        return true;
      })()`);
      await raw.mouse.click(point.x, point.y, { button: 'right' });
      const outcome = await chromeEval<{ chosen: boolean; shown: string[] }>(`(async () => {
        const menu = document.getElementById('contentAreaContextMenu');
        const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), ${WAIT_MS}));
        if ((await Promise.race([window.harnessMenuShown, timeout])) === 'timeout') return { chosen: false, shown: ['(the menu never opened)'] };
        const ours = [...menu.querySelectorAll('menuitem')].filter((item) => item.id.startsWith(${JSON.stringify(`${widgetId}-menuitem-`)}) && !item.hidden);
        const item = ours.find((i) => i.id === ${JSON.stringify(`${widgetId}-menuitem-_${itemId}`)});
        const shown = ours.map((i) => i.id.replace(/^.*-menuitem-_/, ''));
        if (!item) {
          menu.hidePopup();
          return { chosen: false, shown };
        }
        // An add-on with several items in one menu gets a submenu of its own: open it first.
        const popup = item.parentNode;
        if (popup !== menu) {
          const opened = new Promise((resolve) => popup.addEventListener('popupshown', resolve, { once: true }));
          popup.parentNode.openMenu(true);
          await opened;
        }
        popup.activateItem(item);
        return { chosen: true, shown };
      })()`);
      if (!outcome.chosen) throw new Error(`The right-click menu on ${JSON.stringify(target)} has no ${itemId}; it shows ${JSON.stringify(outcome.shown)}`);
    },
    async pressShortcut(page, _tabId, command) {
      const combo = manifest.commands?.[command]?.suggested_key?.default;
      if (!combo) throw new Error(`The manifest gives ${command} no shortcut`);
      const parts = combo.split('+');
      const key = parts.pop()!;
      const modifiers = parts.map((m) => ({ Ctrl: 'accel', Alt: 'alt', Shift: 'shift', MacCtrl: 'control', Command: 'meta' })[m] ?? m.toLowerCase()).join(',');
      await page.bringToFront();
      const fired = await chromeEval<boolean>(`(() => {
        const keyset = document.getElementById(${JSON.stringify(`ext-keyset-id-${widgetId}`)});
        const key = [...(keyset?.children ?? [])].find((k) => k.getAttribute('key') === ${JSON.stringify(key)} && k.getAttribute('modifiers') === ${JSON.stringify(modifiers)});
        if (!key) return false;
        key.doCommand();
        return true;
      })()`);
      if (!fired) throw new Error(`Firefox has no key element for ${combo} (${command})`);
    },
    async servePlainHttp(url, html) {
      proxy.plainPages.set(url, html);
    },
    async forgetPlainHttp() {
      proxy.plainPages.clear();
    },
    async setOffline(offline) {
      await chromeEval(`(Services.io.offline = ${offline}, true)`);
    },
    async download(page, click) {
      const context = (page as FirefoxPage).contextId;
      const ended = new Promise<{ filepath?: string; status: string; url: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No download ended within ${WAIT_MS} ms`)), WAIT_MS);
        const listener = (params: unknown) => {
          const event = params as { context: string; filepath?: string; status: string; url: string };
          if (event.context !== context) return;
          clearTimeout(timer);
          connection.off('browsingContext.downloadEnd', listener);
          resolve(event);
        };
        connection.on('browsingContext.downloadEnd', listener);
      });
      let suggested = '';
      const began = (params: unknown) => {
        const event = params as { context: string; suggestedFilename: string };
        if (event.context === context) suggested = event.suggestedFilename;
      };
      connection.on('browsingContext.downloadWillBegin', began);
      try {
        await click();
        const end = await ended;
        if (end.status !== 'complete' || !end.filepath) throw new Error(`The download of ${end.url} ended ${end.status}`);
        return { fileName: suggested, text: readFileSync(end.filepath, 'utf8') };
      } finally {
        connection.off('browsingContext.downloadWillBegin', began);
      }
    },
    async takeConsoleProblems() {
      const fromBrowser = await chromeEval<string[]>('window.harnessConsole.splice(0)');
      const fromPages = (await control.raw.evaluate('window.harnessProblems.splice(0)')) as string[];
      return [...fromBrowser, ...fromPages];
    },
    async close() {
      try {
        await browser.close();
      } finally {
        await proxy.stop();
        rmSync(downloads, { recursive: true, force: true });
      }
    },
  };
  return driver;
}

/**
 * Runs in an extension page, for it or for another extension window (`target`): its
 * console.error and console.warn also go to the harness page's list. Unhandled errors need no
 * hook: the console service has them.
 */
function hookPageConsole(target?: Window): void {
  const page = (target ?? window) as Window & { harnessHooked?: boolean; console: Console };
  if (page.harnessHooked) return;
  page.harnessHooked = true;
  const views = (globalThis as unknown as { browser: typeof chrome }).browser.extension.getViews() as Array<Window & { harnessControl?: boolean; harnessProblems?: string[] }>;
  const sink = views.find((view) => {
    try {
      return view.harnessControl === true;
    } catch {
      return false;
    }
  })?.harnessProblems;
  for (const level of ['error', 'warn'] as const) {
    const original = page.console[level];
    page.console[level] = (...args: unknown[]) => {
      sink?.push(`${page.location.href}: console.${level} ${args.map(String).join(' ')}`);
      original.apply(page.console, args);
    };
  }
}

/**
 * In the page: where a right-click on `target` lands (viewport coordinates), scrolled into view:
 * the middle of a link's first line, of an audio element, or of the page's main heading (no link
 * or media there) for the page itself.
 */
function menuTargetPoint(target: MenuTarget): { x: number; y: number } | null {
  let element: Element | null | undefined;
  if ('link' in target) element = [...document.querySelectorAll('a[href]')].find((a) => (a as HTMLAnchorElement).href === target.link);
  else if ('audio' in target) {
    element = [...document.querySelectorAll('audio')].find((a) => a.currentSrc === target.audio || a.src === target.audio || [...a.querySelectorAll('source')].some((s) => s.src === target.audio));
  } else element = document.querySelector('h1') ?? document.body;
  if (!element) return null;
  element.scrollIntoView({ block: 'center' });
  const box = element.getClientRects()[0] ?? element.getBoundingClientRect();
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}
