import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseMessagesFile } from '@wxt-dev/i18n/build';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Adding a language is adding a file: every locale must carry exactly the English keys, each
 * with as many substitutions (`$1`…) as in English, or a translated sentence would lose the
 * episode's title. The same listing and check run on the real `locales/` and, to show they see
 * a second language and what is wrong with it, on a folder this test writes.
 */
const LOCALES = resolve(import.meta.dirname, '../../locales');

/** The files @wxt-dev/i18n builds a locale from (its module's glob). */
const localeFiles = (dir: string) => readdirSync(dir).filter((name) => /\.(json|json5|jsonc|ya?ml|toml)$/.test(name)).sort();

/** Each key, with its number of substitutions. */
async function messagesOf(path: string): Promise<Record<string, number>> {
  return Object.fromEntries((await parseMessagesFile(path)).map((m) => [m.key.join('.'), m.substitutions]));
}

/** For every locale file in `dir`: the English keys it lacks, the keys English lacks, and keys whose substitutions differ. */
async function differences(dir: string) {
  const english = await messagesOf(join(dir, 'en.yml'));
  return Promise.all(
    localeFiles(dir).map(async (file) => {
      const locale = await messagesOf(join(dir, file));
      return {
        file,
        missing: Object.keys(english).filter((key) => !(key in locale)),
        extra: Object.keys(locale).filter((key) => !(key in english)),
        substitutions: Object.keys(english).filter((key) => key in locale && locale[key] !== english[key]),
      };
    }),
  );
}
const none = (file: string) => ({ file, missing: [], extra: [], substitutions: [] });

const scratch = mkdtempSync(join(tmpdir(), 'stenobird-locales-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('locales', () => {
  it('has English, with the sentences the extension shows', async () => {
    expect(localeFiles(LOCALES)).toContain('en.yml');
    const english = await messagesOf(join(LOCALES, 'en.yml'));
    expect(Object.keys(english).length).toBeGreaterThan(20);
    expect(english).toMatchObject({ extName: 0, toolbarEpisode: 1, seasonEpisode: 2 });
  });

  it('every locale in locales/ has exactly the English keys and substitutions, so a language is added without code', async () => {
    const files = localeFiles(LOCALES);
    expect(await differences(LOCALES)).toEqual(files.map(none));
  });

  it('would catch a second language that lacks a sentence, adds one, or drops a substitution', async () => {
    copyFileSync(join(LOCALES, 'en.yml'), join(scratch, 'en.yml'));
    const english = readFileSync(join(LOCALES, 'en.yml'), 'utf8');
    // A faithful copy passes...
    writeFileSync(join(scratch, 'de.yml'), english);
    expect(await differences(scratch)).toEqual([none('de.yml'), none('en.yml')]);
    // ...a careless one does not.
    const careless = english
      .replace(/^extName: .*\n/m, '')
      .replace(/^toolbarEpisode: .*$/m, 'toolbarEpisode: Episode gefunden')
      .concat('\nonlyInGerman: Nur auf Deutsch\n');
    writeFileSync(join(scratch, 'de.yml'), careless);
    expect(await differences(scratch)).toEqual([
      { file: 'de.yml', missing: ['extName'], extra: ['onlyInGerman'], substitutions: ['toolbarEpisode'] },
      none('en.yml'),
    ]);
  });
});
