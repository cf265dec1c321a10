import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useExtension } from './session';
import { popupParts } from './popup-page';

/**
 * Issue 13, findings 4 and 10 in the built extension: a page sent over plain http is not read,
 * not by the static content script (which matched `*://*.fireside.fm/*`), not on demand after a
 * click, and the popup says so truthfully instead of offering detection there. The fake server
 * speaks https only, so the http pages are served by the harness (`servePlainHttp`) under their
 * real addresses; their https twins by the fake.
 */

const ext = useExtension({ extraHosts: ['linuxunplugged.com'] });
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');

const storedReport = (tabId: number) => ext.background(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`);

const PAGES: Array<[string, string, string]> = [
  ['a Fireside show site', 'http://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust', 'fireside/elixir-wizards-s14-e05.html'],
  ['a show’s own domain', 'http://linuxunplugged.com/556', 'fireside/lup-556.html'],
];

beforeEach(async () => {
  for (const [, url, file] of PAGES) {
    await ext.servePlainHttp(url, fixture(file));
    // Its https address, where the popup sends the user.
    ext.server.setPage(url.replace('http://', 'https://'), '<!doctype html><title>https</title>');
  }
});

describe('an episode page sent over plain http', () => {
  it.each(PAGES)('on %s: not read, and the popup says why and offers the https address', async (_where, url) => {
    const page = await ext.open(url);
    const tabId = await ext.tabIdOf(page);
    // The toolbar click grants activeTab: the popup sees the address, and could inject.
    await ext.clickToolbarButton(page);
    const popup = await ext.openPopup(tabId);
    const ui = popupParts(popup);
    expect(await ui.title.textContent()).toBe('This page was sent without encryption.');
    expect(await popup.getByText(/Anyone on the network could have changed a page sent over plain http/).isVisible()).toBe(true);
    expect(await popup.getByRole('button', { name: 'Always detect on this site' }).count()).toBe(0);
    expect(await popup.getByRole('button', { name: 'Look for an episode on this page' }).count()).toBe(0);
    expect(await storedReport(tabId)).toBeUndefined();

    const https = url.replace('http://', 'https://');
    const opened = ext.waitForPage((address) => address === https);
    await ui.button('Open the https address').click();
    expect((await opened).url()).toBe(https);
  });
});
