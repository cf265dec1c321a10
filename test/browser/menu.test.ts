import { describe, expect, it } from 'vitest';
import { BROWSER } from './harness';
import { recordNotifications, useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';

/**
 * The right-click menu and the keyboard shortcut of the built extension. Chromium cannot
 * right-click or press an extension's shortcut headless, so there the click is delivered to the
 * extension's own listener (`contextMenus.onClicked.dispatch`, see testing-in-chromium.md);
 * Firefox right-clicks the element for real and chooses the item in the menu that opens, and
 * fires the shortcut's own key element (harness.ts). Everything after it is real: the
 * background, its fetches to the fake sites, storage, the badge, the notification.
 *
 * Each test serves the pages it uses and starts with no page open (`reset()`), so any one runs
 * alone or in any order.
 */

const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const EPISODE_PAGE = `${STENOBIRD_BASE}/podcast/${PODCAST}/${SLUG}`;
const POST = new RegExp(`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests$`);
const SHOW = 'https://smartlogic.fireside.fm';
const FIRESIDE_LINK = `${SHOW}/s14-e05-rustler-bridging-elixir-rust`;
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const firefox = BROWSER === 'firefox';

/**
 * The show's home page, where links are right-clicked: a Fireside page that is not an episode,
 * with a link to an episode, to its audio file and to a page that is not an episode.
 */
const SHOW_HOME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elixir Wizards</title></head>
<body><main><h1>Elixir Wizards</h1><ul><li><a href="/s14-e05-rustler-bridging-elixir-rust">${TITLE}</a> (<a href="${AUDIO}">Download the MP3</a>)</li></ul>
<p><a href="/merch">Merch</a></p></main>
<footer>Powered by <a href="https://fireside.fm">Fireside</a></footer></body></html>`;

const FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  home_page_url: SHOW,
  items: [
    {
      id: '817d0e9a-7634-4bdd-a220-6b8667f0c572',
      title: TITLE,
      url: FIRESIDE_LINK,
      date_published: '2025-06-26T06:30:00-04:00',
      attachments: [{ url: AUDIO, duration_in_seconds: 2938 }],
    },
  ],
});

const ext = useExtension();
const notifications = recordNotifications(ext);

const told = async () => (await notifications()).map((n) => n.title);

/** The show's home page in a tab, reported on (not an episode); `feed`: the show publishes its JSON Feed. */
async function showHome(options: { feed: boolean }) {
  ext.server.setPage(`${SHOW}/`, SHOW_HOME);
  if (options.feed) ext.server.setPage(`${SHOW}/json`, FEED, 'application/json');
  const page = await ext.open(`${SHOW}/`);
  const tabId = await ext.tabIdOf(page);
  await ext.waitForReport(tabId);
  return { page, tabId };
}

describe('the right-click menu', () => {
  it('builds its four items at install', async () => {
    // Item creation is not observable from outside; an update of an unknown id would fail. The
    // menu is rebuilt when settings change (each test's reset clears them): poll until it settles.
    const update = () =>
      ext.background(async () => {
        // Firefox names the API `menus` (its `contextMenus` needs that permission by name).
        const menus = (chrome as unknown as { menus?: typeof chrome.contextMenus }).menus ?? chrome.contextMenus;
        const results: string[] = [];
        for (const id of ['request-transcript', 'request-transcript-link', 'transcribe-audio', 'transcribe-episode-link']) {
          await menus.update(id, {}).then(() => results.push(`${id}: ok`), (e: Error) => results.push(`${id}: ${e.message}`));
        }
        return results;
      });
    await expect.poll(update).toEqual(['request-transcript: ok', 'request-transcript-link: ok', 'transcribe-audio: ok', 'transcribe-episode-link: ok']);
  });

  it('on an audio link: one transcript job for that audio, and the transcript view opens on it', async () => {
    const { page } = await showHome({ feed: true });
    const viewOpened = ext.waitForPage((url) => url.includes('/transcript.html'));
    await ext.clickMenuItem(page, 'transcribe-audio', { link: AUDIO });

    await expect.poll(() => ext.server.requestsTo('POST', /^\/v1\/transcripts$/).length).toBe(1);
    expect(JSON.parse(ext.server.requestsTo('POST', /^\/v1\/transcripts$/)[0]!.body)).toEqual({ audio_url: AUDIO });
    // Not from a user gesture Chrome honours (a dispatched click), nor a browser with a side panel
    // (Firefox): the view opens as a tab, named after the link (Firefox gives its text) or the file.
    const view = await viewOpened;
    const name = firefox ? 'Download the MP3' : '817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
    await expect.poll(() => view.getByRole('heading', { level: 1 }).textContent()).toBe(name);
  });

  it('on an episode page: one request reaches Stenobird, the badge and a notification follow', async () => {
    const page = await ext.open(EPISODE_PAGE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await ext.clickMenuItem(page, 'request-transcript', { page: true });

    await expect.poll(() => ext.badgeText(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
  });

  it('on a link to a Fireside episode: resolved through the show’s JSON Feed without opening it; one request, the badge on the tab', async () => {
    const { page, tabId } = await showHome({ feed: true });
    expect(await ext.badgeText(tabId)).toBe('');
    const before = ext.server.requests.length;

    await ext.clickMenuItem(page, 'request-transcript-link', { link: FIRESIDE_LINK });

    await expect.poll(() => ext.badgeText(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    const made = ext.server.requests.slice(before).map((r) => `${r.method} ${r.host}${r.path}`);
    // The feed once (never the episode page), the catalogue look-up, and exactly one request.
    expect(made.filter((r) => r.includes('smartlogic.fireside.fm'))).toEqual(['GET smartlogic.fireside.fm/json']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    expect(ext.server.requests.find((r) => r.path === '/json')!.headers.accept).toMatch(/^application\/json/);
    expect(await ext.toolbarTitle(tabId)).toBe(`Stenobird Companion: transcript requested for the linked episode — ${TITLE}`);
  });

  it('on a link whose show has no feed: the page is read (Chrome: in an offscreen document, closed again); one request', async () => {
    ext.server.setPage(
      FIRESIDE_LINK,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${TITLE}</title>
<meta property="og:title" content="${TITLE}"><meta property="og:site_name" content="Elixir Wizards">
<meta property="og:audio:secure_url" content="${AUDIO}">
</head><body><div class="hero-info"><h1>${TITLE}</h1></div><footer>Powered by <a href="https://fireside.fm">Fireside</a></footer></body></html>`,
    );
    const { page, tabId } = await showHome({ feed: false });

    await ext.clickMenuItem(page, 'request-transcript-link', { link: FIRESIDE_LINK });

    await expect.poll(() => ext.badgeText(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('GET', /^\/json$/)).toHaveLength(1);
    expect(ext.server.requestsTo('GET', /^\/s14-e05-rustler-bridging-elixir-rust$/)).toHaveLength(1);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    // Chrome reads the page in an offscreen document, and closes it again: none is left behind.
    // (Firefox's background page has a DOMParser of its own.)
    if (!firefox) {
      expect(await ext.background(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))).toEqual([]);
    }
  });

  it('on a link that is not an episode: nothing requested, a "!" on the tab and a note', async () => {
    const { page, tabId } = await showHome({ feed: true });
    await ext.clickMenuItem(page, 'request-transcript-link', { link: `${SHOW}/merch` });

    await expect.poll(() => ext.badgeText(tabId)).toBe('!');
    await expect.poll(told).toEqual(['No transcript requested']);
    expect(ext.server.requestsTo('POST', /transcription-requests$/)).toEqual([]);
  });
});

describe('the keyboard shortcut', () => {
  it('on an episode page: one request reaches Stenobird, the badge and a notification follow', async () => {
    const page = await ext.open(EPISODE_PAGE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await ext.pressShortcut(page, 'request-transcript');

    await expect.poll(() => ext.badgeText(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
  });

  it('on a page that is not an episode: nothing is requested, and a note says so', async () => {
    const { page } = await showHome({ feed: true });
    await ext.pressShortcut(page, 'request-transcript');

    await expect.poll(told).toEqual(['No transcript requested']);
    expect(ext.server.requestsTo('POST', /transcription-requests$/)).toEqual([]);
  });
});
