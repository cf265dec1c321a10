// What one history write costs, with the history at its cap (200 records + 500 cached look-ups):
// the worker's CPU for the write and everything it sets off (the toolbar of every open episode
// tab), with 1 and with 10 episode tabs open; and the options page's main-thread time to show
// the changed record. Headless Chromium; prints figures, asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { FakeServer, STENOBIRD_BASE } from '../test/browser/fake/server';
import { EXTENSION_DIR, launchChromium } from '../test/browser/harness';
import { attachToTarget, cpuDuring, workerTargetId, Workers, type TargetSession } from './lib/cdp';
import { median, msVerdict, printTable, type Row } from './lib/table';
import { addBenchJobOnly, clearHistory, fillHistory, historyShown, oneHistoryWrite } from './lib/user-data';

// 30: at some 2 ms a write, 10 writes left the 10-tab ratio anywhere from 0.9× to 1.6× between runs.
const WRITES = Number(process.env.BENCH_WRITES ?? 30);
/** After each write, this long for what it sets off to finish (idle time is not counted). */
const SETTLE_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens Stenobird episode pages until `count` are open, each reported by the content script. */
async function openEpisodeTabs(context: BrowserContext, server: FakeServer, workers: Workers, id: string, opened: Page[], count: number) {
  while (opened.length < count) {
    const n = opened.length;
    server.addEpisode({ podcastSlug: 'bench', podcastTitle: 'The Bench Show', slug: `episode-${n}`, title: `Bench episode ${n}`, processingState: 'processed' });
    const worker = await workers.worker(id);
    const before = new Set(await worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id)));
    const page = await context.newPage();
    await page.goto(`${STENOBIRD_BASE}/podcast/bench/episode-${n}`);
    const tabId = (await worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id))).find((t) => !before.has(t));
    await worker.evaluate(async (key) => {
      while (!(await chrome.storage.session.get(key))[key]) await new Promise((r) => setTimeout(r, 20));
    }, `tab:${tabId}`);
    opened.push(page);
  }
}

/** Worker CPU per write: `WRITES` writes, each given time to settle, less the same time idle. */
async function cpuPerWrite(worker: TargetSession, sender: Page): Promise<number> {
  for (let i = 0; i < 3; i++) await oneHistoryWrite(sender, i); // warm-up
  await sleep(SETTLE_MS);
  const idle = await cpuDuring(worker, async () => {
    for (let i = 0; i < WRITES; i++) await sleep(SETTLE_MS);
  });
  const busy = await cpuDuring(worker, async () => {
    for (let i = 0; i < WRITES; i++) {
      await oneHistoryWrite(sender, i);
      await sleep(SETTLE_MS);
    }
  });
  return Math.max(0, busy - idle) / WRITES;
}

/**
 * Main-thread task time (style and layout included) the options page spends from one record
 * changing to the changed history drawn, less the same wait with no change. Median of `WRITES`.
 */
async function optionsRerender(options: Page, cdp: CDPSession, sender: Page): Promise<number> {
  const taskMs = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
  };
  /** Resolves once #history changes and two frames have been drawn, or after `fallbackMs` with no change. */
  const drawn = (fallbackMs: number) =>
    options.evaluate(
      (wait) =>
        new Promise<boolean>((resolve) => {
          const frames = (changed: boolean) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(changed)));
          const observer = new MutationObserver(() => {
            observer.disconnect();
            frames(true);
          });
          observer.observe(document.getElementById('history')!, { childList: true, subtree: true, characterData: true, attributes: true });
          if (wait > 0) setTimeout(() => (observer.disconnect(), frames(false)), wait);
        }),
      fallbackMs,
    );
  const changes: number[] = [];
  const idles: number[] = [];
  for (let i = 0; i < WRITES + 2; i++) {
    await sleep(SETTLE_MS);
    let before = await taskMs();
    const seen = drawn(0);
    const start = Date.now();
    await oneHistoryWrite(sender, i);
    if (!(await seen)) throw new Error('The options page never showed the change');
    const took = Date.now() - start;
    const changed = (await taskMs()) - before;
    await sleep(SETTLE_MS);
    before = await taskMs();
    await drawn(took);
    const idle = (await taskMs()) - before;
    if (i >= 2) {
      changes.push(changed);
      idles.push(idle);
    }
  }
  return Math.max(0, median(changes) - median(idles));
}

export async function historyWrite(): Promise<void> {
  const server = await new FakeServer().start();
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-bench-'));
  const context = await launchChromium(profile, [EXTENSION_DIR], server.port);
  try {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(first.url()).host;
    const workers = await Workers.open(context);
    const browserCdp = await context.browser()!.newBrowserCDPSession();
    const tabs: Page[] = [];
    const rows: Row[] = [['history', 'episode tabs open', `worker CPU per write (${WRITES} writes)`, `options page re-render (median of ${WRITES})`]];
    const perWrite = new Map<string, number>();

    for (const history of ['full', 'empty'] as const) {
      if (history === 'full') await fillHistory(await workers.worker(id));
      else {
        await clearHistory(await workers.worker(id));
        await addBenchJobOnly(await workers.worker(id));
      }
      const options = await context.newPage();
      await options.goto(`chrome-extension://${id}/options.html`);
      const listed = await historyShown(options);
      const optionsCdp = await context.newCDPSession(options);
      await optionsCdp.send('Performance.enable');
      for (const count of [1, 10]) {
        await openEpisodeTabs(context, server, workers, id, tabs, count);
        // A quiet page of ours sends the writes: the popup, drawn and idle.
        const sender = await context.newPage();
        await sender.goto(`chrome-extension://${id}/popup.html?tab=0`);
        const target = await attachToTarget(browserCdp, await workerTargetId(browserCdp, id));
        const cpu = await cpuPerWrite(target, sender);
        await target.detach();
        await options.bringToFront();
        const rerender = count === 1 ? await optionsRerender(options, optionsCdp, sender) : undefined;
        await sender.close();
        perWrite.set(`${history}:${count}`, cpu);
        rows.push([
          `${history} (${listed} records listed${history === 'full' ? ' + 500 look-ups' : ''})`,
          count,
          msVerdict(cpu, 5),
          rerender === undefined ? '' : msVerdict(rerender, 16),
        ]);
      }
      await options.close();
      // Back to one tab for the next history.
      for (const page of tabs.splice(1)) await page.close();
    }
    await workers.close();
    const growth = perWrite.get('full:10')! / perWrite.get('full:1')!;
    printTable('One history write (headless Chromium; the write: the transcript view reporting a job’s progress, message job-update)', rows);
    console.log(`\n  history full: 10 episode tabs ÷ 1 tab   ${growth.toFixed(2)}× (≤ 1.2×) ${growth <= 1.2 ? 'ok' : 'OVER'}`);
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

await historyWrite();
