import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Driver, MenuTarget, TestPage } from './harness';

/**
 * The Chromium leg: the built `.output/chrome-mv3` in Debian's headless Chromium through
 * Playwright, with stenobird.com, *.fireside.fm and any extra hosts resolved to the fake server.
 * Pages are Playwright's own. See `../shared/reference/testing-in-chromium.md`.
 */

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/**
 * Debian's Chromium, headless, with the given unpacked extensions, and with `hosts` (`*.x` for
 * subdomains) resolved to the fake server on `port`; every other host fails to resolve, so
 * nothing reaches the network. (Also used by `bench/popup-time.ts`.)
 */
export function launchChromium(profile: string, extensions: string[], port: number, extraHosts: string[] = []): Promise<BrowserContext> {
  const hosts = [...new Set(['*.fireside.fm', 'stenobird.com', ...extraHosts])];
  const rules = [...hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extensions.join(',')}`,
      `--load-extension=${extensions.join(',')}`,
      `--host-resolver-rules=${rules}`,
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Lets CDP press the toolbar button (Extensions.triggerAction) over Playwright's pipe.
      '--enable-unsafe-extension-debugging',
    ],
  });
}

/** The worker's uncaught errors and rejections, which Playwright does not report for a service worker. */
function hookWorkerErrors(): void {
  const scope = globalThis as unknown as { harnessProblems?: string[] } & typeof globalThis;
  if (scope.harnessProblems) return;
  const problems: string[] = (scope.harnessProblems = []);
  scope.addEventListener('error', (event) => problems.push(`background: uncaught ${String((event as ErrorEvent).error ?? (event as ErrorEvent).message)}`));
  scope.addEventListener('unhandledrejection', (event) => problems.push(`background: unhandled rejection ${String((event as PromiseRejectionEvent).reason)}`));
}

export async function launchChromiumDriver(port: number, hosts: string[]): Promise<Driver> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-profile-'));
  const context = await launchChromium(profile, [EXTENSION_DIR], port, hosts);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const origin = `chrome-extension://${extensionId}`;
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { commands?: Record<string, unknown> };

  // The console check: what the extension's worker and pages (and its content script, by its
  // script URL) log as errors or warnings, and their uncaught errors.
  const problems: string[] = [];
  const ours = (url: string | undefined) => !!url?.startsWith(origin);
  context.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    // Chromium's network log, not the extension's: it reports every answer that is not a 2xx
    // (a catalogue 404 is how Stenobird says "not in the catalogue", a dropped stream is a case
    // under test), which the extension handles and the tests check. Firefox logs none of them.
    if (message.text().startsWith('Failed to load resource:')) return;
    const where = message.worker() === worker ? 'background' : ours(message.page()?.url()) ? message.page()!.url() : ours(message.location().url) ? message.location().url : undefined;
    if (where) problems.push(`${where}: console.${type === 'warning' ? 'warn' : 'error'} ${message.text()}`);
  });
  context.on('weberror', (error) => {
    const url = error.page()?.url();
    if (ours(url) || ours(error.error().stack?.match(/chrome-extension:\/\/[^\s)]+/)?.[0])) problems.push(`${url}: uncaught ${error.error().message}`);
  });
  await worker.evaluate(hookWorkerErrors);

  const plainPages = new Set<string>();
  const openExtensionPage = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${origin}/${path.replace(/^\//, '')}`);
    return page;
  };

  const driver: Driver = {
    browser: 'chromium',
    extensionId,
    origin,
    actionApi: 'action',
    chromium: { context, worker },
    newPage: () => context.newPage(),
    openExtensionPage,
    waitForPage: (match) => context.waitForEvent('page', { predicate: (page) => match(page.url()), timeout: 30_000 }),
    async closePages() {
      for (const page of context.pages().slice(1)) await page.close();
    },
    background: (fn, arg) => worker.evaluate(fn as never, arg) as never,
    async clickToolbarButton(page) {
      await page.bringToFront();
      const cdp = await context.browser()!.newBrowserCDPSession();
      try {
        const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
        const tab = targetInfos.find((t) => t.url === page.url());
        if (!tab) throw new Error(`No tab target shows ${page.url()}`);
        await cdp.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
      } finally {
        await cdp.detach();
      }
    },
    async clickMenuItem(page, tabId, itemId, target: MenuTarget) {
      // What Chrome's OnClickData holds for a click on the page, a link or an audio element.
      const info = {
        menuItemId: itemId,
        editable: false,
        frameId: 0,
        pageUrl: page.url(),
        ...('link' in target ? { linkUrl: target.link } : {}),
        ...('audio' in target ? { srcUrl: target.audio, mediaType: 'audio' } : {}),
      };
      await worker.evaluate(
        ({ info, tabId }) => {
          const onClicked = chrome.contextMenus.onClicked as unknown as { dispatch(info: unknown, tab: unknown): void };
          onClicked.dispatch(info, { id: tabId, index: 0, windowId: -1, active: true, pinned: false, highlighted: true, incognito: false });
        },
        { info, tabId },
      );
    },
    async pressShortcut(page, tabId, command) {
      if (!manifest.commands?.[command]) throw new Error(`The manifest has no command ${command}`);
      await page.bringToFront();
      await worker.evaluate(
        ({ command, tabId }) => {
          const onCommand = chrome.commands.onCommand as unknown as { dispatch(command: string, tab: unknown): void };
          onCommand.dispatch(command, { id: tabId, index: 0, windowId: -1, active: true, pinned: false, highlighted: true, incognito: false });
        },
        { command, tabId },
      );
    },
    setOffline: (offline) => context.setOffline(offline),
    async servePlainHttp(url, html) {
      plainPages.add(url);
      await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    },
    async forgetPlainHttp() {
      for (const url of plainPages) await context.unroute(url);
      plainPages.clear();
    },
    async download(page: TestPage, click) {
      const [download] = await Promise.all([(page as Page).waitForEvent('download', { timeout: 30_000 }), click()]);
      return { fileName: download.suggestedFilename(), text: readFileSync(await download.path(), 'utf8') };
    },
    async takeConsoleProblems() {
      const inWorker = await worker.evaluate(() => (globalThis as unknown as { harnessProblems: string[] }).harnessProblems.splice(0));
      return [...problems.splice(0), ...inWorker];
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return driver;
}
