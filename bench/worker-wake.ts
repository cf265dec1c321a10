// The background worker as users live with it: how often browsing that has nothing to do with
// podcasts wakes it (each page loaded with the worker stopped first, as after it idles out), and
// what each start costs (background.js evaluated) beside the empty WXT worker (bench/floor), and
// beside that worker with zod's types added (bench/floor-zod), the part no code of ours can shed.
// Headless Chromium; prints figures, asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeServer, STENOBIRD_BASE } from '../test/browser/fake/server';
import { simplePage } from '../test/browser/fake/stenobird-pages';
import { EXTENSION_DIR, launchChromium } from '../test/browser/harness';
import { evaluations, traceDuring, Workers } from './lib/cdp';
import { median, ms, printTable, ratioVerdict, type Row } from './lib/table';

const FLOOR_DIR = resolve(import.meta.dirname, 'floor/.output/chrome-mv3');
const FLOOR_ZOD_DIR = resolve(import.meta.dirname, 'floor-zod/.output/chrome-mv3');
const FIXTURES = resolve(import.meta.dirname, '../test/fixtures');
const STARTS = Number(process.env.BENCH_STARTS ?? 15);
const OTHER_HOSTS = ['news.example', 'shop.example', 'mail.example', 'video.example', 'forum.example'];

/** 20 pages that are not episode candidates: other sites, and Fireside's and Stenobird's other pages. */
const PAGES: Array<[url: string, html: string]> = [
  ...OTHER_HOSTS.flatMap((host): Array<[string, string]> => [
    [`https://${host}/`, simplePage(`${host} home`, 'Front page.')],
    [`https://${host}/2024/01/a-story-about-podcasts`, simplePage(`A story on ${host}`, 'Someone mentions a podcast.')],
  ]),
  ...(
    [
      ['https://linuxunplugged.fireside.fm/', 'fireside/show-home-subdomain.html'],
      ['https://linuxunplugged.fireside.fm/episodes', 'fireside/episodes-list.html'],
      ['https://linuxunplugged.fireside.fm/hosts', 'fireside/hosts.html'],
      ['https://linuxunplugged.fireside.fm/tags/xz', 'fireside/tag-xz.html'],
      ['https://selfhosted.fireside.fm/subscribe', 'fireside/subscribe.html'],
      ['https://share.fireside.fm/episode/IAs5ixts+SMPxxUmC', 'fireside/share-page.html'],
      ['https://fireside.fm/', 'fireside/fireside-home.html'],
      ['https://app.fireside.fm/login', 'fireside/app-login.html'],
    ] as const
  ).map(([url, file]): [string, string] => [url, readFileSync(resolve(FIXTURES, file), 'utf8')]),
  [`${STENOBIRD_BASE}/docs`, ''],
  [`${STENOBIRD_BASE}/podcast/elixir-wizards`, ''],
];

export async function workerWake(): Promise<void> {
  const extraHosts = [...OTHER_HOSTS, 'fireside.fm'];
  const server = await new FakeServer(extraHosts).start();
  for (const [url, html] of PAGES) if (html) server.setPage(url, html);
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-bench-'));
  const context = await launchChromium(profile, [EXTENSION_DIR, FLOOR_DIR, FLOOR_ZOD_DIR], server.port, extraHosts);
  try {
    while (context.serviceWorkers().length < 3) await context.waitForEvent('serviceworker');
    const all = context.serviceWorkers();
    const names = await Promise.all(all.map((w) => w.evaluate(() => chrome.runtime.getManifest().name)));
    const ours = new URL(all[names.findIndex((n) => !n.startsWith('Floor'))]!.url()).host;
    const floor = new URL(all[names.indexOf('Floor')]!.url()).host;
    const floorZod = new URL(all[names.indexOf('Floor with zod')]!.url()).host;
    const workers = await Workers.open(context);
    const tab = await context.newPage();

    // The control: an episode page does wake the worker (its content script reports). How long
    // that takes sets how long each other page is watched for a start.
    await workers.stop(ours);
    const controlStart = Date.now();
    await tab.goto(`${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`);
    await workers.running(ours, 20_000);
    const controlMs = Date.now() - controlStart;
    const watchMs = Math.max(1_000, 4 * controlMs);

    const woke: string[] = [];
    for (const [url] of PAGES) {
      // Ours alone: the empty worker plays no part here, and a stop it is slow to carry out
      // must not hold the measurement up.
      await workers.stop(ours);
      const before = workers.starts(ours);
      await tab.goto(url);
      await new Promise((r) => setTimeout(r, watchMs));
      if (workers.starts(ours) > before) woke.push(new URL(url).host + new URL(url).pathname);
    }

    // Each start evaluates background.js: the empty worker's and ours, started alike, in turns.
    const events = await traceDuring(context.browser()!, async () => {
      for (let i = 0; i < STARTS; i++) {
        await workers.stopAll();
        await workers.start(floor);
        await workers.start(floorZod);
        await workers.start(ours);
      }
    });
    const oursEval = evaluations(events, `chrome-extension://${ours}/background.js`);
    const floorEval = evaluations(events, `chrome-extension://${floor}/background.js`);
    const floorZodEval = evaluations(events, `chrome-extension://${floorZod}/background.js`);
    await workers.close();

    const rows: Row[] = [
      ['figure', 'measured', 'budget'],
      [
        `worker wake-ups from ${PAGES.length} pages that are not candidates (${OTHER_HOSTS.length * 2} other sites, ${PAGES.length - OTHER_HOSTS.length * 2} Fireside and Stenobird pages), worker stopped before each`,
        `${woke.length} of ${PAGES.length}`,
        `0 ${woke.length === 0 ? 'ok' : 'OVER'}`,
      ],
      [`  control: an episode page woke the worker`, `after ${controlMs} ms (each page above watched ${watchMs} ms)`, ''],
      [`background.js evaluation per start (median of ${oursEval.length})`, `${ms(median(oursEval))} (empty worker ${ms(median(floorEval))})`, ratioVerdict(median(oursEval) / median(floorEval), 2.5)],
      [
        `  reference: the empty worker with the zod types ours checks with (bench/floor-zod)`,
        `${ms(median(floorZodEval))} (${(median(floorZodEval) / median(floorEval)).toFixed(2)}× the empty worker)`,
        '',
      ],
    ];
    printTable('The background worker (headless Chromium; starts counted by CDP ServiceWorker, evaluation from the trace)', rows);
    if (woke.length) console.log(`  woken by: ${woke.join(', ')}`);
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

await workerWake();
