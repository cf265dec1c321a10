// Bundle sizes per entrypoint, raw and gzip, beside the same figure for an empty WXT entrypoint
// of the same kind built with the same config (bench/floor). Budgets come from the issues.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Every file an entrypoint loads: its scripts and styles, plus the chunks they import. */
function closure(root, files) {
  const seen = new Set();
  const queue = [...files];
  while (queue.length) {
    const rel = queue.shift();
    if (seen.has(rel) || !existsSync(join(root, rel))) continue;
    seen.add(rel);
    if (!rel.endsWith('.js')) continue;
    const code = readFileSync(join(root, rel), 'utf8');
    for (const m of code.matchAll(/(?:import|from)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
      queue.push(join(dirname(rel), m[1]).replace(/^\/+/, ''));
    }
  }
  return [...seen];
}

/** A page's files: its HTML, and the scripts and styles it loads. */
function htmlAssets(root, page) {
  const html = readFileSync(join(root, page), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1].replace(/^\//, ''));
  return [page.replace(/^\//, ''), ...closure(root, refs)];
}

function measure(root, files) {
  const buffers = files.map((f) => readFileSync(join(root, f)));
  return {
    raw: buffers.reduce((n, b) => n + b.length, 0),
    // Each file is served and compressed on its own.
    gzip: buffers.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0),
  };
}

/** The entrypoints of a built extension, by kind, read from its manifest. */
export function entrypoints(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));
  const list = [];
  const bg = manifest.background?.service_worker ?? manifest.background?.scripts?.[0];
  if (bg) list.push({ name: 'background', kind: 'background', files: closure(root, [bg]) });
  for (const cs of manifest.content_scripts ?? []) {
    for (const js of cs.js ?? []) list.push({ name: js.replace(/^content-scripts\/|\.js$/g, ''), kind: 'content script', files: closure(root, [js, ...(cs.css ?? [])]) });
  }
  const popup = manifest.action?.default_popup ?? manifest.browser_action?.default_popup;
  if (popup) list.push({ name: 'popup', kind: 'popup', files: htmlAssets(root, popup) });
  const options = manifest.options_ui?.page ?? manifest.options_page;
  if (options) list.push({ name: 'options', kind: 'options', files: htmlAssets(root, options) });
  for (const page of ['sidepanel.html', 'transcript.html']) {
    if (existsSync(join(root, page))) list.push({ name: page.replace('.html', ''), kind: 'popup', files: htmlAssets(root, page) });
  }
  return list.map((e) => ({ ...e, ...measure(root, e.files) }));
}

/** Budgets the issues set, as a ratio of the floor or as gzip bytes (issue 11: the popup's HTML counts). */
const BUDGETS = {
  'content script': { floorRatio: 1.5 },
  popup: { gzipBytes: 20 * 1024 },
};

export function sizeTable(realRoot, floorRoot) {
  const floor = Object.fromEntries(entrypoints(floorRoot).map((e) => [e.kind, e]));
  const kb = (n) => `${(n / 1024).toFixed(2)} kB`;
  const rows = entrypoints(realRoot).map((e) => {
    const f = floor[e.kind] ?? floor[e.kind === 'options' ? 'popup' : e.kind];
    const budget = BUDGETS[e.kind];
    let verdict = '';
    if (budget?.floorRatio && f) verdict = `${(e.gzip / f.gzip).toFixed(2)}× floor (≤ ${budget.floorRatio}×) ${e.gzip / f.gzip <= budget.floorRatio ? 'ok' : 'OVER'}`;
    else if (budget?.gzipBytes && e.name === 'popup') verdict = `≤ ${kb(budget.gzipBytes)}, HTML included ${e.gzip <= budget.gzipBytes ? 'ok' : 'OVER'}`;
    return [e.name, e.kind, kb(e.raw), kb(e.gzip), f ? kb(f.raw) : '-', f ? kb(f.gzip) : '-', verdict];
  });
  return [['entrypoint', 'kind', 'raw', 'gzip', 'floor raw', 'floor gzip', 'budget'], ...rows];
}

export function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const [i, row] of rows.entries()) {
    console.log(row.map((c, j) => String(c).padEnd(widths[j])).join('  ').trimEnd());
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
