import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { useExtension } from './session';
import { BROWSER, type TestPage } from './harness';
import { STENOBIRD_BASE } from './fake/server';
import { axeViolations } from './popup-page';
import { writeSettings } from './extension-settings';

/**
 * Issue 13 (storage hardening), in the built extension: a full `storage.local` does not freeze
 * the popup (finding 3); the API key and the settings are out of a content script's reach
 * (finding 7); changing the Stenobird address asks what becomes of the key (finding 8).
 */

const ext = useExtension();
const firefox = BROWSER === 'firefox';

/**
 * Chromium: fills `storage.local` to its quota (QUOTA_BYTES, 10 MB without `unlimitedStorage`)
 * with data of no meaning to the extension, down to a few bytes of room; answers the bytes used.
 */
const fillLocalStorage = () =>
  ext.background(async () => {
    let n = 0;
    for (const size of [1_000_000, 100_000, 10_000, 1_000, 100, 10]) {
      for (;;) {
        try {
          await chrome.storage.local.set({ [`filler${n++}`]: 'x'.repeat(size) });
        } catch {
          break;
        }
      }
    }
    return chrome.storage.local.getBytesInUse(null);
  });

/**
 * Firefox's `storage.local` has no fixed quota a test could fill (it is the profile's IndexedDB,
 * bounded by the disk): from here on it refuses every write the way Firefox does when that
 * bound is reached, with a QuotaExceededError. `chrome` is the background's own `browser`, so
 * the extension's code meets the refusal.
 */
async function refuseLocalWrites(): Promise<void> {
  await ext.background(() => {
    const local = chrome.storage.local as unknown as { set: unknown; harnessSet?: unknown };
    local.harnessSet = local.set;
    local.set = async () => {
      throw new DOMException('The current transaction exceeded its quota limitations.', 'QuotaExceededError');
    };
  });
  // The background lives on after this test: it gets its storage back.
  onTestFinished(() =>
    ext.background(() => {
      const local = chrome.storage.local as unknown as { set: unknown; harnessSet?: unknown };
      local.set = local.harnessSet;
      delete local.harnessSet;
    }),
  );
}

const QUOTA = 10_485_760;
const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const EPISODE = `${STENOBIRD_BASE}/podcast/${PODCAST}/${SLUG}`;
const POST = new RegExp(`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests$`);

async function openOptions(): Promise<TestPage> {
  const page = await ext.openExtensionPage('options.html');
  await page.waitForFunction(() => document.getElementById('options')?.getAttribute('aria-busy') !== 'true');
  return page;
}

const form = (page: TestPage) => ({
  baseUrl: page.getByLabel('Stenobird address'),
  apiKey: page.getByLabel('API key (optional)'),
  save: page.getByRole('button', { name: 'Save' }),
  status: page.locator('#settings-status'),
});

/** Saves settings through the options page, as a user does. */
async function saveInOptions(values: { apiKey?: string; baseUrl?: string }): Promise<TestPage> {
  const page = await openOptions();
  const f = form(page);
  if (values.baseUrl !== undefined) await f.baseUrl.fill(values.baseUrl);
  if (values.apiKey !== undefined) await f.apiKey.fill(values.apiKey);
  await f.save.click();
  await expect.poll(() => f.status.textContent()).toBe('Settings saved.');
  return page;
}

/** The settings the extension uses, as its options page shows them after a reload. */
async function settingsShown(): Promise<{ baseUrl: string; apiKey: string }> {
  const page = await openOptions();
  const f = form(page);
  const shown = { baseUrl: await f.baseUrl.inputValue(), apiKey: await f.apiKey.inputValue() };
  await page.close();
  return shown;
}

/**
 * A headless browser cannot answer a permission prompt: the options page's `permissions.request`
 * is replaced by the user's answer (as in options.test.ts).
 */
async function grantPermissionPrompts(page: TestPage): Promise<void> {
  await page.evaluate(() => {
    chrome.permissions.request = (async () => true) as never;
  });
}

/**
 * Evaluates `expression` in this extension's content-script world on the page (the isolated
 * world a compromised renderer would run code in) and answers its value. Chromium: through CDP,
 * in the world the content script runs in. Firefox: no driver reaches that sandbox, so the
 * extension itself runs the code there (`tabs.executeScript`, which Firefox runs in the same
 * sandbox as the extension's content scripts, and whose promise it waits for).
 */
async function inContentScriptWorld(page: TestPage, expression: string): Promise<unknown> {
  if (firefox) {
    const tabId = await ext.tabIdOf(page);
    const [value] = await ext.background(
      ({ tabId, code }) => (chrome.tabs as unknown as { executeScript(id: number, details: { code: string }): Promise<unknown[]> }).executeScript(tabId, { code }),
      // `chrome` as the Chromium branch sees it: the promise-returning namespace (Firefox's `browser`).
      { tabId, code: `(() => { const chrome = browser; return ${expression}; })()` },
    );
    return value;
  }
  const cdp: CDPSession = await ext.chromium!.context.newCDPSession(page as never);
  try {
    const contexts: Array<{ id: number; origin: string; name: string; auxData?: { type?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(ext.extensionId));
    if (!world) throw new Error(`No content-script world of the extension on ${page.url()}: ${JSON.stringify(contexts)}`);
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`In the content-script world: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  } finally {
    await cdp.detach();
  }
}

describe('a full storage.local (finding 3)', () => {
  it('the popup’s request still goes out, the button comes back, and the popup says nothing could be kept', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    if (firefox) await refuseLocalWrites();
    else expect(await fillLocalStorage()).toBeGreaterThan(QUOTA - 100);

    const popup = await ext.openPopup(tabId);
    await popup.getByRole('button', { name: 'Request transcript' }).click();
    const status = popup.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toMatch(/storage is full/);
    expect(await status.textContent()).toMatch(/^Transcript requested/);
    // Usable again: the same action, enabled, not "Requesting transcript…".
    const button = popup.locator('main button.primary');
    expect(await button.textContent()).toBe('Request transcript');
    expect(await button.isEnabled()).toBe(true);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    expect(await axeViolations(popup)).toEqual([]);
  });
});

describe('settings out of a content script’s reach (finding 7)', () => {
  it('code in the content-script world cannot read the API key, and what it writes to storage.local changes nothing the extension uses', async () => {
    await saveInOptions({ apiKey: 'sk_live_secret_42' });
    const page = await ext.open(EPISODE);
    await ext.waitForReport(await ext.tabIdOf(page));

    const everything = await inContentScriptWorld(page, 'chrome.storage.local.get(null).then((all) => JSON.stringify(all))');
    expect(typeof everything).toBe('string');
    expect(everything).not.toContain('sk_live_secret_42');

    // It rewrites the settings where they used to be, and asks the background to change them.
    await inContentScriptWorld(
      page,
      `Promise.all([
        chrome.storage.local.set({ settings: { baseUrl: 'https://attacker.example', apiKey: 'sk_attacker' }, 'settings$': { v: 2 } }),
        chrome.runtime.sendMessage({ type: 'save-settings', settings: { baseUrl: 'https://attacker.example', notifications: true } }).catch(() => undefined),
      ]).then(() => true)`,
    );
    expect(await settingsShown()).toEqual({ baseUrl: STENOBIRD_BASE, apiKey: 'sk_live_secret_42' });
  });
});

describe('changing the Stenobird address (finding 8)', () => {
  const confirmGroup = (page: TestPage) => page.getByRole('group', { name: /API key/ });

  it('asks whether to keep the key for the new address; the default, removing it, is focused', async () => {
    const page = await saveInOptions({ apiKey: 'sk_live_1' });
    await grantPermissionPrompts(page);
    const f = form(page);
    await f.baseUrl.fill('https://staging.stenobird.test');
    await f.save.click();
    const ask = confirmGroup(page);
    await expect.poll(() => ask.isVisible()).toBe(true);
    expect(await ask.textContent()).toContain('staging.stenobird.test');
    const remove = page.getByRole('button', { name: /remove the key/i });
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(await remove.textContent());
    expect(await axeViolations(page)).toEqual([]);
    // Nothing is saved before the answer.
    expect(await settingsShown()).toEqual({ baseUrl: STENOBIRD_BASE, apiKey: 'sk_live_1' });

    await remove.click();
    await expect.poll(() => f.status.textContent()).toBe('Settings saved. The API key was removed.');
    expect(await settingsShown()).toEqual({ baseUrl: 'https://staging.stenobird.test', apiKey: '' });
  });

  it('kept on request, the key goes with the new address', async () => {
    const page = await saveInOptions({ apiKey: 'sk_live_1' });
    await grantPermissionPrompts(page);
    const f = form(page);
    await f.baseUrl.fill('https://staging.stenobird.test');
    await f.save.click();
    await expect.poll(() => confirmGroup(page).isVisible()).toBe(true);
    await page.getByRole('button', { name: /keep the key/i }).click();
    await expect.poll(() => f.status.textContent()).toBe('Settings saved.');
    expect(await settingsShown()).toEqual({ baseUrl: 'https://staging.stenobird.test', apiKey: 'sk_live_1' });
  });

  it('a new key typed with the new address is the user’s answer already: no question', async () => {
    const page = await saveInOptions({ apiKey: 'sk_live_1' });
    await grantPermissionPrompts(page);
    const f = form(page);
    await f.baseUrl.fill('https://staging.stenobird.test');
    await f.apiKey.fill('sk_staging_2');
    await f.save.click();
    await expect.poll(() => f.status.textContent()).toBe('Settings saved.');
    expect(await confirmGroup(page).count()).toBe(0);
    expect(await settingsShown()).toEqual({ baseUrl: 'https://staging.stenobird.test', apiKey: 'sk_staging_2' });
  });
});

describe('a job stays on the Stenobird it was made on (finding 8)', () => {
  const EVENTS = /^\/v1\/transcripts\/tr_\w+\/events$/;
  /** A Fireside episode page with its audio: the content script reads it. */
  const SV101 = 'https://sv101.fireside.fm/260';

  const openView = (audioUrl: string) => ext.openExtensionPage(`transcript.html?job=${encodeURIComponent(`job:${audioUrl}`)}`);

  it('after the address changes (key kept), the transcript view follows the job where it was made, without the key', async () => {
    await writeSettings(ext, { apiKey: 'sk_live_1' });
    ext.server.jobScript.paceMs = null;
    ext.server.setPage(SV101, readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/sv101-260.html'), 'utf8'));
    const page = await ext.open(SV101);
    const tabId = await ext.tabIdOf(page);
    // The episode's audio as the page states it: the popup's button names it (act only on what is shown).
    const report = (await ext.waitForReport(tabId)) as { episode: { pageUrl: string; audioUrl?: string } };
    const audioUrl = report.episode.audioUrl!;
    expect(audioUrl).toMatch(/^https:/);

    const first = await openView(audioUrl);
    await first.evaluate((message) => chrome.runtime.sendMessage(message), { type: 'transcribe-tab-audio', tabId, shown: { pageUrl: report.episode.pageUrl, audioUrl } });
    await expect.poll(() => ext.server.requestsTo('GET', EVENTS).length).toBe(1);
    expect(ext.server.requestsTo('GET', EVENTS)[0]!.headers.authorization).toBe('Bearer sk_live_1');
    await first.close();
    await expect.poll(() => ext.server.openStreams()).toBe(0);

    // The user moves to another Stenobird and keeps the key (the options page asked).
    await writeSettings(ext, { baseUrl: 'https://staging.stenobird.test' });
    const again = await openView(audioUrl);
    await expect.poll(() => ext.server.requestsTo('GET', EVENTS).length).toBe(2);
    expect(ext.server.requestsTo('GET', EVENTS)[1]!.headers.authorization).toBeUndefined();
    await again.close();
  });
});
