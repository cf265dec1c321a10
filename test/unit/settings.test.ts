import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { becomeSettingsOwner, settingsWriter } from '@/utils/settings/owner';
import { repairSettings, settings } from '@/utils/settings/store';
import { normaliseBaseUrl } from '@/utils/stenobird/urls';

/** What a new user gets (README): Stenobird itself, notifications on, a follow-up every 5 minutes, no API key. */
const DEFAULT_SETTINGS = { baseUrl: 'https://stenobird.com', notifications: true, checkIntervalMinutes: 5 };

beforeEach(() => {
  fakeBrowser.reset();
  becomeSettingsOwner();
});

describe('settings', () => {
  it.each([
    ['v1: a trailing slash and a padded key', { baseUrl: 'https://staging.stenobird.com/', apiKey: '  sk_live_1  ', notifications: false, checkIntervalMinutes: 2, legacy: 'x' }, { baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1', notifications: false, checkIntervalMinutes: 2 }],
    ['v1: a plain-http base (accepted then) falls back to stenobird.com, the rest is kept', { baseUrl: 'http://stenobird.local', notifications: false }, { ...DEFAULT_SETTINGS, notifications: false }],
    ['a string', 'garbage', DEFAULT_SETTINGS],
    ['a number', 42, DEFAULT_SETTINGS],
    ['an array', [1, 2], DEFAULT_SETTINGS],
    ['fields of the wrong types', { baseUrl: 7, apiKey: { k: 1 }, notifications: 'yes', checkIntervalMinutes: -3 }, DEFAULT_SETTINGS],
    ['an empty key and a base that is not a URL', { baseUrl: 'stenobird', apiKey: '   ' }, DEFAULT_SETTINGS],
  ])('an older version’s value in storage.local (%s) is read as valid settings, without throwing', async (_name, value, expected) => {
    await fakeBrowser.storage.local.set({ settings: value });
    expect(await settings.get()).toEqual(expected);
    // Moved out for good: the next read does not look there again.
    await fakeBrowser.storage.local.set({ settings: { notifications: !expected.notifications } });
    expect(await settings.get()).toEqual(expected);
  });

  it('nothing stored: the defaults, and the first save keeps them', async () => {
    expect(await settings.get()).toEqual(DEFAULT_SETTINGS);
    await settingsWriter.update({ notifications: false });
    expect(await settings.get()).toEqual({ ...DEFAULT_SETTINGS, notifications: false });
  });

  it('update changes only the given fields; an undefined key removes it', async () => {
    await settingsWriter.update({ apiKey: 'k1', baseUrl: 'https://example.org/stenobird/' });
    await settingsWriter.update({ notifications: false });
    expect(await settings.get()).toEqual({ ...DEFAULT_SETTINGS, apiKey: 'k1', baseUrl: 'https://example.org/stenobird', notifications: false });
    await settingsWriter.update({ apiKey: undefined });
    expect((await settings.get()).apiKey).toBeUndefined();
  });

  it('two saves in a row are both applied, in order', async () => {
    await Promise.all([settingsWriter.update({ apiKey: 'k1' }), settingsWriter.update({ notifications: false })]);
    expect(await settings.get()).toEqual({ ...DEFAULT_SETTINGS, apiKey: 'k1', notifications: false });
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
