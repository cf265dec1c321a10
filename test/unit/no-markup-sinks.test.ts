import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Page content (titles, descriptions, show names) is hostile: it may only ever reach the
 * extension's DOM as text. The one DOM builder, `components/dom.ts`, uses `textContent`; this
 * test keeps every other way of turning a string into markup out of the extension's source.
 */
const root = resolve(import.meta.dirname, '../..');
const SINKS = /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|createContextualFragment|parseFromString|\.srcdoc\s*=|setHTMLUnsafe|new Function\b|\beval\(/;

/**
 * The one exception: a right-clicked link's page, fetched by the background, is parsed into a
 * document of its own to run the detectors on (`DOMParser` makes an inert document: no script
 * runs, nothing loads). That document is only read, never shown: the file may not move its
 * nodes anywhere.
 */
const PARSES_FETCHED_PAGES = 'utils/detect/html.ts';
const MOVES_NODES = /appendChild|append\(|prepend\(|replaceChildren|insertBefore|importNode|adoptNode|replaceWith/;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|html)$/.test(name) ? [path] : [];
  });
}

describe('the extension’s source', () => {
  const files = ['entrypoints', 'components', 'utils'].flatMap((dir) => sources(resolve(root, dir)));

  it('is found', () => {
    expect(files.map((f) => relative(root, f))).toContain('components/dom.ts');
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s never turns a string into markup', (_name, file) => {
    const offending = readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => `${i + 1}: ${line.trim()}`)
      .filter((line) => SINKS.test(line))
      .filter((line) => !(relative(root, file) === PARSES_FETCHED_PAGES && /new DOMParser\(\)\.parseFromString\(/.test(line)));
    expect(offending).toEqual([]);
  });

  it(`${PARSES_FETCHED_PAGES} parses fetched pages only to read them`, () => {
    const text = readFileSync(resolve(root, PARSES_FETCHED_PAGES), 'utf8');
    expect(text).toMatch(/parseFromString/);
    expect(text).not.toMatch(MOVES_NODES);
  });
});
