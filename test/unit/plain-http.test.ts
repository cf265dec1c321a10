import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { requestForTab } from '@/utils/menus/request-without-popup';
import { enableAlwaysDetect } from '@/utils/always-detect/ask-permission';
import type { Episode } from '@/utils/episode';
import { alwaysDetectSites } from '@/utils/storage';
import { getTabState } from '@/utils/tab-state';
import config from '@/wxt.config';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';

/**
 * Issue 13, findings 4 and 10: a page sent over plain http is never read (anyone on the network
 * can rewrite it, and the detector would read the rewrite), so nothing asks for http access:
 * not the static content script, not on-demand detection, not "always detect", not the optional
 * permissions. The popup's side of it is test/browser/hardening-http.test.ts.
 */

type Manifest = {
  permissions: string[];
  content_scripts: Array<{ matches: string[] }>;
  optional_permissions?: string[];
  optional_host_permissions?: string[];
  host_permissions?: string[];
};
const manifestFor = (browser: 'chrome' | 'firefox', manifestVersion: 2 | 3) =>
  (config.manifest as (env: object) => Manifest)({ browser, manifestVersion, mode: 'production', command: 'build' });
const builds = [
  ['Chrome', manifestFor('chrome', 3)],
  ['Firefox', manifestFor('firefox', 2)],
] as const;

describe('the manifest asks for https only', () => {
  it.each(builds)('%s: the content script matches https pages only', (_name, manifest) => {
    const matches = manifest.content_scripts.flatMap((c) => c.matches);
    expect(matches).toEqual(['https://*.fireside.fm/*', 'https://stenobird.com/podcast/*/*']);
  });

  it.each(builds)('%s: no host permission, required or optional, covers plain http', (_name, manifest) => {
    const hosts = [...(manifest.host_permissions ?? []), ...manifest.permissions, ...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])].filter((p) =>
      p.includes('://'),
    );
    expect(hosts.length).toBeGreaterThan(2);
    expect(hosts.filter((p) => !p.startsWith('https://'))).toEqual([]);
    expect([...(manifest.optional_permissions ?? []), ...(manifest.optional_host_permissions ?? [])]).toEqual(['https://*/*']);
  });
});

const HTTP_PAGE = 'http://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const episode: Episode = { source: 'fireside', pageUrl: HTTP_PAGE, title: 'Rustler: Bridging Elixir and Rust', showName: 'Elixir Wizards' };
const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const fromContent = (url: string, tabId: number) => ({ id: fakeBrowser.runtime.id, tab: { id: tabId }, frameId: 0, url });
const send = async (message: unknown, sender: object) => (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0];

describe('the background reads no plain-http page', () => {
  let apis: FakeSiteApis;
  let tabId: number;
  beforeEach(async () => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
    apis = installFakeSiteApis();
    background.main();
    tabId = (await fakeBrowser.tabs.create({ url: HTTP_PAGE })).id!;
  });

  it('keeps nothing an http page reports, even about itself', async () => {
    await send({ type: 'episode-detected', episode }, fromContent(HTTP_PAGE, tabId));
    expect(await getTabState(tabId)).toEqual({ status: 'unknown' });
  });

  it('does not inject into an http page it was given access to, and says why', async () => {
    const injected = vi.fn(async () => true);
    apis.inject = injected;
    expect(await send({ type: 'detect-in-tab', tabId }, fromPopup())).toEqual({ ok: false, message: expect.stringMatching(/plain http.*does not read it/) });
    expect(injected).not.toHaveBeenCalled();
  });

  it('the menu or the shortcut on an http page tells that, not "no episode here"', async () => {
    const outcome = await requestForTab(tabId);
    expect(outcome).toMatchObject({ ok: false, error: { message: expect.stringMatching(/plain http/) } });
  });

  it('"always detect" is not offered for an http site: no prompt, and the background refuses it too', async () => {
    const asked = vi.fn(() => true);
    apis.answerPrompt = asked;
    expect(await enableAlwaysDetect('http://linuxunplugged.com/556')).toEqual({ ok: false, message: 'Only https web pages can be detected on.' });
    expect(asked).not.toHaveBeenCalled();

    apis.granted.add('http://linuxunplugged.com/*');
    expect(await send({ type: 'always-detect-site', site: 'http://linuxunplugged.com' }, fromPopup())).toMatchObject({ ok: false });
    expect(apis.registered.size).toBe(0);
    expect(await alwaysDetectSites.all()).toEqual([]);
  });

  it('an http site chosen before the update is dropped from the list, with its registered script', async () => {
    // What the older version left behind, then the updated version's first start.
    fakeBrowser.reset();
    apis = installFakeSiteApis();
    await alwaysDetectSites.add('http://linuxunplugged.com');
    await alwaysDetectSites.add('https://selfhosted.show');
    for (const site of ['http://linuxunplugged.com', 'https://selfhosted.show']) {
      apis.registered.set(`always-detect ${site}`, { id: `always-detect ${site}`, matches: [`${site}/*`] });
      apis.granted.add(`${site}/*`);
    }
    background.main();
    await vi.waitFor(async () => expect(await alwaysDetectSites.all()).toEqual(['https://selfhosted.show']));
    expect([...apis.registered.keys()]).toEqual(['always-detect https://selfhosted.show']);
    expect(apis.granted.has('http://linuxunplugged.com/*')).toBe(false);
    expect(apis.granted.has('https://selfhosted.show/*')).toBe(true);
  });
});
