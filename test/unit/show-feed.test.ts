import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { MENU_PAGE } from '@/utils/menus/context-menu';
import type { Episode } from '@/utils/episode';
import { requestHistory, resolutions, showFeeds, tabReports } from '@/utils/storage';
import { installBrowserSurface, type BrowserSurface } from './fake-browser-surface';
import { installFakeSiteApis } from './fake-site-apis';
import { fakeStenobird } from './fake-stenobird';
import { fakeWeb } from './fake-web';

/**
 * A Fireside page that names no show (issue 12, finding 1; contract §6): the show's JSON Feed
 * names it, and fills what the page lacks; read only for such a page, at most once a day per
 * show. A show that cannot be identified is said to be so, never "not in the catalogue".
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const SHOW = 'https://smartlogic.fireside.fm';
const PAGE = `${SHOW}/s14-e05-rustler-bridging-elixir-rust`;
const OTHER_PAGE = `${SHOW}/s14-e04-another`;
const FEED = `${SHOW}/json`;
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const LOOKUPS = /^\/v1\/public\/podcasts\/[^/]+\/episodes\/[^/]+$/;
const POST = /\/transcription-requests$/;

const rustlerItem = { id: '817d0e9a', title: TITLE, url: PAGE, date_published: '2025-06-26T06:30:00-04:00', attachments: [{ url: AUDIO, duration_in_seconds: 2938 }] };
const feed = (items: unknown[] = [rustlerItem, { id: 'x', title: 'Another episode', url: OTHER_PAGE }]) => ({
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  home_page_url: SHOW,
  items,
});

/** As the detector reports a page with no JSON-LD, no `og:site_name` and no show in its title. */
const nameless = (extra: Partial<Episode> = {}): Episode => ({ source: 'fireside', pageUrl: PAGE, title: TITLE, jsonFeedUrl: FEED, ...extra });

let stenobird: ReturnType<typeof fakeStenobird>;
let web: ReturnType<typeof fakeWeb>;
let surface: BrowserSurface;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: TITLE });
  web = fakeWeb(stenobird);
  vi.stubGlobal('fetch', web.fetch);
  surface = installBrowserSurface();
  installFakeSiteApis();
  background.main();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const ask = async (message: unknown) => (await fakeBrowser.runtime.onMessage.trigger(message, fromPopup() as never, () => {}))[0];
/** The popup opened on tab 3 showing `episode`: what its look-up answers. */
async function popupOn(episode: Episode, tabId = 3) {
  await tabReports.set(tabId, { status: 'episode', episode });
  return ask({ type: 'resolve-tab', tabId });
}
const feedReads = () => web.callsTo(FEED).length;

describe('a page that names no show, identified from its show’s JSON Feed', () => {
  it('takes the show’s name from the feed for the slugs, and fills the date, duration and audio from the page’s item', async () => {
    web.json(FEED, feed());
    const state = await popupOn(nameless());

    expect(state).toMatchObject({
      status: 'episode',
      episode: { pageUrl: PAGE, title: TITLE, showName: 'Elixir Wizards', publishedAt: '2025-06-26T10:30:00.000Z', durationSeconds: 2938, audioUrl: AUDIO },
      catalogue: { status: 'found', podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
    });
    // Read by the Fireside rules: asking for JSON, with no cookies.
    expect(web.callsTo(FEED)).toEqual([{ url: FEED, accept: expect.stringMatching(/^application\/json/), credentials: 'omit' }]);
    expect(stenobird.callsTo('GET', LOOKUPS).map((c) => c.path)).toEqual([`/v1/public/podcasts/${KEY.replace('/', '/episodes/')}`]);
  });

  it('never reads the feed for a page that names its show', async () => {
    web.json(FEED, feed());
    const state = await popupOn(nameless({ showName: 'Elixir Wizards' }));
    expect(state).toMatchObject({ catalogue: { status: 'found' } });
    expect(state.episode.durationSeconds).toBeUndefined();
    expect(web.calls).toEqual([]);
  });

  it('reads a show’s feed at most once a day, for all its pages', async () => {
    web.json(FEED, feed());
    await popupOn(nameless());
    await popupOn(nameless({ pageUrl: OTHER_PAGE, title: 'Another episode' }), 4);
    // The popup opened again on the first page: still named, from the feed read before.
    expect(await popupOn(nameless())).toMatchObject({ episode: { showName: 'Elixir Wizards', durationSeconds: 2938 } });
    expect(feedReads()).toBe(1);

    vi.setSystemTime(T0 + DAY - MINUTE);
    await popupOn(nameless());
    expect(feedReads()).toBe(1);
    vi.setSystemTime(T0 + DAY + 1);
    expect(await popupOn(nameless())).toMatchObject({ episode: { showName: 'Elixir Wizards' } });
    expect(feedReads()).toBe(2);
  });

  it('keeps a small copy: no show notes, and ten shows at most, the longest-read dropped first', async () => {
    web.json(FEED, feed([{ ...rustlerItem, content_html: `<p>${'notes '.repeat(10_000)}</p>`, summary: 'Sonny joins.' }]));
    await popupOn(nameless());
    const kept = JSON.stringify((await fakeBrowser.storage.local.get('showFeeds')).showFeeds);
    expect(kept).toContain('Elixir Wizards');
    expect(kept).not.toMatch(/notes|Sonny joins/);

    for (let show = 0; show < 10; show++) {
      vi.setSystemTime(T0 + (show + 1) * MINUTE);
      await showFeeds.put(`https://show-${show}.fireside.fm/json`, { checkedAt: Date.now() });
    }
    const stored = Object.keys((await fakeBrowser.storage.local.get('showFeeds')).showFeeds as object);
    expect(stored).toHaveLength(10);
    expect(stored).not.toContain(FEED);
  });

  it('reads the feed again when the copy it kept is damaged', async () => {
    web.json(FEED, feed());
    await popupOn(nameless());
    await fakeBrowser.storage.local.set({ showFeeds: { [FEED]: { checkedAt: T0, feed: { items: 'not a list' } } } });
    expect(await popupOn(nameless())).toMatchObject({ episode: { showName: 'Elixir Wizards', durationSeconds: 2938 } });
    expect(feedReads()).toBe(2);
  });

  it('matches the page’s item by its enclosure when its address differs, the page’s own values standing', async () => {
    web.json(FEED, feed([{ ...rustlerItem, url: `${SHOW}/episodes/817d0e9a` }]));
    const state = await popupOn(nameless({ audioUrl: AUDIO, publishedAt: '2025-06-27T00:00:00.000Z' }));
    expect(state).toMatchObject({ episode: { pageUrl: PAGE, showName: 'Elixir Wizards', durationSeconds: 2938, publishedAt: '2025-06-27T00:00:00.000Z' } });
  });

  it('ignores an item on another origin: nothing of it fills this page', async () => {
    web.json(FEED, feed([{ ...rustlerItem, url: `https://linuxunplugged.fireside.fm/s14-e05-rustler-bridging-elixir-rust` }]));
    const { episode } = await popupOn(nameless());
    expect(episode.showName).toBe('Elixir Wizards');
    expect([episode.durationSeconds, episode.audioUrl, episode.publishedAt]).toEqual([undefined, undefined, undefined]);
  });

  it('a request from the menu on such a page goes to the catalogue episode, its record naming the show', async () => {
    web.json(FEED, feed());
    await tabReports.set(5, { status: 'episode', episode: nameless() });
    await surface.click({ menuItemId: MENU_PAGE, pageUrl: PAGE, editable: false }, { id: 5 });
    expect(stenobird.callsTo('POST', POST)).toHaveLength(1);
    expect(await requestHistory.get(KEY)).toMatchObject({ phase: 'following', pageUrl: PAGE, showName: 'Elixir Wizards' });
  });
});

describe('a show that cannot be identified', () => {
  it('says so rather than "not in the catalogue", keeps no miss, and asks the catalogue nothing', async () => {
    // The site has no feed (the fake web answers 404).
    expect(await popupOn(nameless())).toMatchObject({ status: 'episode', catalogue: { status: 'unidentified' } });
    expect(stenobird.calls).toEqual([]);
    expect(await resolutions.get(PAGE, Date.now())).toBeUndefined();

    // The popup's request, and the menu's, fail with that sentence; nothing is sent or kept.
    const outcome = await ask({ type: 'request-tab-episode', tabId: 3, shown: { pageUrl: PAGE } });
    expect(outcome).toMatchObject({ ok: false, error: { message: 'Couldn’t identify the show on this page, so Stenobird’s catalogue was not checked.' } });
    expect(outcome.error.message).not.toMatch(/not in the Stenobird catalogue/i);
    const created = vi.spyOn(fakeBrowser.notifications, 'create');
    await tabReports.set(5, { status: 'episode', episode: nameless() });
    await surface.click({ menuItemId: MENU_PAGE, pageUrl: PAGE, editable: false }, { id: 5 });
    expect(created.mock.calls.map((call) => (call[1] as unknown as { message: string }).message)).toEqual([
      expect.stringContaining('Couldn’t identify the show on this page'),
    ]);
    expect(stenobird.calls).toEqual([]);
    expect(await requestHistory.all()).toEqual({});
    // The site answered (no feed): that is kept for the day like a feed, not asked at every popup.
    expect(feedReads()).toBe(1);
  });

  it('when the feed could not be read at all (offline): nothing kept, the next look-up reads it', async () => {
    web.fetch.mockImplementationOnce(async () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await popupOn(nameless())).toMatchObject({ catalogue: { status: 'unidentified' } });
    web.json(FEED, feed());
    expect(await popupOn(nameless())).toMatchObject({ catalogue: { status: 'found' }, episode: { showName: 'Elixir Wizards' } });
  });
});
