import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordNotifications, useExtension } from './session';
import type { TestPage } from './harness';
import { STENOBIRD_BASE } from './fake/server';
import { startLoopbackTrap, type LoopbackTrap } from './fake/loopback-trap';

/**
 * Issue 13, findings 1 and 2 in the built extension: a redirect from a show's site or from
 * Stenobird is followed only to an address the extension may reach, and the popup loads an
 * episode's artwork only from a public https address, once per opening. Never is the user's own
 * machine or network reached: the address that must not be reached is a server this file
 * starts on 127.0.0.1 (`loopback-trap.ts`); every test waits for the extension to finish the
 * work (its notification, its request to Stenobird, the popup's last drawing), then checks that
 * the trap was never hit.
 */

const ext = useExtension();
const notifications = recordNotifications(ext);
let trap: LoopbackTrap;
beforeAll(async () => {
  trap = await startLoopbackTrap();
});
beforeEach(() => {
  trap.hits.length = 0;
});
afterAll(async () => {
  await trap.close();
});

const SHOW = 'https://smartlogic.fireside.fm';
const LINK = `${SHOW}/s14-e05-rustler-bridging-elixir-rust`;
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const POST = new RegExp(`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests$`);
const FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  items: [{ id: '817d0e9a-7634-4bdd-a220-6b8667f0c572', title: TITLE, url: LINK, date_published: '2025-06-26T06:30:00-04:00' }],
});
const STENOBIRD_LINK = `${STENOBIRD_BASE}/podcast/${PODCAST}/${SLUG}`;
/** The show's home page, with a link to the episode (and one to its Stenobird page) to right-click. */
const home = (link: string) =>
  `<!doctype html><html lang="en"><head><title>Elixir Wizards</title></head><body><h1>Elixir Wizards</h1><p><a href="${link}">${TITLE}</a></p></body></html>`;

async function openHomeLinking(link: string): Promise<TestPage> {
  ext.server.setPage(`${SHOW}/`, home(link));
  return ext.open(`${SHOW}/`);
}

const redirectTo = (location: string) => ({ status: 302, headers: { location }, body: '' });

/** Right-clicks the link on the show's home page; resolves once the extension has told how it went. */
async function requestLink(link = LINK): Promise<string[]> {
  const page = await openHomeLinking(link);
  await ext.clickMenuItem(page, 'request-transcript-link', { link });
  await expect.poll(async () => (await notifications()).length, { timeout: 20_000 }).toBeGreaterThan(0);
  await page.close();
  return (await notifications()).map((n) => n.title);
}

describe('redirects from a show’s site (reading a right-clicked link)', () => {
  // The user's own machine, as an address and as a number the URL parser turns into one (other
  // spellings, and the private ranges, are covered by test/unit/fetch-policy.test.ts: this
  // machine's resolver sends every other name nowhere).
  it.each(['127.0.0.1', '2130706433'])('a 302 from the show’s /json and page to http://%s is not followed', async (host) => {
    const trapAt = `http://${host}:${trap.port}`;
    ext.server.script('GET', /^\/json$/, redirectTo(`${trapAt}/from-json`));
    ext.server.script('GET', /^\/s14-e05-rustler-bridging-elixir-rust$/, redirectTo(`${trapAt}/from-page`));
    const told = await requestLink();
    expect(told).toEqual(['No transcript requested']);
    expect(trap.hits).toEqual([]);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(0);
  });

  it('a redirect to another Fireside site that redirects to the loopback: the second hop is not taken', async () => {
    ext.server.script('GET', /^\/json$/, redirectTo('https://elsewhere.fireside.fm/json'), redirectTo(`${trap.origin}/second-hop`));
    ext.server.script('GET', /^\/s14-e05-rustler-bridging-elixir-rust$/, redirectTo(`${trap.origin}/page`));
    await requestLink();
    expect(ext.server.requestsTo('GET', /^\/json$/).map((r) => r.host)).toEqual(['smartlogic.fireside.fm', 'elsewhere.fireside.fm']);
    expect(trap.hits).toEqual([]);
  });

  it('at most 5 redirects are followed: a sixth is not sent', async () => {
    ext.server.script('GET', /^\/json$/, redirectTo(`${SHOW}/hop/1`));
    for (let i = 1; i <= 6; i++) ext.server.script('GET', new RegExp(`^/hop/${i}$`), redirectTo(`${SHOW}/hop/${i + 1}`), redirectTo(`${SHOW}/hop/${i + 1}`));
    ext.server.setPage(`${SHOW}/hop/7`, FEED, 'application/json');
    ext.server.script('GET', /^\/s14-e05-rustler-bridging-elixir-rust$/, redirectTo(`${SHOW}/hop/1`));
    await requestLink();
    const hops = ext.server.requests.filter((r) => r.path.startsWith('/hop/')).map((r) => r.path);
    // Twice (the feed, then the page), each time /hop/1 to /hop/5 and no further.
    expect(hops).toEqual([1, 2, 3, 4, 5, 1, 2, 3, 4, 5].map((i) => `/hop/${i}`));
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(0);
  });

  it('a redirect to an https Fireside address is still followed: the episode is requested', async () => {
    ext.server.script('GET', /^\/json$/, redirectTo(`${SHOW}/feed.json`));
    ext.server.setPage(`${SHOW}/feed.json`, FEED, 'application/json');
    const told = await requestLink();
    expect(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
  });
});

describe('redirects from Stenobird', () => {
  it('a redirect on Stenobird’s own address is followed', async () => {
    const api = new RegExp(`^/v1/public/podcasts/${PODCAST}/episodes/${SLUG}$`);
    ext.server.script('GET', api, redirectTo(`${STENOBIRD_BASE}/v1/public/podcasts/${PODCAST}/episodes/${SLUG}?moved=1`));
    const page = await openHomeLinking(STENOBIRD_LINK);
    await ext.clickMenuItem(page, 'request-transcript-link', { link: STENOBIRD_LINK });
    await expect.poll(() => ext.server.requestsTo('POST', POST).length, { timeout: 20_000 }).toBe(1);
    expect(ext.server.requestsTo('GET', /\?moved=1$/)).toHaveLength(1);
  });

  it('a 302 from the catalogue to the loopback is not followed; the request is still sent', async () => {
    const api = new RegExp(`^/v1/public/podcasts/${PODCAST}/episodes/${SLUG}$`);
    ext.server.script('GET', api, ...Array.from({ length: 3 }, () => redirectTo(`${trap.origin}/catalogue`)));
    const page = await openHomeLinking(STENOBIRD_LINK);
    await ext.clickMenuItem(page, 'request-transcript-link', { link: STENOBIRD_LINK });
    await expect.poll(() => ext.server.requestsTo('POST', POST).length, { timeout: 20_000 }).toBe(1);
    expect(trap.hits).toEqual([]);
  });
});

describe('artwork in the popup', () => {
  const PAGE = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
  const FIXTURE = readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/elixir-wizards-s14-e05.html'), 'utf8');
  const ORIGINAL_ART = /https:\/\/assets\.fireside\.fm\/[^"]+cover\.jpg\?v=1/g;
  const PNG = readFileSync(resolve(import.meta.dirname, '../../public/icon/128.png'));

  /** The episode page with `artwork` as its og:image (and JSON-LD image), open, and its popup drawn to the end. */
  async function popupWithArtwork(artwork: string): Promise<{ popup: TestPage; tabId: number }> {
    ext.server.setPage(PAGE, FIXTURE.replace(ORIGINAL_ART, artwork));
    const page = await ext.open(PAGE);
    opened.push(page);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    return { popup: await openPopupOn(tabId), tabId };
  }
  // Each test's tabs go with it: another test's episode page has other artwork.
  const opened: TestPage[] = [];
  afterEach(async () => {
    for (const page of opened.splice(0)) await page.close();
  });

  /** The popup, once its catalogue look-up has been drawn and every image in it has loaded or failed. */
  async function openPopupOn(tabId: number): Promise<TestPage> {
    const popup = await ext.openPopup(tabId);
    opened.push(popup);
    await expect.poll(() => popup.locator('.stenobird-status').textContent()).toContain('In the Stenobird catalogue');
    await popup.waitForFunction(() => [...document.images].every((img) => img.complete));
    return popup;
  }

  it('an og:image on the loopback is never loaded: the card shows the placeholder', async () => {
    const { popup } = await popupWithArtwork(`${trap.origin}/pixel.png`);
    expect(await popup.locator('img.artwork').count()).toBe(0);
    expect(await popup.locator('.artwork.placeholder').count()).toBe(1);
    expect(trap.hits).toEqual([]);
  });

  it('https artwork is loaded once per opening at most, without a referrer', async () => {
    const ART = 'https://assets.fireside.fm/art/cover.png';
    ext.server.setPage(ART, PNG, 'image/png');
    const loads = () => ext.server.requests.filter((r) => r.host === 'assets.fireside.fm' && r.path === '/art/cover.png');
    const { popup, tabId } = await popupWithArtwork(ART);
    expect(await popup.locator('img.artwork').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(128);
    expect(await popup.locator('img.artwork').getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(loads()).toHaveLength(1);
    expect(loads()[0]!.headers.referer).toBeUndefined();

    // Opened again: loaded once more at most (Chromium may answer it from its memory cache).
    const again = await openPopupOn(tabId);
    expect(await again.locator('img.artwork').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(128);
    expect(loads().length).toBeLessThanOrEqual(2);
  });

  // The card is drawn three times on opening (from the page's report, with the stored state, with
  // the catalogue's answer): a failed image was asked for each time.
  it('artwork that fails to load is asked for once, not again while the popup is open', async () => {
    const MISSING = 'https://assets.fireside.fm/art/missing.png';
    const { popup } = await popupWithArtwork(MISSING);
    await expect.poll(() => popup.locator('.artwork.placeholder').count()).toBe(1);
    expect(ext.server.requests.filter((r) => r.path === '/art/missing.png')).toHaveLength(1);
  });
});
