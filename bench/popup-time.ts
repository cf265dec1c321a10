// Popup time from navigation start to the episode card on screen, for the real popup and for an
// empty WXT popup built with the same config (bench/floor), in one headless Chromium run; plus
// how many requests reach Stenobird while the popup opens. Prints figures; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { FakeServer, STENOBIRD_BASE } from '../test/browser/fake/server';
import { EXTENSION_DIR, launchChromium } from '../test/browser/harness';
import { slugCandidates } from '../utils/stenobird/slug';
import { readFileSync } from 'node:fs';

const FLOOR_DIR = resolve(import.meta.dirname, 'floor/.output/chrome-mv3');
const RUNS = Number(process.env.BENCH_RUNS ?? 25);

async function workers(context: BrowserContext): Promise<Worker[]> {
  while (context.serviceWorkers().length < 2) await context.waitForEvent('serviceworker');
  return context.serviceWorkers();
}

async function timeOpen(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('popup-rendered').length > 0);
  const ms = await page.evaluate(() => performance.getEntriesByName('popup-rendered')[0]!.startTime);
  await page.close();
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const stenobirdRequests = (server: FakeServer) => server.requests.filter((r) => r.host === 'stenobird.com').length;

/** Opens the popup on a Fireside episode until its catalogue look-up is shown, twice: requests sent each time. */
async function lookUpRequests(context: BrowserContext, ours: Worker, server: FakeServer, url: string, fixture: string) {
  server.setPage(url, readFileSync(resolve(import.meta.dirname, '../test/fixtures', fixture), 'utf8'));
  const before = new Set(await ours.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id)));
  const page = await context.newPage();
  await page.goto(url);
  const tabId = (await ours.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id))).find((t) => !before.has(t))!;
  const report = await ours.evaluate(async (key) => {
    for (;;) {
      const value = (await chrome.storage.session.get(key))[key] as { episode?: { title: string; showName?: string } } | undefined;
      if (value) return value;
      await new Promise((r) => setTimeout(r, 20));
    }
  }, `tab:${tabId}`);
  const open = async () => {
    const start = stenobirdRequests(server);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${new URL(ours.url()).host}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => /(In|Not in) the Stenobird catalogue/.test(document.querySelector('.stenobird-status')?.textContent ?? ''));
    await popup.close();
    return stenobirdRequests(server) - start;
  };
  const first = await open();
  const again = await open();
  await page.close();
  return { first, again, candidates: report.episode ? slugCandidates(report.episode).length : 0 };
}

export async function popupTime(): Promise<void> {
  const server = await new FakeServer().start();
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-bench-'));
  const context = await launchChromium(profile, [EXTENSION_DIR, FLOOR_DIR], server.port);
  try {
    const all = await workers(context);
    const names = await Promise.all(all.map((w) => w.evaluate(() => chrome.runtime.getManifest().name)));
    const ours = all[names.findIndex((n) => n !== 'Floor')]!;
    const floor = all[names.indexOf('Floor')]!;
    const id = (w: Worker) => new URL(w.url()).host;

    const before = new Set(await ours.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id)));
    const page = await context.newPage();
    await page.goto(`${STENOBIRD_BASE}/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim`);
    const tabId = (await ours.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id))).find((t) => !before.has(t))!;
    await ours.evaluate(async (key) => {
      while (!(await chrome.storage.session.get(key))[key]) await new Promise((r) => setTimeout(r, 20));
    }, `tab:${tabId}`);

    const requestsBefore = server.requests.filter((r) => r.host === 'stenobird.com').length;
    const first = await timeOpen(context, `chrome-extension://${id(ours)}/popup.html?tab=${tabId}`);
    const firstOpenRequests = server.requests.filter((r) => r.host === 'stenobird.com').length - requestsBefore;

    const real: number[] = [];
    const empty: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so both see the same machine load.
      empty.push(await timeOpen(context, `chrome-extension://${id(floor)}/popup.html`));
      real.push(await timeOpen(context, `chrome-extension://${id(ours)}/popup.html?tab=${tabId}`));
    }
    const cachedRequests = server.requests.filter((r) => r.host === 'stenobird.com').length - requestsBefore - firstOpenRequests;

    const ratio = median(real) / median(empty);
    console.log(`\nPopup time, navigation start → card rendered (median of ${RUNS}, headless Chromium)\n`);
    console.log(`  empty WXT popup (floor)   ${median(empty).toFixed(1)} ms`);
    console.log(`  Stenobird popup           ${median(real).toFixed(1)} ms   (first open ${first.toFixed(1)} ms)`);
    console.log(`  ratio                     ${ratio.toFixed(2)}× floor (budget 1.5×) ${ratio <= 1.5 ? 'ok' : 'OVER'}`);
    console.log(`\nRequests to Stenobird while the popup opens`);
    console.log(`  Stenobird episode (slugs in its URL), first open   ${firstOpenRequests} (budget 0) ${firstOpenRequests === 0 ? 'ok' : 'OVER'}`);
    console.log(`  the same, ${RUNS} re-opens (status cached)            ${cachedRequests} (budget 0) ${cachedRequests === 0 ? 'ok' : 'OVER'}`);
    for (const [label, url, fixture] of [
      ['Fireside episode in the catalogue', 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust', 'fireside/elixir-wizards-s14-e05.html'],
      ['Fireside episode not in the catalogue', 'https://sv101.fireside.fm/260', 'fireside/sv101-260.html'],
    ] as const) {
      const { first, again, candidates } = await lookUpRequests(context, ours, server, url, fixture);
      console.log(`  ${label}, first open   ${first} (budget ≤ ${candidates}, one per slug candidate) ${first <= candidates ? 'ok' : 'OVER'}`);
      console.log(`  ${label}, re-open      ${again} (budget 0) ${again === 0 ? 'ok' : 'OVER'}`);
    }
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

await popupTime();
