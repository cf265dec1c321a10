import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installBrowserSurface } from './fake-browser-surface';
import { installFakeSiteApis } from './fake-site-apis';

/**
 * fakeBrowser has no i18n. Serve the real English messages (locales/en.yml, converted exactly as
 * the build converts them), so unit tests see the sentences users see.
 */
const messages = generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../locales/en.yml')));

function getMessage(key: string, substitutions?: string | string[]): string {
  const entry = messages[key];
  if (!entry) return '';
  const subs = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  let text = entry.message;
  for (const [name, placeholder] of Object.entries(entry.placeholders ?? {})) {
    text = text.replaceAll(`$${name}$`, placeholder.content);
  }
  return text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}

function installI18n(): void {
  const i18n = { getMessage, getUILanguage: () => 'en', getAcceptLanguages: async () => ['en'], detectLanguage: async () => ({ isReliable: false, languages: [] }) };
  Object.assign(fakeBrowser.i18n, i18n);
  // @wxt-dev/i18n reads `chrome`/`browser` from globalThis rather than the polyfill import.
  (globalThis as { chrome?: unknown }).chrome ??= fakeBrowser;
  (globalThis as { browser?: unknown }).browser ??= fakeBrowser;
}

installI18n();
// fakeBrowser.reset() clears nothing of i18n, but re-install in case a test replaced it.
// The background registers permission and scripting listeners at start-up, which fakeBrowser
// lacks: every test gets the in-memory fakes (a test that drives them installs its own handle).
// Likewise menus, commands and the toolbar icon, in the shape of the browser under test.
beforeEach(() => {
  // The settings live in the extension origin's IndexedDB (utils/settings/store.ts): a fresh, empty
  // one for every test, as fakeBrowser.reset() empties storage.
  globalThis.indexedDB = new IDBFactory();
  installI18n();
  installFakeSiteApis();
  installBrowserSurface();
});

/**
 * `vi.waitFor` gives up after 1 s by default: on a loaded 2-core CI machine a few storage round
 * trips and a timer can take longer than that, and the test would fail for the machine's speed.
 * Every wait without its own timeout gets 10 s; a wait that succeeds still returns at once.
 */
const waitFor = vi.waitFor.bind(vi);
vi.waitFor = ((callback: Parameters<typeof waitFor>[0], options?: Parameters<typeof waitFor>[1]) =>
  waitFor(callback, typeof options === 'number' ? options : { timeout: 10_000, ...options })) as typeof vi.waitFor;
