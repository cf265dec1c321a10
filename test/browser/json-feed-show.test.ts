import { describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { popupOnPage, popupParts } from './popup-page';

/**
 * Issue 12, finding 1, through the show's JSON Feed (contract §6): a Fireside episode page with no
 * `og:site_name`, no JSON-LD and no show name in its `<title>` or its feed links. Only the show's
 * JSON Feed (`<origin>/json`) names the show; the popup looks the episode up with that name and
 * shows the catalogue's answer, never "Not in the Stenobird catalogue" for want of a name. A
 * show that cannot be identified at all is said to be so.
 */

const SHOW = 'https://smartlogic.fireside.fm';
const PAGE = `${SHOW}/s14-e05-rustler-bridging-elixir-rust`;
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const LOOKUPS = /^\/v1\/public\/podcasts\/[a-z0-9-]+\/episodes\/[a-z0-9-]+$/;

/** The page names the episode alone (its `<title>` is the episode's, its feed links have no title), with no date or length. */
const NAMELESS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${TITLE}</title>
<link rel="alternate" type="application/rss+xml" href="/rss"><link rel="alternate" type="application/json" href="/json">
</head><body><main><div class="hero"><h1>${TITLE}</h1>
<div class="episode-meta"></div>
<div id="fireside-player" data-player-download="${AUDIO}"></div></div><div class="prose"><p>Sonny Scroggin joins to talk about Rustler.</p></div></main>
<footer><p class="powered">Powered by <a href="https://fireside.fm">Fireside</a></p></footer></body></html>`;

const FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  home_page_url: SHOW,
  feed_url: `${SHOW}/json`,
  items: [
    { id: 'a1b2c3d4-0000-4000-8000-000000000001', title: 'Another episode', url: `${SHOW}/s14-e04-another` },
    { id: '817d0e9a-7634-4bdd-a220-6b8667f0c572', title: TITLE, url: PAGE, date_published: '2025-06-26T06:30:00-04:00', attachments: [{ url: AUDIO, duration_in_seconds: 2938 }] },
  ],
});

const ext = useExtension();

const popupOn = (url: string) => popupOnPage(ext, url);

const statusList = (popup: TestPage) => popup.locator('.stenobird-status').textContent();

describe('a Fireside page that names its show only in the show’s JSON Feed (finding 1)', () => {
  it('the popup looks the episode up under the feed’s show name and shows its catalogue status, with the feed’s duration', async () => {
    ext.server.setPage(PAGE, NAMELESS_PAGE);
    ext.server.setPage(`${SHOW}/json`, FEED, 'application/json');
    const popup = await popupOn(PAGE);

    await expect.poll(() => statusList(popup), { timeout: 20_000 }).toContain('In the Stenobird catalogue');
    expect(await statusList(popup)).not.toContain('Not in the Stenobird catalogue');
    // The card names the show and gives the length, both from the feed.
    expect(await popup.locator('.show').textContent()).toBe('Elixir Wizards');
    expect(await popup.locator('time[datetime="PT2938S"]').count()).toBe(1);
    expect(await popupParts(popup).primary.textContent()).toBe('Request transcript');
    // The feed read once, as the Fireside rules ask; the catalogue asked under the feed's name.
    const feedReads = ext.server.requestsTo('GET', /^\/json$/);
    expect(feedReads).toHaveLength(1);
    expect(feedReads[0]!.headers.accept).toMatch(/^application\/json/);
    expect(feedReads[0]!.headers.cookie).toBeUndefined();
    expect(ext.server.requestsTo('GET', LOOKUPS).map((r) => r.path)).toEqual([
      '/v1/public/podcasts/elixir-wizards/episodes/rustler-bridging-elixir-and-rust-with-sonny-scroggin',
    ]);
  });

  it('without a feed, the popup says the show could not be identified, offers to check again, and asks the catalogue nothing', async () => {
    ext.server.setPage(PAGE, NAMELESS_PAGE);
    const popup = await popupOn(PAGE);

    await expect.poll(() => statusList(popup), { timeout: 20_000 }).toBe('Couldn’t identify the show on this page, so Stenobird’s catalogue was not checked.');
    expect(await popupParts(popup).button('Check Stenobird again').count()).toBe(1);
    // The page's audio can still be transcribed: that is the main action now.
    expect(await popupParts(popup).primary.textContent()).toBe('Transcribe audio with Stenobird');
    expect(ext.server.requestsTo('GET', LOOKUPS)).toEqual([]);
  });
});
