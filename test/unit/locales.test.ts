import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';

/** Adding a language is adding a file: every locale must carry exactly the English keys. */
const ROOT = resolve(import.meta.dirname, '../..');


describe('locales', () => {
  it('every locale has exactly the English keys, so a language is added without code', async () => {
    const keys = async (file: string) => (await parseMessagesFile(join(ROOT, 'locales', file))).map((m) => m.key.join('.')).sort();
    const english = await keys('en.yml');
    expect(english.length).toBeGreaterThan(20);
    for (const file of readdirSync(join(ROOT, 'locales')).filter((f) => f !== 'en.yml')) {
      expect({ file, keys: await keys(file) }).toEqual({ file, keys: english });
    }
  });
});
