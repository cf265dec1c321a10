// The content script's cost on the page, as users meet it: its evaluation on a freshly loaded
// episode page (detection and the report included) beside the empty WXT content script
// (bench/floor) on a page of its own, and detection's single first run on 10 MB custom-domain
// pages. Headless Chromium; prints figures, asserts nothing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeServer, STENOBIRD_BASE } from '../test/browser/fake/server';
import { simplePage } from '../test/browser/fake/stenobird-pages';
import { EXTENSION_DIR, launchChromium } from '../test/browser/harness';
import { hugePage } from '../test/fixtures/huge-pages.mjs';
import { evaluations, traceDuring } from './lib/cdp';
import { bundleDetector } from './lib/detector-bundle';
import { median, ms, msVerdict, printTable, ratioVerdict, type Row } from './lib/table';

const FLOOR_DIR = resolve(import.meta.dirname, 'floor/.output/chrome-mv3');
const FIXTURES = resolve(import.meta.dirname, '../test/fixtures');
const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const BIG_LOADS = Number(process.env.BENCH_BIG_LOADS ?? 5);
const MB = 1024 * 1024;
/** The floor's content script runs on example.com (bench/floor/entrypoints/content.content.ts). */
const FLOOR_PAGE = 'https://example.com/an-article';

const EPISODES = [
  ['Fireside episode (show subdomain)', 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust', 'fireside/elixir-wizards-s14-e05.html'],
  ['Stenobird episode', `${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`, undefined],
] as const;

/** 10 MB pages on custom domains: every check the Fireside detector makes runs on them. */
const BIG_PAGES = [
  ['custom-domain episode, the footer its only site mark', 'https://www.omnibusproject.com/600', 'huge-custom-episode', 'episode'],
  ['custom-domain episode, feed links in the head', 'https://linuxunplugged.com/560', 'huge-episode', 'episode'],
  ['custom-domain custom page (archive)', 'https://linuxunplugged.com/archive', 'huge-custom-page', 'not-episode'],
] as const;

export async function contentScript(): Promise<void> {
  const extraHosts = ['example.com', 'www.omnibusproject.com', 'linuxunplugged.com'];
  const server = await new FakeServer(extraHosts).start();
  server.setPage(FLOOR_PAGE, simplePage('An article', 'Nothing about podcasts.'));
  for (const [, url, file] of EPISODES) if (file) server.setPage(url, readFileSync(resolve(FIXTURES, file), 'utf8'));
  const profile = mkdtempSync(join(tmpdir(), 'stenobird-bench-'));
  const context = await launchChromium(profile, [EXTENSION_DIR, FLOOR_DIR], server.port, extraHosts);
  try {
    while (context.serviceWorkers().length < 2) await context.waitForEvent('serviceworker');
    const all = context.serviceWorkers();
    const names = await Promise.all(all.map((w) => w.evaluate(() => chrome.runtime.getManifest().name)));
    const ours = new URL(all[names.findIndex((n) => n !== 'Floor')]!.url()).host;
    const floor = new URL(all[names.indexOf('Floor')]!.url()).host;

    const rows: Row[] = [['content script, cold (page freshly loaded)', `evaluation (median of ${LOADS})`, 'empty content script', 'ratio']];
    for (const [label, url] of EPISODES) {
      const tab = await context.newPage();
      // Interleaved, so both see the same machine load; each load is a new document.
      const events = await traceDuring(context.browser()!, async () => {
        for (let i = 0; i < LOADS; i++) {
          await tab.goto(url, { waitUntil: 'load' });
          await tab.goto(FLOOR_PAGE, { waitUntil: 'load' });
        }
        // The last content script runs at document_idle, after `load`.
        await tab.goto('about:blank');
      });
      await tab.close();
      const real = median(evaluations(events, `chrome-extension://${ours}/episode-detector.js`));
      const empty = median(evaluations(events, `chrome-extension://${floor}/content-scripts/content.js`));
      rows.push([label, ms(real), ms(empty), ratioVerdict(real / empty, 1.5)]);
    }
    printTable('Content script on the page (headless Chromium; evaluation from the trace: the script, detection and its report)', rows);

    // Detection's first run on 10 MB pages, in the page, as the content script calls it.
    const code = await bundleDetector();
    const bigRows: Row[] = [['10 MB page', 'size', 'result', `first run (median of ${BIG_LOADS} loads)`, 'fastest–slowest']];
    const tab = await context.newPage();
    for (const [label, url, template, expected] of BIG_PAGES) {
      const html = hugePage(template, 10 * MB);
      server.setPage(url, html);
      const runs: number[] = [];
      let kind = '';
      for (let i = 0; i < BIG_LOADS; i++) {
        await tab.goto(url, { waitUntil: 'load', timeout: 120_000 });
        await tab.addScriptTag({ content: code });
        const run = await tab.evaluate(() => {
          const detect = (globalThis as unknown as { StenobirdDetect: typeof import('./detector-entry') }).StenobirdDetect;
          const start = performance.now();
          const result = detect.detectEpisode(document, new URL(location.href));
          return { ms: performance.now() - start, kind: result.kind };
        });
        runs.push(run.ms);
        kind = run.kind;
      }
      runs.sort((a, b) => a - b);
      bigRows.push([label, `${(Buffer.byteLength(html) / MB).toFixed(1)} MB`, kind === expected ? kind : `${kind} (WRONG)`, msVerdict(median(runs), 10), `${ms(runs[0]!)}–${ms(runs.at(-1)!)}`]);
    }
    await tab.close();
    printTable('Detection, single first run on 10 MB custom-domain pages (headless Chromium; the detector bundled from the content script’s source)', bigRows);
  } finally {
    await context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}

await contentScript();
