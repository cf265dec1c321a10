import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The contract's promise: "Where the live service turns out to differ, change this page and that
 * one module." So nothing outside `utils/stenobird/` may build a Stenobird API or page URL,
 * perform HTTP, or read a response body. This scans the extension's source for the ways that
 * could happen.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const CLIENT = 'utils/stenobird/';

/**
 * Fireside's show sites are a boundary of their own: a right-clicked link's JSON Feed or page is
 * read in the background, and `utils/fireside/http.ts` is the one module that fetches from
 * them. It may perform HTTP and read bodies (Fireside's, not Stenobird's); it may still build no
 * Stenobird URL, and it imports nothing of `utils/stenobird/`, so Stenobird's URLs and bodies
 * stay where the contract says.
 */
const FIRESIDE_HTTP = 'utils/fireside/http.ts';
const FIRESIDE_MAY = new Set(['performs HTTP itself', 'reads a response body']);
/**
 * The capped body reader both HTTP modules share (`utils/net/`): it reads bytes, up to a cap,
 * for whichever module called it, and knows nothing of Stenobird either.
 */
const CAPPED_BODY = 'utils/net/capped-body.ts';
const CAPPED_BODY_MAY = new Set(['reads a response body']);
/** The one request both HTTP modules make (`utils/net/bounded-fetch.ts`): HTTP, for either, knowing neither. */
const BOUNDED_FETCH = 'utils/net/bounded-fetch.ts';
const BOUNDED_FETCH_MAY = new Set(['performs HTTP itself']);

const RULES: Array<[string, RegExp]> = [
  ['builds a Stenobird API path', /\/v1\//],
  ['builds a catalogue page path', /\/podcast\/\$\{|['"`]\/podcast\/['"`]\s*\+/],
  ['performs HTTP itself', /\bfetch\s*\)?\s*\(|\bXMLHttpRequest\b|\bEventSource\b|from\s+['"]ky['"]/],
  ['reads a response body', /\.(json|text|blob|arrayBuffer|formData)\s*\(\s*\)|\.body\.getReader\(/],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs|html)$/.test(entry.name) ? [path] : [];
  });
}

function violations(path: string, text: string): string[] {
  const allowed = path === FIRESIDE_HTTP ? FIRESIDE_MAY : path === CAPPED_BODY ? CAPPED_BODY_MAY : path === BOUNDED_FETCH ? BOUNDED_FETCH_MAY : new Set<string>();
  const rules = RULES.filter(([rule]) => !allowed.has(rule));
  return text.split('\n').flatMap((line, index) =>
    rules.filter(([, pattern]) => pattern.test(line)).map(([rule]) => `${path}:${index + 1} ${rule}: ${line.trim()}`),
  );
}

describe('only utils/stenobird/ talks to Stenobird', () => {
  const files = ['entrypoints', 'components', 'utils']
    .flatMap(sourceFiles)
    .concat('wxt.config.ts')
    .map((path) => relative(ROOT, join(ROOT, path)))
    .filter((path) => !path.startsWith(CLIENT));

  it('scans the whole extension source', () => {
    expect(files).toEqual(expect.arrayContaining(['utils/requests/catalogue-request.ts', 'entrypoints/popup/main.ts', 'components/stenobird-status.ts', 'utils/storage.ts']));
  });

  it('finds no Stenobird URL building, HTTP or body reading elsewhere', () => {
    expect(files.flatMap((path) => violations(path, readFileSync(join(ROOT, path), 'utf8')))).toEqual([]);
  });

  it('lets only the Fireside fetcher do HTTP, and it knows nothing of Stenobird', () => {
    const fireside = readFileSync(join(ROOT, FIRESIDE_HTTP), 'utf8');
    expect(fireside).not.toMatch(/from\s+['"][^'"]*stenobird/);
    expect(readFileSync(join(ROOT, CAPPED_BODY), 'utf8')).not.toMatch(/from\s+['"]/);
    // The shared request imports only its neighbours in utils/net/, never a site's module.
    expect([...readFileSync(join(ROOT, BOUNDED_FETCH), 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1])).toEqual(['./capped-body', './follow-redirects']);
    expect(violations(CAPPED_BODY, 'const response = await fetch(url);')).toHaveLength(1);
    expect(violations(FIRESIDE_HTTP, 'const body = await response.json();')).toEqual([]);
    expect(violations(FIRESIDE_HTTP, 'const url = `${base}/v1/public/podcasts/${p}`;')).toHaveLength(1);
    expect(violations('utils/fireside/json-feed.ts', 'const response = await fetch(url);')).toHaveLength(1);
  });

  it('would notice each kind of breach', () => {
    const samples = [
      "const url = `${base}/v1/public/podcasts/${p}`;",
      'open(`${base}/podcast/${ref.podcastSlug}`);',
      'const response = await fetch(url);',
      'const response = await (options.fetch ?? fetch)(url);',
      "import ky from 'ky';",
      'const body = await response.json();',
      'const text = await res.text();',
    ];
    for (const sample of samples) expect(violations('sample.ts', sample), sample).toHaveLength(1);
    expect(violations('sample.ts', "node.textContent = 'x'; const u = new URL(location.href);")).toEqual([]);
  });
});
