import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

/** Rules about the source tree that keep their promises as the code grows. */
const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}
const shipped = ['entrypoints', 'components', 'utils'].flatMap((d) => sourceFiles(join(ROOT, d)));

describe('source rules', () => {
  it('never turns text into markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    const offenders = shipped.filter((file) => /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('every locale has exactly the English keys, so a language is added without code', async () => {
    const keys = async (file: string) => (await parseMessagesFile(join(ROOT, 'locales', file))).map((m) => m.key.join('.')).sort();
    const english = await keys('en.yml');
    expect(english.length).toBeGreaterThan(20);
    for (const file of readdirSync(join(ROOT, 'locales')).filter((f) => f !== 'en.yml')) {
      expect({ file, keys: await keys(file) }).toEqual({ file, keys: english });
    }
  });
});
