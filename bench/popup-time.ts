// Popup time, navigation start → the card drawn with its stored state, and → fully rendered (the
// catalogue's answer drawn), for the real popup with an empty history and with a long-time
// user's (200 records + 500 cached look-ups), beside an empty WXT popup built with the same config
// (bench/floor), in one headless Chromium run with several tabs open. For reference, the floor's
// page that draws one stored value (one session read and the tab, `one-read.html`): what reading
// the browser's storage costs a page by itself. Warm: opened again and
// again while the extension runs; cold: every worker stopped and no extension page open first.
// Also: how many requests reach Stenobird while the popup opens. Prints figures; asserts nothing.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Worker } from 'playwright-core';
import { FakeServer, STENOBIRD_BASE } from '../test/browser/fake/server';
import { EXTENSION_DIR, launchChromium } from '../test/browser/harness';
import { slugCandidates } from '../utils/stenobird/slug';
import { Workers } from './lib/cdp';
import { growthVerdict, median, ms, printTable, ratioVerdict, type Row } from './lib/table';
import { fillHistory, forgetLookUp, historyShown } from './lib/user-data';

const FLOOR_DIR = resolve(import.meta.dirname, 'floor/.output/chrome-mv3');
const FIXTURES = resolve(import.meta.dirname, '../test/fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 5);
const MARKS = ['popup-card', 'popup-complete'] as const;

/** One extension loaded in the run: the empty floor, or ours with an empty or a full history. */
interface Subject {
  label: string;
  id: string;
}

const stenobirdRequests = (server: FakeServer) => server.requests.filter((r) => r.host === 'stenobird.com').length;

async function tabIds(worker: Worker): Promise<number[]> {
  return worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id ?? -1));
}

/**
 * Opens a page in a new tab; its tab id (the one that appeared) once each of `reporters` holds its
 * report. A page with no episode sends none (the worker sleeps through it): pass no reporters.
 */
async function openTab(context: BrowserContext, url: string, reporters: Worker[], lister: Worker = reporters[0]!): Promise<number> {
  const before = new Set(await tabIds(lister));
  const page = await context.newPage();
  await page.goto(url);
  const tabId = (await tabIds(lister)).find((t) => !before.has(t));
  if (tabId === undefined) throw new Error(`No new tab for ${url}`);
  for (const worker of reporters) {
    await worker.evaluate(async (key) => {
      while (!(await chrome.storage.session.get(key))[key]) await new Promise((r) => setTimeout(r, 20));
    }, `tab:${tabId}`);
  }
  return tabId;
}

/** Opens a popup page and returns its marks (ms since its navigation started). */
async function openPopup(context: BrowserContext, url: string): Promise<Record<(typeof MARKS)[number], number>> {
  const page = await context.newPage();
  try {
    await page.goto(url);
    await page.waitForFunction((names) => names.every((n) => performance.getEntriesByName(n).length > 0), [...MARKS], { timeout: 30_000 });
    return await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]!.startTime])), [...MARKS]) as Record<(typeof MARKS)[number], number>;
  } finally {
    await page.close();
  }
}

/** Opens the popup on a Fireside episode until its catalogue look-up is shown, twice: requests sent each time. */
async function lookUpRequests(context: BrowserContext, ours: Subject, worker: Worker, server: FakeServer, url: string, fixture: string) {
  server.setPage(url, readFileSync(resolve(FIXTURES, fixture), 'utf8'));
  const tabId = await openTab(context, url, [worker]);
  const report = (await worker.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`)) as {
    episode?: { title: string; showName?: string; pageUrl: string };
  };
  const open = async () => {
    const start = stenobirdRequests(server);
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${ours.id}/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => /(In|Not in) the Stenobird catalogue/.test(document.querySelector('.stenobird-status')?.textContent ?? ''));
    await popup.close();
    return stenobirdRequests(server) - start;
  };
  const first = await open();
  const again = await open();
  return { first, again, candidates: report.episode ? slugCandidates(report.episode).length : 0 };
}

interface Scenario {
  label: string;
  /** The tab the popup describes (the floor's popup describes nothing). */
  tabId: number;
  /** Run before each open: the look-up forgotten, so the popup must ask for it. */
  before?: (subject: Subject) => Promise<void>;
}

export async function popupTime(): Promise<void> {
  const server = await new FakeServer().start();
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-bench-'));
  // A second copy of the build is a second extension (its id comes from its path): one keeps an
  // empty history, the other a full one, side by side in the same run.
  const copy = mkdtempSync(join(tmpdir(), 'stenobird-bench-copy-'));
  cpSync(EXTENSION_DIR, copy, { recursive: true });
  const context = await launchChromium(profile, [EXTENSION_DIR, copy, FLOOR_DIR], server.port);
  try {
    while (context.serviceWorkers().length < 3) await context.waitForEvent('serviceworker');
    const all = context.serviceWorkers();
    const names = await Promise.all(all.map((w) => w.evaluate(() => chrome.runtime.getManifest().name)));
    const ours = all.filter((_, i) => names[i] !== 'Floor');
    const subject = (label: string, worker: Worker): Subject => ({ label, id: new URL(worker.url()).host });
    const floor = subject('empty popup', all[names.indexOf('Floor')]!);
    const oneRead: Subject = { label: 'one stored read', id: floor.id };
    const empty = subject('history empty', ours[0]!);
    const full = subject('history full', ours[1]!);
    const workers = await Workers.open(context);
    await fillHistory(ours[1]!);
    const options = await context.newPage();
    await options.goto(`chrome-extension://${full.id}/options.html`);
    const shown = await historyShown(options);
    await options.close();

    // Several tabs, as a user has them: episodes, a show's other pages, Stenobird's docs.
    const fireside = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
    server.setPage(fireside, readFileSync(resolve(FIXTURES, 'fireside/elixir-wizards-s14-e05.html'), 'utf8'));
    server.setPage('https://linuxunplugged.fireside.fm/hosts', readFileSync(resolve(FIXTURES, 'fireside/hosts.html'), 'utf8'));
    const stenobirdTab = await openTab(context, `${STENOBIRD_BASE}/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim`, ours);
    const firesideTab = await openTab(context, fireside, ours);
    await openTab(context, 'https://linuxunplugged.fireside.fm/hosts', [], ours[0]);
    await openTab(context, `${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`, ours);
    await context.newPage().then((p) => p.goto(`${STENOBIRD_BASE}/docs`));

    const requestsBefore = stenobirdRequests(server);
    const stenobirdUrl = (s: Subject) => `chrome-extension://${s.id}/popup.html?tab=${stenobirdTab}`;
    const firstOpen = await openPopup(context, stenobirdUrl(full));
    const firstOpenRequests = stenobirdRequests(server) - requestsBefore;
    // The other copy's first open reads the status too; the re-opens below are all within 15 minutes.
    await openPopup(context, stenobirdUrl(empty));
    // Look-ups the popup makes, each counted on its first open (before anything is cached).
    const lookUpLines: string[] = [];
    for (const [label, url, fixture] of [
      ['Fireside episode in the catalogue', fireside, 'fireside/elixir-wizards-s14-e05.html'],
      ['Fireside episode not in the catalogue', 'https://sv101.fireside.fm/260', 'fireside/sv101-260.html'],
    ] as const) {
      const { first, again, candidates } = await lookUpRequests(context, empty, await workers.worker(empty.id), server, url, fixture);
      lookUpLines.push(`  ${label}, first open   ${first} (budget ≤ ${candidates}, one per slug candidate) ${first <= candidates ? 'ok' : 'OVER'}`);
      lookUpLines.push(`  ${label}, re-open      ${again} (budget 0) ${again === 0 ? 'ok' : 'OVER'}`);
    }
    // The Fireside episode's look-up, made once through each popup: cached from then on.
    await openPopup(context, `chrome-extension://${empty.id}/popup.html?tab=${firesideTab}`);
    await openPopup(context, `chrome-extension://${full.id}/popup.html?tab=${firesideTab}`);

    const scenarios: Scenario[] = [
      { label: 'Stenobird episode (slugs in its address)', tabId: stenobirdTab },
      { label: 'Fireside episode, look-up cached', tabId: firesideTab },
      {
        label: 'Fireside episode, first look-up (worker + fake Stenobird)',
        tabId: firesideTab,
        before: async (s) => forgetLookUp(await workers.worker(s.id), fireside),
      },
    ];
    const requestsPerScenario: Array<[string, number, number]> = [];
    const rows: Row[] = [['tab shown', 'opened', 'mark', 'empty popup', 'one stored read', 'history empty', 'history full', 'full ÷ empty popup', 'history empty → full']];
    const pageOf = (s: Subject, tabId: number) =>
      s === floor ? `chrome-extension://${s.id}/popup.html` : `chrome-extension://${s.id}/${s === oneRead ? 'one-read' : 'popup'}.html?tab=${tabId}`;
    for (const scenario of scenarios) {
      const requestsAtStart = stenobirdRequests(server);
      let opens = 0;
      for (const start of ['warm', 'cold'] as const) {
        const times = new Map<Subject, Array<Record<(typeof MARKS)[number], number>>>([[floor, []], [oneRead, []], [empty, []], [full, []]]);
        for (let i = 0; i < (start === 'warm' ? RUNS : COLD_RUNS); i++) {
          // Interleaved, so all four see the same machine load.
          for (const s of [floor, oneRead, empty, full]) {
            const isOurs = s === empty || s === full;
            if (isOurs) await scenario.before?.(s);
            // Warm means the extension runs: a worker that idled out (the floor's gets no events)
            // is started again, or its popup would be timed starting a process and the others not.
            if (start === 'cold') await workers.stopAll();
            else if (!workers.isRunning(s.id)) await workers.start(s.id);
            times.get(s)!.push(await openPopup(context, pageOf(s, scenario.tabId)));
            if (isOurs) opens++;
          }
        }
        for (const mark of MARKS) {
          const m = (s: Subject) => median(times.get(s)!.map((t) => t[mark]));
          rows.push([
            scenario.label,
            `${start} (median of ${times.get(floor)!.length})`,
            mark === 'popup-card' ? 'card, stored state drawn' : 'fully rendered',
            ms(m(floor)),
            `${ms(m(oneRead))} (${(m(oneRead) / m(floor)).toFixed(2)}×)`,
            ms(m(empty)),
            ms(m(full)),
            ratioVerdict(m(full) / m(floor), mark === 'popup-card' ? 1.3 : 1.5),
            growthVerdict(m(empty), m(full), 10),
          ]);
        }
      }
      if (!scenario.before) requestsPerScenario.push([scenario.label, opens, stenobirdRequests(server) - requestsAtStart]);
    }
    printTable(
      `Popup time, navigation start → mark (headless Chromium; 5 tabs open; history full = ${shown} history records listed + 500 cached look-ups; first open ${ms(firstOpen['popup-complete'])})`,
      rows,
    );

    console.log(`\nRequests to Stenobird while the popup opens`);
    // The slugs are in the address; the catalogue's status (who requested it, when) is not on the
    // page: read once, then trusted for 15 minutes (issue 12).
    console.log(`  Stenobird episode (slugs in its URL), first open   ${firstOpenRequests} (budget ≤ 1, its status) ${firstOpenRequests <= 1 ? 'ok' : 'OVER'}`);
    for (const [label, opens, requests] of requestsPerScenario) {
      console.log(`  ${label}, ${opens} re-opens   ${requests} (budget 0) ${requests === 0 ? 'ok' : 'OVER'}`);
    }
    for (const line of lookUpLines) console.log(line);
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
}

await popupTime();
