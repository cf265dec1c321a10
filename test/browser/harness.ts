import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeServer } from './fake/server';
import { forgetSettings } from './extension-settings';

/**
 * Drives the *built* extension (`.output/chrome-mv3`) in Debian's headless Chromium, with
 * stenobird.com, *.fireside.fm and any extra hosts resolved to the local fake server, so the real
 * `matches` and host permissions are exercised. See `../shared/reference/testing-in-chromium.md`.
 */

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

export interface ExtensionSession {
  context: BrowserContext;
  server: FakeServer;
  extensionId: string;
  worker: Worker;
  /** Opens a page in a new tab and waits for it to load. */
  open(url: string): Promise<Page>;
  tabIdOf(page: Page): Promise<number>;
  /** The popup as a page, describing the given tab (`popup.html?tab=<id>`). */
  openPopup(tabId: number): Promise<Page>;
  /** Waits until the background holds a content-script report for the tab. */
  waitForReport(tabId: number): Promise<unknown>;
  /** Between tests: the fake's defaults again, and the extension's requests and alarms forgotten. */
  reset(): Promise<void>;
  /**
   * Clicks the extension's toolbar button on this page's tab, as a user would: the real popup
   * opens and the extension gets `activeTab` for the tab (CDP `Extensions.triggerAction`).
   */
  clickToolbarButton(page: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with the given unpacked extensions, and with stenobird.com,
 * *.fireside.fm and `extraHosts` resolved to the fake server on `port`; every other host fails
 * to resolve, so nothing reaches the network.
 */
export function launchChromium(profile: string, extensions: string[], port: number, extraHosts: string[] = []): Promise<BrowserContext> {
  const hosts = ['*.fireside.fm', 'stenobird.com', ...extraHosts];
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

export async function launchExtension(options: { extraHosts?: string[] } = {}): Promise<ExtensionSession> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run \`npm run build\` first.`);
  }
  const extraHosts = options.extraHosts ?? [];
  const server = await new FakeServer(extraHosts).start();
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-profile-'));
  const context = await launchChromium(profile, [EXTENSION_DIR], server.port, extraHosts);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const tabIds = new WeakMap<Page, number>();
  const allTabIds = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id ?? -1));

  const session: ExtensionSession = {
    context,
    server,
    extensionId,
    worker,
    async open(url) {
      // The tab id is the one that appears with the new page: unambiguous even when several tabs
      // show the same URL (the extension holds no `tabs` permission, so URLs are not always visible).
      const before = new Set(await allTabIds());
      const page = await context.newPage();
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
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
      await page.waitForFunction(() => document.getElementById('app')?.getAttribute('aria-busy') !== 'true');
      return page;
    },
    async waitForReport(tabId) {
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        const report = await worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`);
        if (report) return report;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`The extension never reported on tab ${tabId}`);
    },
    async reset() {
      server.reset();
      await worker.evaluate(async () => {
        await chrome.alarms.clearAll();
        await chrome.storage.local.clear();
      });
      // The settings are no longer in storage.local (issue 13, finding 7).
      await forgetSettings(worker);
    },
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
    async close() {
      await context.close();
      await server.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return session;
}
