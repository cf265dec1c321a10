import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { enableAlwaysDetect } from '@/utils/always-detect/ask-permission';
import { detectEpisode } from '@/utils/detect';
import type { ContentMessage } from '@/utils/messages';
import { alwaysDetectSites } from '@/utils/storage';
import { getTabState } from '@/utils/tab-state';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { loadFixture } from './load-fixture';

const TAB = 7;
const PAGE = 'https://linuxunplugged.com/556';
const SITE = 'https://linuxunplugged.com';
const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const fromContent = (url: string) => ({ id: fakeBrowser.runtime.id, tab: { id: TAB }, frameId: 0, url });

async function send(message: unknown, sender: object): Promise<unknown> {
  return (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0];
}

/** What the injected content script does: detect on the page, then report through the router. */
function contentScriptOn(fixture: string, url: string) {
  return async (_tabId: number, files: string[]) => {
    expect(files).toEqual(['/episode-detector.js']);
    const detection = detectEpisode(loadFixture(fixture), new URL(url));
    const message: ContentMessage =
      detection.kind === 'episode' ? { type: 'episode-detected', episode: detection.episode } : { type: 'no-episode', reason: detection.reason };
    await send(message, fromContent(url));
    return true;
  };
}

let apis: FakeSiteApis;
beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
  apis = installFakeSiteApis();
  background.main();
});

describe('detecting on demand', () => {
  it('injects the content script and stores its report as a static one would be', async () => {
    apis.inject = contentScriptOn('fireside/lup-556.html', PAGE);
    const outcome = await send({ type: 'detect-in-tab', tabId: TAB }, fromPopup());
    expect(outcome).toMatchObject({ ok: true, state: { status: 'episode', episode: { title: 'The xz Backdoor Exposed 🚨', pageUrl: PAGE } } });
    expect(await getTabState(TAB)).toMatchObject({ status: 'episode', episode: { showName: 'LINUX Unplugged' } });
  });

  it('says what the page is when it is not an episode', async () => {
    apis.inject = contentScriptOn('fireside/custom-page-contact.html', `${SITE}/contact`);
    expect(await send({ type: 'detect-in-tab', tabId: TAB }, fromPopup())).toEqual({
      ok: true,
      state: { status: 'not-episode', reason: 'no Fireside episode audio on the page' },
    });
  });

  it('tells the user what to do when the browser refuses access, and stores nothing', async () => {
    const outcome = await send({ type: 'detect-in-tab', tabId: TAB }, fromPopup());
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/toolbar button/) });
    expect(await getTabState(TAB)).toEqual({ status: 'unknown' });
  });

  it('is only available to the extension’s own pages', async () => {
    apis.inject = contentScriptOn('fireside/lup-556.html', PAGE);
    expect(await send({ type: 'detect-in-tab', tabId: TAB }, fromContent(PAGE))).toBeUndefined();
    expect(await send({ type: 'detect-in-tab', tabId: TAB }, { ...fromPopup(), id: 'another-extension' })).toBeUndefined();
  });
});

describe('always detect on a site', () => {
  it('registers the content script for that one site once its permission is granted, and lists it', async () => {
    apis.granted.add(`${SITE}/*`);
    expect(await send({ type: 'always-detect-site', site: SITE }, fromPopup())).toEqual({ ok: true, sites: [SITE] });
    expect([...apis.registered.values()]).toEqual([
      { id: `always-detect ${SITE}`, matches: [`${SITE}/*`], js: ['/episode-detector.js'], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
    // Asking again changes nothing.
    expect(await send({ type: 'always-detect-site', site: SITE }, fromPopup())).toEqual({ ok: true, sites: [SITE] });
    expect(apis.registered.size).toBe(1);
    expect(await alwaysDetectSites.all()).toEqual([SITE]);
  });

  it('registers nothing for a site the user has not allowed', async () => {
    expect(await send({ type: 'always-detect-site', site: SITE }, fromPopup())).toEqual({
      ok: false,
      message: 'Stenobird Companion was not allowed to read linuxunplugged.com.',
    });
    expect(apis.registered.size).toBe(0);
    expect(await alwaysDetectSites.all()).toEqual([]);
  });

  it('forgets a site: no more detection there, and its permission is given back', async () => {
    apis.granted.add(`${SITE}/*`).add('https://selfhosted.show/*');
    await send({ type: 'always-detect-site', site: SITE }, fromPopup());
    await send({ type: 'always-detect-site', site: 'https://selfhosted.show' }, fromPopup());
    expect(await send({ type: 'forget-always-detect-site', site: SITE }, fromPopup())).toEqual({ ok: true, sites: ['https://selfhosted.show'] });
    expect([...apis.registered.keys()]).toEqual(['always-detect https://selfhosted.show']);
    expect([...apis.granted]).toEqual(['https://selfhosted.show/*']);
  });

  it('stops detecting on a site whose permission the user withdrew in the browser', async () => {
    apis.granted.add(`${SITE}/*`);
    await send({ type: 'always-detect-site', site: SITE }, fromPopup());
    await apis.revoke([`${SITE}/*`]);
    await vi.waitFor(async () => expect(await alwaysDetectSites.all()).toEqual([]));
    expect(apis.registered.size).toBe(0);
  });

  it('ignores sites that are not a scheme and host, and lists nothing from a corrupted store', async () => {
    apis.granted.add('https://linuxunplugged.com/556/*');
    for (const site of [`${SITE}/556`, 'javascript:alert(1)', 'ftp://linuxunplugged.com', `${SITE}:8080`, `${SITE}/`]) {
      expect(await send({ type: 'always-detect-site', site }, fromPopup())).toBeUndefined();
    }
    await fakeBrowser.storage.local.set({ alwaysDetectSites: ['javascript:alert(1)'] });
    expect(await alwaysDetectSites.all()).toEqual([]);
    expect(apis.registered.size).toBe(0);
  });
});

describe('the popup’s “always detect on this site” helper', () => {
  beforeEach(() => {
    // The popup's messages reach the background's router as the popup's own.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => send(message, fromPopup())) as never);
  });

  it('asks for exactly that site, then has the background register it', async () => {
    const asked: string[][] = [];
    apis.answerPrompt = (origins) => (asked.push(origins), true);
    expect(await enableAlwaysDetect(`${PAGE}?t=10#x`)).toEqual({ ok: true, sites: [SITE] });
    expect(asked).toEqual([[`${SITE}/*`]]);
    expect(apis.registered.has(`always-detect ${SITE}`)).toBe(true);
  });

  it('registers nothing when the user declines', async () => {
    apis.answerPrompt = () => false;
    expect(await enableAlwaysDetect(PAGE)).toEqual({ ok: false, message: 'Stenobird Companion was not allowed to read linuxunplugged.com.' });
    expect(apis.registered.size).toBe(0);
    expect(fakeBrowser.runtime.sendMessage).not.toHaveBeenCalled();
  });

  it('does not ask at all on a page that is not on the web', async () => {
    apis.answerPrompt = () => true;
    expect(await enableAlwaysDetect('chrome://extensions/')).toEqual({ ok: false, message: 'Only https web pages can be detected on.' });
    expect(apis.granted.size).toBe(0);
  });
});
