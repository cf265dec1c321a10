import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { settings } from '@/utils/settings/store';

/**
 * Issue 13, finding 7: the settings (the API key among them) are kept where content scripts
 * cannot reach them, settings left in `storage.local` by older versions are moved out (and
 * deleted there) on the first run, and only the extension's options page can change them.
 */

const fromOptions = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html'), tab: { id: 4, url: fakeBrowser.runtime.getURL('/options.html') } as never, frameId: 0 });
const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const fromContent = () => ({ id: fakeBrowser.runtime.id, url: 'https://smartlogic.fireside.fm/1', tab: { id: 9, url: 'https://smartlogic.fireside.fm/1' } as never, frameId: 0 });
const fromOtherExtension = () => ({ ...fromOptions(), id: 'another-extension-id' });

async function send(message: unknown, sender: object): Promise<unknown> {
  const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {});
  return answers.find((a) => a !== undefined);
}

const local = () => fakeBrowser.storage.local.get(null);

/** The first start of the background after the update that brings this layout: the browser says it was updated. */
function startAfterUpdate(): void {
  background.main();
  void fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
}
const save = (values: object) => ({ type: 'save-settings', settings: { baseUrl: 'https://stenobird.com', notifications: true, ...values } });

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('moving settings out of storage.local (first run)', () => {
  it('the background, at its first start after the update, takes an older version’s settings, keeps them, and deletes them from storage.local', async () => {
    await fakeBrowser.storage.local.set({
      settings: { baseUrl: 'https://staging.stenobird.com/', apiKey: '  sk_live_1  ', notifications: false, checkIntervalMinutes: 2 },
      settings$: { v: 2 },
      requestIndex: {},
    });
    startAfterUpdate();
    await vi.waitFor(async () => expect(Object.keys(await local())).toEqual(['requestIndex']));
    expect(await settings.get()).toEqual({ baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1', notifications: false, checkIntervalMinutes: 2 });
  });

  it('a damaged old value moves as the nearest valid settings', async () => {
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'http://plain.example', apiKey: 7, notifications: false } });
    startAfterUpdate();
    await vi.waitFor(async () => expect(await local()).toEqual({}));
    expect(await settings.get()).toEqual({ baseUrl: 'https://stenobird.com', notifications: false, checkIntervalMinutes: 5 });
  });

  it('after that, what is written to storage.local (a content script can) changes nothing the extension uses', async () => {
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1' } });
    startAfterUpdate();
    await vi.waitFor(async () => expect(await local()).toEqual({}));
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'https://attacker.example', apiKey: 'sk_attacker' }, settings$: { v: 2 } });
    expect(await settings.get()).toMatchObject({ baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1' });
  });

  it('an extension page that finds no settings yet asks the background, which moves them first', async () => {
    await fakeBrowser.storage.local.set({ settings: { baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1' } });
    // The background starts, but its first read has not happened yet when the page reads.
    vi.resetModules();
    const backgroundRealm = (await import('@/entrypoints/background/index')).default;
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => send(message, fromPopup())) as never);
    vi.resetModules();
    const page = (await import('@/utils/settings/store')).settings;
    backgroundRealm.main();
    expect(await page.get()).toMatchObject({ baseUrl: 'https://staging.stenobird.com', apiKey: 'sk_live_1' });
    await vi.waitFor(async () => expect(await local()).toEqual({}));
  });
});

describe('changing settings: only the options page may', () => {
  beforeEach(async () => {
    background.main();
    await vi.waitFor(async () => expect(await send({ type: 'get-settings' }, fromPopup())).toBeDefined());
  });

  it('from the options page: saved, answered as stored, and the key never in storage.local', async () => {
    expect(await send(save({ apiKey: ' sk_live_9 ', notifications: false }), fromOptions())).toEqual({
      ok: true,
      settings: { baseUrl: 'https://stenobird.com', apiKey: 'sk_live_9', notifications: false, checkIntervalMinutes: 5 },
    });
    expect(await settings.get()).toMatchObject({ apiKey: 'sk_live_9', notifications: false });
    expect(JSON.stringify(await local())).not.toContain('sk_live_9');
  });

  it.each([
    ['a content script', fromContent],
    ['another extension', fromOtherExtension],
    ['the popup (it has no settings to change)', fromPopup],
    ['a page of ours in a tab that shows a web page', () => ({ ...fromOptions(), tab: { id: 9, url: 'https://evil.example/' } })],
  ])('from %s: refused, nothing changes', async (_name, sender) => {
    await send(save({ apiKey: 'sk_good' }), fromOptions());
    expect(await send(save({ baseUrl: 'https://attacker.example', apiKey: 'sk_attacker' }), sender())).toBeUndefined();
    expect(await settings.get()).toMatchObject({ baseUrl: 'https://stenobird.com', apiKey: 'sk_good' });
  });

  it('a content script cannot read them through the background either', async () => {
    await send(save({ apiKey: 'sk_good' }), fromOptions());
    expect(await send({ type: 'get-settings' }, fromContent())).toBeUndefined();
    expect(await send({ type: 'get-settings' }, fromPopup())).toMatchObject({ apiKey: 'sk_good' });
  });

  it('an address that is not a valid one is refused with a reason', async () => {
    expect(await send(save({ baseUrl: 'http://stenobird.com' }), fromOptions())).toEqual({ ok: false, message: 'Nothing was saved. Correct the Stenobird address first.' });
    expect((await settings.get()).baseUrl).toBe('https://stenobird.com');
  });
});

describe('the copy pages draw from: session storage, without the API key', () => {
  const session = () => fakeBrowser.storage.session.get(null);
  /** A page's realm (the popup): its own module instance, never the settings' owner. */
  async function pageSettings() {
    vi.resetModules();
    return (await import('@/utils/settings/store')).settings;
  }

  beforeEach(async () => {
    background.main();
    await vi.waitFor(async () => expect(await send({ type: 'get-settings' }, fromPopup())).toBeDefined());
  });

  it('follows every change, holds no key, and is what a page reads, without opening the database', async () => {
    await send(save({ apiKey: 'sk_live_9', notifications: false }), fromOptions());
    expect((await session()).settingsShown).toEqual({ baseUrl: 'https://stenobird.com', notifications: false, checkIntervalMinutes: 5, hasApiKey: true });
    expect(JSON.stringify(await session())).not.toContain('sk_live_9');

    const page = await pageSettings();
    const opened = vi.spyOn(globalThis.indexedDB, 'open');
    expect(await page.shown()).toEqual({ baseUrl: 'https://stenobird.com', notifications: false, checkIntervalMinutes: 5, hasApiKey: true });
    expect(opened).not.toHaveBeenCalled();

    await send(save({ baseUrl: 'https://staging.stenobird.com', notifications: true }), fromOptions());
    expect(await page.shown()).toEqual({ baseUrl: 'https://staging.stenobird.com', notifications: true, checkIntervalMinutes: 5, hasApiKey: false });
  });

  it('missing (the browser started since): a page reads the database, and the background’s next read writes it again', async () => {
    await send(save({ apiKey: 'sk_live_9', baseUrl: 'https://staging.stenobird.com' }), fromOptions());
    await fakeBrowser.storage.session.remove('settingsShown');

    const page = await pageSettings();
    expect(await page.shown()).toEqual({ baseUrl: 'https://staging.stenobird.com', notifications: true, checkIntervalMinutes: 5, hasApiKey: true });

    await settings.get();
    await vi.waitFor(async () => expect((await session()).settingsShown).toMatchObject({ baseUrl: 'https://staging.stenobird.com', hasApiKey: true }));
  });

  it('damaged: read as the nearest valid settings, field by field, and mended by the background’s next read', async () => {
    await send(save({ apiKey: 'sk_live_9', notifications: false }), fromOptions());
    await fakeBrowser.storage.session.set({ settingsShown: { baseUrl: 'javascript:alert(1)', notifications: 'no', checkIntervalMinutes: -1, hasApiKey: 'yes' } });

    const page = await pageSettings();
    expect(await page.shown()).toEqual({ baseUrl: 'https://stenobird.com', notifications: true, checkIntervalMinutes: 5, hasApiKey: false });

    await settings.get();
    await vi.waitFor(async () =>
      expect((await session()).settingsShown).toEqual({ baseUrl: 'https://stenobird.com', notifications: false, checkIntervalMinutes: 5, hasApiKey: true }),
    );
  });
});
