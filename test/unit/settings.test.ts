import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { repairSettings, settings, settingsItem } from '@/utils/settings';
import { normaliseBaseUrl } from '@/utils/stenobird/urls';

/** What a new user gets (README): Stenobird itself, notifications on, a follow-up every 5 minutes, no API key. */
const DEFAULT_SETTINGS = { baseUrl: 'https://stenobird.com', notifications: true, checkIntervalMinutes: 5 };

/** What is in `storage.local` under the settings key and its version key. */
async function stored(): Promise<{ value: unknown; meta: unknown }> {
  const all = await fakeBrowser.storage.local.get(['settings', 'settings$']);
  return { value: all.settings, meta: all['settings$'] };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('settings migrations', () => {
  it('v1 → v2: normalises the base URL and trims the key, keeping every valid choice', async () => {
    await fakeBrowser.storage.local.set({
      settings: { baseUrl: 'https://staging.stenobird.com/', apiKey: '  sk_live_1  ', notifications: false, checkIntervalMinutes: 2, legacy: 'x' },
    });
    await settingsItem().migrate();
    expect(await stored()).toEqual({
      value: { baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1', notifications: false, checkIntervalMinutes: 2 },
      meta: { v: 2 },
    });
    expect(await settings.get()).toEqual({ baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1', notifications: false, checkIntervalMinutes: 2 });
  });

  it('v1 → v2: a plain-http base (accepted by v1) falls back to stenobird.com, the rest is kept', async () => {
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'http://stenobird.local', notifications: false } });
    await settingsItem().migrate();
    expect((await stored()).value).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 42],
    ['an array', [1, 2]],
    ['fields of the wrong types', { baseUrl: 7, apiKey: { k: 1 }, notifications: 'yes', checkIntervalMinutes: -3 }],
    ['an empty key and a base that is not a URL', { baseUrl: 'stenobird', apiKey: '   ' }],
  ])('a corrupted value (%s) is repaired to the defaults, without throwing', async (_name, value) => {
    await fakeBrowser.storage.local.set({ settings: value });
    await expect(settingsItem().migrate()).resolves.toBeUndefined();
    expect((await stored()).value).toEqual(DEFAULT_SETTINGS);
    expect(await settings.get()).toEqual(DEFAULT_SETTINGS);
  });

  it('a corrupted value written after the migration still reads as valid settings', async () => {
    await settingsItem().migrate();
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'javascript:alert(1)', notifications: false, checkIntervalMinutes: 'soon' } });
    expect(await settings.get()).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
  });

  it('nothing stored: the defaults, and the first save records the current version', async () => {
    expect(await settings.get()).toEqual(DEFAULT_SETTINGS);
    await settings.update({ notifications: false });
    expect((await stored()).value).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
  });

  it('update changes only the given fields; an undefined key removes it', async () => {
    await settings.update({ apiKey: 'k1', baseUrl: 'https://example.org/stenobird/' });
    await settings.update({ notifications: false });
    expect(await settings.get()).toEqual({ ...DEFAULT_SETTINGS, apiKey: 'k1', baseUrl: 'https://example.org/stenobird', notifications: false });
    await settings.update({ apiKey: undefined });
    expect((await settings.get()).apiKey).toBeUndefined();
    expect((await stored()).value).not.toHaveProperty('apiKey');
  });

  it('repairs field by field: one bad field does not reset the others', () => {
    expect(repairSettings({ baseUrl: 'ftp://x', apiKey: 'ok', notifications: false, checkIntervalMinutes: 1e9 })).toEqual({
      ...DEFAULT_SETTINGS,
      apiKey: 'ok',
      notifications: false,
    });
  });
});

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://stenobird.com', 'https://stenobird.com'],
    ['  https://stenobird.com/  ', 'https://stenobird.com'],
    ['https://STAGING.Stenobird.com:8443/api//', 'https://staging.stenobird.com:8443/api'],
  ])('accepts %j as %j', (input, value) => {
    expect(normaliseBaseUrl(input)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['stenobird.com', 'not-a-url'],
    ['http://stenobird.com', 'not-https'],
    ['ftp://stenobird.com', 'not-a-url'],
    ['https://user:pw@stenobird.com', 'has-credentials'],
    ['https://stenobird.com/?x=1', 'has-query'],
    ['https://stenobird.com/#top', 'has-query'],
  ])('refuses %j (%s)', (input, problem) => {
    expect(normaliseBaseUrl(input)).toEqual({ ok: false, problem });
  });
});
