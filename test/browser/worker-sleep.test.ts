import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROWSER } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';

/**
 * Chrome's background is a service worker the browser stops when it idles: browsing that has
 * nothing to do with podcasts must not start it again (no tab listener; pages that are not
 * episodes send nothing). With the worker stopped, pages on other sites and Fireside's other
 * pages load, and a tab closes; then an episode page, whose report does start it. Every start
 * is seen through CDP's ServiceWorker domain: none may come before the episode page's.
 * (Firefox's background page is persistent: nothing to wake. tab-navigation.test.ts checks, in
 * both browsers, that such pages send the background nothing.)
 *
 * The test stops the worker, so the session's handle on it is dead afterwards: it stays the
 * only test in this file.
 */
const OTHER_SITES = ['news.example', 'shop.example'];
const FIRESIDE_PAGES: Record<string, string> = {
  'https://linuxunplugged.fireside.fm/': 'show-home-subdomain.html',
  'https://linuxunplugged.fireside.fm/hosts': 'hosts.html',
  'https://share.fireside.fm/episode/IAs5ixts+SMPxxUmC': 'share-page.html',
};
const EPISODE = `${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`;

const ext = useExtension({ extraHosts: OTHER_SITES });

describe('the background worker (Chrome)', () => {
  it.skipIf(BROWSER === 'firefox')('sleeps through other sites, Fireside’s other pages and a tab closing; an episode page starts it (Chrome only: a service worker)', async () => {
    const pages = OTHER_SITES.flatMap((host) => [`https://${host}/`, `https://${host}/a-story`]);
    for (const url of pages) ext.server.setPage(url, `<!doctype html><html lang="en"><title>${url}</title><p>Nothing about podcasts.</p></html>`);
    for (const [url, file] of Object.entries(FIRESIDE_PAGES)) ext.server.setPage(url, readFileSync(resolve(import.meta.dirname, '../fixtures/fireside', file), 'utf8'));
    const { context } = ext.chromium!;
    const tab = await context.newPage();
    const spare = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    const ours = `chrome-extension://${ext.extensionId}/`;
    /** Our worker's versions and how each runs now. */
    const status = new Map<string, string>();
    /** When (Date.now) our worker began each start. */
    const starts: number[] = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) {
        if (v.status === 'redundant' || !v.scriptURL.startsWith(ours)) continue;
        if (v.runningStatus === 'starting' && status.get(v.versionId) !== 'starting') starts.push(Date.now());
        status.set(v.versionId, v.runningStatus);
      }
    });
    await cdp.send('ServiceWorker.enable');
    await expect.poll(() => [...status.values()], { timeout: 20_000 }).toContain('running');
    for (const [versionId, running] of status) if (running === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId });
    await expect.poll(() => [...status.values()].every((s) => s === 'stopped'), { timeout: 20_000 }).toBe(true);
    const stoppedAt = Date.now();

    for (const [i, url] of Object.keys(FIRESIDE_PAGES).entries()) {
      await tab.goto(url);
      await tab.goto(pages[i % pages.length]!);
    }
    await spare.close();
    const episodeAt = Date.now();
    await tab.goto(EPISODE);
    // The episode page's report starts the worker; nothing before it did.
    await expect.poll(() => starts.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(starts.filter((t) => t >= stoppedAt && t < episodeAt)).toEqual([]);
    await cdp.detach();
    // The harness's console check reads what it hooked into the worker (chromium.ts): hooked
    // again in the worker started just now.
    await expect.poll(() => ext.background(() => true).catch(() => false), { timeout: 20_000 }).toBe(true);
    await ext.background(() => {
      const scope = globalThis as unknown as { harnessProblems?: string[] } & typeof globalThis;
      if (scope.harnessProblems) return;
      const problems: string[] = (scope.harnessProblems = []);
      scope.addEventListener('error', (event) => problems.push(`background: uncaught ${String((event as ErrorEvent).error ?? (event as ErrorEvent).message)}`));
      scope.addEventListener('unhandledrejection', (event) => problems.push(`background: unhandled rejection ${String((event as PromiseRejectionEvent).reason)}`));
    });
  });
});
