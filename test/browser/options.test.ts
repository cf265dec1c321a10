import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { axeViolations } from './popup-page';
import { readSettings } from './extension-settings';
import { storedHistory, storeHistory } from './history';
import type { RequestRecord } from '../../utils/requests';

/**
 * The options page of the built extension, driven as a person would: type, save, reload, and
 * check both what the page shows and what the extension stored.
 */

const ext = useExtension();

async function openOptions(): Promise<TestPage> {
  const page = await ext.openExtensionPage('options.html');
  await page.waitForFunction(() => document.getElementById('options')?.getAttribute('aria-busy') !== 'true');
  return page;
}

const parts = (page: TestPage) => ({
  baseUrl: page.getByLabel('Stenobird address'),
  apiKey: page.getByLabel('API key (optional)'),
  notifications: page.getByLabel(/Notify me how a request went/),
  save: page.getByRole('button', { name: 'Save' }),
  test: page.getByRole('button', { name: 'Test connection' }),
  status: page.locator('#settings-status'),
});

/** The settings as kept (IndexedDB since issue 13, finding 7), and what storage.local and sync hold of them. */
const stored = async () => ({
  kept: await readSettings(ext),
  ...(await ext.background(async () => ({
    local: (await chrome.storage.local.get(['settings', 'settings$'])) as Record<string, unknown>,
    sync: await chrome.storage.sync.get(null),
  }))),
});
/** Nothing saved: no record yet, or the defaults the extension keeps on its first read. */
const NOTHING_SAVED = [undefined, { version: 3, baseUrl: STENOBIRD_BASE, notifications: true, checkIntervalMinutes: 5 }];

describe('the settings form', () => {
  it('shows the defaults, then saves and reloads each setting; the key stays local, never synced', async () => {
    const page = await openOptions();
    const form = parts(page);
    expect(await form.baseUrl.inputValue()).toBe(STENOBIRD_BASE);
    expect(await form.apiKey.inputValue()).toBe('');
    expect(await form.notifications.isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await form.baseUrl.fill('  https://stenobird.com/eu/  ');
    await form.apiKey.fill('sk_live_123');
    await form.notifications.uncheck();
    await form.save.click();
    await expect.poll(() => form.status.textContent()).toBe('Settings saved.');

    await page.reload();
    await page.waitForFunction(() => document.getElementById('options')?.getAttribute('aria-busy') !== 'true');
    const again = parts(page);
    expect(await again.baseUrl.inputValue()).toBe('https://stenobird.com/eu');
    expect(await again.apiKey.inputValue()).toBe('sk_live_123');
    expect(await again.apiKey.getAttribute('type')).toBe('password');
    expect(await again.notifications.isChecked()).toBe(false);
    expect(await stored()).toEqual({
      kept: { version: 3, baseUrl: 'https://stenobird.com/eu', apiKey: 'sk_live_123', notifications: false, checkIntervalMinutes: 5 },
      local: {},
      sync: {},
    });

    // Emptying the key removes it.
    await again.apiKey.fill('');
    await again.save.click();
    await expect.poll(async () => (await stored()).kept).toEqual({ version: 3, baseUrl: 'https://stenobird.com/eu', notifications: false, checkIntervalMinutes: 5 });
  });

  it('what is saved is what the popup shows at its next open, and the copy the popup reads holds no key', async () => {
    // An episode Stenobird's catalogue lacks: its popup offers the audio's transcription, a
    // free preview without a key, the whole episode with one.
    const episodeUrl = 'https://sv101.fireside.fm/260';
    ext.server.setPage(episodeUrl, readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/sv101-260.html'), 'utf8'));
    const tab = await ext.open(episodeUrl);
    const tabId = await ext.tabIdOf(tab);
    await ext.waitForReport(tabId);
    const previewHint = async () => {
      const popup = await ext.openPopup(tabId);
      await expect.poll(() => popup.getByRole('button', { name: 'Transcribe audio with Stenobird' }).isVisible()).toBe(true);
      const shown = await popup.getByText('Without an API key this is a free 15-second preview.', { exact: false }).isVisible();
      await popup.close();
      return shown;
    };
    expect(await previewHint()).toBe(true);

    const page = await openOptions();
    const form = parts(page);
    await form.apiKey.fill('sk_live_copy_check');
    await form.save.click();
    await expect.poll(() => form.status.textContent()).toBe('Settings saved.');
    expect(await previewHint()).toBe(false);
    const session = await ext.background(async () => JSON.stringify(await chrome.storage.session.get(null)));
    expect(session).toContain('"hasApiKey":true');
    expect(session).not.toContain('sk_live_copy_check');

    await form.apiKey.fill('');
    await form.save.click();
    await expect.poll(async () => (await stored()).kept?.apiKey).toBeUndefined();
    // The copy the popup reads is written just after the database: the popup opens once it is.
    await expect.poll(() => ext.background(async () => ((await chrome.storage.session.get('settingsShown')).settingsShown as { hasApiKey?: boolean } | undefined)?.hasApiKey)).toBe(false);
    expect(await previewHint()).toBe(true);
  });

  it.each([
    ['http://stenobird.com', 'The address must start with https://, because the API key is sent to it.'],
    ['stenobird.com', 'That is not a web address. Enter one like https://stenobird.com.'],
    ['', 'Enter the Stenobird address, for example https://stenobird.com.'],
  ])('refuses %j with a message at the field, and saves nothing', async (input, message) => {
    const page = await openOptions();
    const form = parts(page);
    await form.apiKey.fill('sk_should_not_be_saved');
    await form.baseUrl.fill(input);
    await form.save.click();
    await expect.poll(() => form.status.textContent()).toBe('Nothing was saved. Correct the Stenobird address first.');
    expect(await page.locator('#base-url-error').textContent()).toBe(message);
    expect(await form.baseUrl.getAttribute('aria-invalid')).toBe('true');
    // The message is tied to the field for screen readers, and the field has focus.
    expect(await form.baseUrl.getAttribute('aria-describedby')).toContain('base-url-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('base-url');
    expect(NOTHING_SAVED).toContainEqual((await stored()).kept);
    expect(await axeViolations(page)).toEqual([]);
  });

  /**
   * Headless Chromium cannot answer a permission prompt (the request stays pending), so the
   * page's `permissions.request` is replaced by the user's answer; what is tested is that the
   * page asks for the right host at save time and acts on the answer.
   */
  async function answerPermissionPrompt(page: TestPage, granted: boolean): Promise<void> {
    await page.evaluate((answer) => {
      const asked: unknown[] = [];
      (globalThis as unknown as { asked: unknown[] }).asked = asked;
      chrome.permissions.request = (async (permissions: unknown) => {
        asked.push(permissions);
        return answer;
      }) as never;
    }, granted);
  }
  const asked = (page: TestPage) => page.evaluate(() => (globalThis as unknown as { asked: unknown[] }).asked);

  it('asks for the host permission of an address other than stenobird.com when saving; refused, nothing is saved', async () => {
    const page = await openOptions();
    await answerPermissionPrompt(page, false);
    const form = parts(page);
    await form.baseUrl.fill('https://staging.stenobird.test:8443/api');
    await form.save.click();
    await expect.poll(() => form.status.textContent()).toBe('Stenobird Companion was not allowed to reach staging.stenobird.test, so nothing was saved.');
    expect(await asked(page)).toEqual([{ origins: ['https://staging.stenobird.test/*'] }]);
    expect(NOTHING_SAVED).toContainEqual((await stored()).kept);
  });

  it('granted, the other address is saved', async () => {
    const page = await openOptions();
    await answerPermissionPrompt(page, true);
    const form = parts(page);
    await form.baseUrl.fill('https://staging.stenobird.test/');
    await form.save.click();
    await expect.poll(() => form.status.textContent()).toBe('Settings saved.');
    expect(await asked(page)).toEqual([{ origins: ['https://staging.stenobird.test/*'] }]);
    expect((await stored()).kept).toMatchObject({ baseUrl: 'https://staging.stenobird.test' });
  });

  it('saving stenobird.com itself asks for nothing', async () => {
    const page = await openOptions();
    await answerPermissionPrompt(page, false);
    await parts(page).save.click();
    await expect.poll(() => parts(page).status.textContent()).toBe('Settings saved.');
    expect(await asked(page)).toEqual([]);
  });
});

describe('Test connection', () => {
  const CHECK = /^\/v1\/transcripts\/tr_connectioncheck$/;

  it('reports success, with the typed (unsaved) key sent to Stenobird', async () => {
    ext.server.apiKeys.add('sk_good');
    const page = await openOptions();
    const form = parts(page);
    await form.apiKey.fill('sk_good');
    await form.test.click();
    await expect.poll(() => form.status.textContent()).toBe('Connected to Stenobird at stenobird.com, and it accepted the API key.');
    expect(await form.status.getAttribute('data-tone')).toBe('ok');
    const [check] = ext.server.requestsTo('GET', CHECK);
    expect(check!.headers.authorization).toBe('Bearer sk_good');
  });

  it('reports a refused key as a failure', async () => {
    ext.server.apiKeys.add('sk_good');
    const page = await openOptions();
    const form = parts(page);
    await form.apiKey.fill('sk_wrong');
    await form.test.click();
    await expect.poll(() => form.status.textContent()).toBe('Stenobird at stenobird.com did not accept the API key. Check the key and try again.');
    expect(await form.status.getAttribute('data-tone')).toBe('error');
  });

  it('reports a server that is down as a failure, with the reason', async () => {
    ext.server.script('GET', CHECK, { status: 503, body: 'down' }, { status: 503, body: 'down' }, { status: 503, body: 'down' });
    const page = await openOptions();
    const form = parts(page);
    await form.test.click();
    await expect.poll(() => form.status.textContent(), { timeout: 10_000 }).toMatch(/^Could not connect to stenobird\.com: Stenobird is having trouble right now\./);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('reports an address that is not a Stenobird', async () => {
    const page = await openOptions();
    const form = parts(page);
    await form.baseUrl.fill('https://stenobird.com/not-here');
    await form.test.click();
    await expect.poll(() => form.status.textContent()).toBe('stenobird.com answered, but not as Stenobird does. Check the address.');
  });
});

describe('sites and history', () => {
  it('lists the "always detect" sites and removes one', async () => {
    // The one site whose permission the extension holds without a prompt (see detect.test.ts).
    await ext.background(async (site) => {
      await chrome.scripting.registerContentScripts([{ id: `always-detect ${site}`, matches: [`${site}/*`], js: ['/episode-detector.js'], persistAcrossSessions: true }]);
      await chrome.storage.local.set({ alwaysDetectSites: [site] });
    }, STENOBIRD_BASE);
    const page = await openOptions();
    const remove = page.getByRole('button', { name: 'Stop detecting episodes on stenobird.com' });
    expect(await remove.isVisible()).toBe(true);
    await remove.click();
    await expect.poll(() => page.locator('#sites-status').textContent()).toBe('Episodes on stenobird.com are no longer detected automatically.');
    expect(await page.locator('#sites').textContent()).toMatch(/None yet/);
    expect(await ext.background(() => chrome.storage.local.get('alwaysDetectSites'))).toEqual({ alwaysDetectSites: [] });
    expect(await ext.background(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  });

  it('shows the request history newest first, and "Clear" forgets the ended requests only', async () => {
    const record = (key: string, title: string, phase: RequestRecord['phase'], requestedAt: number): RequestRecord => ({
      key, kind: 'catalogue', source: 'stenobird', pageUrl: `${STENOBIRD_BASE}/podcast/${key}`, title, podcastSlug: key.split('/')[0], episodeSlug: key.split('/')[1],
      phase, state: phase === 'available' ? 'available' : 'queued', requestedAt, updatedAt: requestedAt, attempts: 0,
      ...(phase === 'following' ? { nextCheckAt: Date.now() + 3_600_000 } : {}),
    });
    await storeHistory(ext, {
      'show/old': record('show/old', 'An older episode', 'available', Date.now() - 86_400_000),
      'show/new': record('show/new', 'A newer episode', 'following', Date.now() - 60_000),
    });
    const page = await openOptions();
    expect(await page.locator('.history-title').allTextContents()).toEqual(['A newer episode', 'An older episode']);
    expect(await page.locator('.history-status').allTextContents()).toEqual(['Queued at Stenobird', 'Transcript available']);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Clear history' }).click();
    await expect.poll(() => page.locator('.history-title').allTextContents()).toEqual(['A newer episode']);
    // The rows go with the history's change in storage, the words with the background's answer:
    // the two arrive in either order.
    await expect.poll(() => page.locator('#history-status').textContent()).toBe('History cleared.');
    expect(Object.keys(await storedHistory(ext))).toEqual(['show/new']);
  });
});
