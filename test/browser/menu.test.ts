import { describe, expect, it } from 'vitest';
import { recordNotifications, useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';

/**
 * The right-click menu of the built extension. A real right-click cannot be automated headless,
 * so the click is dispatched to the extension's own listener in the service worker
 * (`chrome.contextMenus.onClicked.dispatch`, see testing-in-chromium.md); everything after it is
 * real: the worker, its fetches to the fake sites, storage, the badge, the notification.
 */

const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const EPISODE_PAGE = `${STENOBIRD_BASE}/podcast/${PODCAST}/${SLUG}`;
const POST = new RegExp(`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests$`);
const SHOW = 'https://smartlogic.fireside.fm';
const FIRESIDE_LINK = `${SHOW}/s14-e05-rustler-bridging-elixir-rust`;

/** The show's home page, where the link is right-clicked: a Fireside page that is not an episode. */
const SHOW_HOME = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Elixir Wizards</title></head>
<body><main><h1>Elixir Wizards</h1><ul><li><a href="/s14-e05-rustler-bridging-elixir-rust">${TITLE}</a></li></ul></main>
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
      attachments: [{ url: 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3', duration_in_seconds: 2938 }],
    },
  ],
});

const ext = useExtension();
const notifications = recordNotifications(ext);

/** The browser's click on a menu item, delivered to the extension's listener. */
function dispatch(info: Record<string, unknown>, tabId: number): Promise<void> {
  return ext.worker.evaluate(
    ({ info, tabId }) => {
      const onClicked = chrome.contextMenus.onClicked as unknown as { dispatch(info: unknown, tab: unknown): void };
      onClicked.dispatch({ editable: false, ...info }, { id: tabId, index: 0, windowId: -1, active: true, pinned: false, highlighted: true, incognito: false });
    },
    { info, tabId },
  );
}

const badge = (tabId: number) => ext.worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
const told = async () => (await notifications()).map((n) => n.title);

describe('the right-click menu', () => {
  it('builds its four items at install', async () => {
    // Item creation is not observable from outside; an update of an unknown id would fail. The
    // menu is rebuilt when settings change (each test's reset clears them): poll until it settles.
    const update = () =>
      ext.worker.evaluate(async () => {
        const results: string[] = [];
        for (const id of ['request-transcript', 'request-transcript-link', 'transcribe-audio', 'transcribe-episode-link']) {
          await chrome.contextMenus.update(id, {}).then(() => results.push(`${id}: ok`), (e: Error) => results.push(`${id}: ${e.message}`));
        }
        return results;
      });
    await expect.poll(update).toEqual(['request-transcript: ok', 'request-transcript-link: ok', 'transcribe-audio: ok', 'transcribe-episode-link: ok']);
  });

  it('on an audio link: one transcript job for that audio, and the transcript view opens on it', async () => {
    const page = await ext.open(EPISODE_PAGE);
    const tabId = await ext.tabIdOf(page);
    const audio = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
    const viewOpened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/transcript.html') });
    await dispatch({ menuItemId: 'transcribe-audio', linkUrl: audio, pageUrl: EPISODE_PAGE }, tabId);

    await expect.poll(() => ext.server.requestsTo('POST', /^\/v1\/transcripts$/).length).toBe(1);
    expect(JSON.parse(ext.server.requestsTo('POST', /^\/v1\/transcripts$/)[0]!.body)).toEqual({ audio_url: audio });
    // A dispatched click is no user gesture, so the side panel cannot open: the view opens as a tab.
    const view = await viewOpened;
    await expect.poll(() => view.getByRole('heading', { level: 1 }).textContent()).toContain('.mp3');
  });

  it('on an episode page: one request reaches Stenobird, the badge and a notification follow', async () => {
    const page = await ext.open(EPISODE_PAGE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await dispatch({ menuItemId: 'request-transcript', pageUrl: EPISODE_PAGE }, tabId);

    await expect.poll(() => badge(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
  });

  it('on a link to a Fireside episode: resolved through the show’s JSON Feed without opening it; one request, the badge on the tab', async () => {
    ext.server.setPage(`${SHOW}/`, SHOW_HOME);
    ext.server.setPage(`${SHOW}/json`, FEED, 'application/json');
    const page = await ext.open(`${SHOW}/`);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    expect(await badge(tabId)).toBe('');
    const before = ext.server.requests.length;

    await dispatch({ menuItemId: 'request-transcript-link', linkUrl: FIRESIDE_LINK, pageUrl: `${SHOW}/` }, tabId);

    await expect.poll(() => badge(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    const made = ext.server.requests.slice(before).map((r) => `${r.method} ${r.host}${r.path}`);
    // The feed once (never the episode page), the catalogue look-up, and exactly one request.
    expect(made.filter((r) => r.includes('smartlogic.fireside.fm'))).toEqual(['GET smartlogic.fireside.fm/json']);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    expect(ext.server.requests.find((r) => r.path === '/json')!.headers.accept).toMatch(/^application\/json/);
    expect(await ext.worker.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId)).toBe(
      `Stenobird Companion: transcript requested for the linked episode — ${TITLE}`,
    );
  });

  it('on a link whose show has no feed: the page is read in an offscreen document; one request', async () => {
    // Served pages outlive `reset()`: this show has no feed.
    ext.server.pages.delete('smartlogic.fireside.fm/json');
    ext.server.setPage(`${SHOW}/`, SHOW_HOME);
    ext.server.setPage(
      FIRESIDE_LINK,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${TITLE}</title>
<meta property="og:title" content="${TITLE}"><meta property="og:site_name" content="Elixir Wizards">
<meta property="og:audio:secure_url" content="https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3">
</head><body><div class="hero-info"><h1>${TITLE}</h1></div><footer>Powered by <a href="https://fireside.fm">Fireside</a></footer></body></html>`,
    );
    const page = await ext.open(`${SHOW}/`);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);

    await dispatch({ menuItemId: 'request-transcript-link', linkUrl: FIRESIDE_LINK }, tabId);

    await expect.poll(() => badge(tabId)).toBe('…');
    await expect.poll(told).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('GET', /^\/json$/)).toHaveLength(1);
    expect(ext.server.requestsTo('GET', /^\/s14-e05-rustler-bridging-elixir-rust$/)).toHaveLength(1);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    // Read and closed again: no offscreen document is left behind.
    expect(await ext.worker.evaluate(() => chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType] }))).toEqual([]);
  });

  it('on a link that is not an episode: nothing requested, a "!" on the tab and a note', async () => {
    ext.server.setPage(`${SHOW}/`, SHOW_HOME);
    ext.server.setPage(`${SHOW}/json`, FEED, 'application/json');
    const page = await ext.open(`${SHOW}/`);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await dispatch({ menuItemId: 'request-transcript-link', linkUrl: `${SHOW}/merch` }, tabId);

    await expect.poll(() => badge(tabId)).toBe('!');
    await expect.poll(told).toEqual(['No transcript requested']);
    expect(ext.server.requestsTo('POST', /transcription-requests$/)).toEqual([]);
  });
});
