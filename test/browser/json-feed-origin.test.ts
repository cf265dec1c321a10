import { describe, expect, it } from 'vitest';
import { useExtension } from './session';
import { storedHistory } from './history';
import { popupParts, reportedTab } from './popup-page';

/**
 * Issue 12, finding 7: a show's JSON Feed may list items on any host. A right-clicked link on one
 * show's site is read through that show's feed; an item there that names another show's page
 * (another host, the link's path) must not be taken for the link, nor be kept as that other
 * page's catalogue look-up or request, which its popup would then show as its own.
 */

const ELIXIR = 'https://smartlogic.fireside.fm';
const LINK = `${ELIXIR}/556`;
/** Another show, on its own Fireside host, with an episode at the same path. */
const LUP = 'https://linuxunplugged.fireside.fm';
const LUP_PAGE = `${LUP}/556`;
const RUSTLER = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const LOOKUPS = /^\/v1\/public\/podcasts\/[a-z0-9-]+\/episodes\/[a-z0-9-]+$/;

/** Elixir Wizards' home page, with the link that is right-clicked. */
const ELIXIR_HOME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elixir Wizards</title></head>
<body><main><h1>Elixir Wizards</h1><ul><li><a href="/556">Episode 556</a></li></ul></main>
<footer>Powered by <a href="https://fireside.fm">Fireside</a></footer></body></html>`;

/**
 * Elixir Wizards' feed: its one item is on Linux Unplugged's host, at the link's path, and is an
 * episode the catalogue has (so reading it as the link would look it up and request it).
 */
const ELIXIR_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  home_page_url: ELIXIR,
  items: [{ id: '817d0e9a-7634-4bdd-a220-6b8667f0c572', title: RUSTLER, url: LUP_PAGE, date_published: '2025-06-26T06:30:00-04:00', attachments: [{ url: AUDIO, duration_in_seconds: 2938 }] }],
});

/** Linux Unplugged's own episode 556, which the catalogue does not have. */
const LUP_EPISODE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta property="og:site_name" content="LINUX Unplugged"><meta property="og:title" content="556: Our Fedora Moment">
<title>LINUX Unplugged Episode 556: Our Fedora Moment</title></head>
<body><main><div class="hero"><h1>556: Our Fedora Moment</h1>
<div id="fireside-player" data-player-download="https://aphid.fireside.fm/d/1437767933/f31a453c-fa15-491f-8618-3f71f1d565e5/5b666786-1220-4fe6-9d6f-b6ef537a3fe3.mp3"></div></div></main>
<footer>Powered by <a href="https://fireside.fm">Fireside</a></footer></body></html>`;

const ext = useExtension();

const opened = (url: string) => reportedTab(ext, url);

describe('a show’s JSON Feed listing an item on another show’s host (finding 7)', () => {
  it('a right-clicked link is not read as that item: the other show’s popup shows its own episode’s status, no request of another', async () => {
    ext.server.setPage(`${ELIXIR}/`, ELIXIR_HOME);
    ext.server.setPage(`${ELIXIR}/json`, ELIXIR_FEED, 'application/json');
    ext.server.setPage(LUP_PAGE, LUP_EPISODE);

    const home = await opened(`${ELIXIR}/`);
    await ext.clickMenuItem(home.page, 'request-transcript-link', { link: LINK });
    // The link's own page is not served: with the feed's item refused, the link ends as "not an episode".
    await expect.poll(() => ext.badgeText(home.tabId), { timeout: 20_000 }).toBe('!');
    expect(ext.server.requestsTo('GET', /^\/json$/)).toHaveLength(1);

    // Nothing was requested, or kept, for the episode the other host's item named.
    expect(ext.server.requestsTo('POST', /\/transcription-requests$/)).toEqual([]);
    expect(Object.values(await storedHistory<{ pageUrl: string }>(ext)).map((r) => r.pageUrl)).toEqual([]);
    const lupLookUp = await ext.background(async (key) => (await chrome.storage.local.get(key))[key] ?? null, `resolution:${LUP_PAGE}`);
    expect(lupLookUp).toBeNull();

    // Linux Unplugged's page: its own episode, looked up by its own titles, and not in the catalogue.
    const lup = await opened(LUP_PAGE);
    const lookUpsBefore = ext.server.requestsTo('GET', LOOKUPS).length;
    const popup = await ext.openPopup(lup.tabId);
    const status = () => popup.locator('.stenobird-status').textContent();
    // Only that: not "in the catalogue", no transcript requested (the other feed's episode).
    await expect.poll(status, { timeout: 20_000 }).toBe('Not in the Stenobird catalogue');
    expect(await popupParts(popup).title.textContent()).toBe('556: Our Fedora Moment');
    const asked = ext.server.requestsTo('GET', LOOKUPS).slice(lookUpsBefore).map((r) => r.path);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((path) => path.startsWith('/v1/public/podcasts/linux-unplugged/'))).toBe(true);
  });
});
