import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { MENU_LINK, MENU_PAGE, MENU_TRANSCRIBE_AUDIO, MENU_TRANSCRIBE_LINK } from '@/utils/menus/context-menu';
import { handleOffscreenMessage } from '@/entrypoints/offscreen/handle-message';
import type { Episode } from '@/utils/episode';
import { alwaysDetectSites, requestHistory, tabReports } from '@/utils/storage';
import { settingsWriter } from '@/utils/settings/owner';
import { installBrowserSurface, type BrowserSurface } from './fake-browser-surface';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { fakeStenobird } from './fake-stenobird';
import { fakeWeb } from './fake-web';

/**
 * The right-click menu, with the listener the extension registers called as the browser calls
 * it. Runs for both builds: Chrome reads a fetched page in an offscreen document, Firefox with
 * `DOMParser` in its background page (see test/unit/vitest.firefox.config.ts).
 */

const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const STENOBIRD_LINK = `https://stenobird.com/podcast/${KEY}`;
const FIRESIDE_LINK = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const FEED = 'https://smartlogic.fireside.fm/json';
const POST = /\/transcription-requests$/;
const isFirefox = import.meta.env.BROWSER === 'firefox';

const fixture = (path: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', path), 'utf8');

/** The show's JSON Feed as Fireside serves it (fireside-research.md §4), the Rustler item among others. */
const feed = {
  version: 'https://jsonfeed.org/version/1',
  title: 'Elixir Wizards',
  home_page_url: 'https://smartlogic.fireside.fm',
  items: [
    { id: 'a1b2c3d4-0000-4000-8000-000000000001', title: 'Another episode', url: 'https://smartlogic.fireside.fm/s14-e04-another' },
    {
      id: '817d0e9a-7634-4bdd-a220-6b8667f0c572',
      title: TITLE,
      url: FIRESIDE_LINK,
      summary: 'Sonny Scroggin joins to talk about Rustler.',
      date_published: '2025-06-26T06:30:00-04:00',
      attachments: [
        {
          url: 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3',
          mime_type: 'audio/mpeg',
          size_in_bytes: 48058198,
          duration_in_seconds: 2938,
        },
      ],
    },
  ],
};

const onStenobird: Episode = {
  source: 'stenobird',
  pageUrl: STENOBIRD_LINK,
  title: TITLE,
  showName: 'Elixir Wizards',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
};

let stenobird: ReturnType<typeof fakeStenobird>;
let web: ReturnType<typeof fakeWeb>;
let surface: BrowserSurface;
let sites: FakeSiteApis;
let created: ReturnType<typeof vi.spyOn>;
let offscreen: { createDocument: ReturnType<typeof vi.fn>; closeDocument: ReturnType<typeof vi.fn> } | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: TITLE });
  web = fakeWeb(stenobird);
  vi.stubGlobal('fetch', web.fetch);
  surface = installBrowserSurface();
  sites = installFakeSiteApis();
  created = vi.spyOn(fakeBrowser.notifications, 'create');
  if (!isFirefox) {
    // Chrome delivers the worker's message to the offscreen document; so does this stand-in.
    const api = fakeBrowser as unknown as { offscreen: Record<string, unknown>; runtime: Record<string, unknown> };
    offscreen = { createDocument: vi.fn(async () => undefined), closeDocument: vi.fn(async () => undefined) };
    Object.assign(api.offscreen, offscreen);
    api.runtime.getContexts = vi.fn(async () => []);
    api.runtime.sendMessage = vi.fn(async (message: unknown) => handleOffscreenMessage(message, { id: fakeBrowser.runtime.id }));
  }
  background.main();
});
afterEach(() => {
  created.mockRestore();
  vi.unstubAllGlobals();
});

/** Waits for the one notification a click ends in, and answers its title and message. */
async function told(): Promise<{ title: string; message: string }> {
  await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(1));
  const options = created.mock.calls[0]![1] as { title: string; message: string };
  return { title: options.title, message: options.message };
}

const badge = (tabId: number) => surface.toolbar.getBadgeText({ tabId });
const posts = () => stenobird.callsTo('POST', POST);

describe('the menu items', () => {
  it('registers the click listener in the first turn, and builds the items on install after removeAll()', async () => {
    // No await between main() and here: the listener exists before the worker's first turn ends.
    expect(surface.menus.addListener).toHaveBeenCalledTimes(1);
    expect(surface.menus.create).not.toHaveBeenCalled();

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await vi.waitFor(() => expect(surface.menus.create).toHaveBeenCalledTimes(4));
    expect(surface.menus.removeAll.mock.invocationCallOrder[0]).toBeLessThan(surface.menus.create.mock.invocationCallOrder[0]!);
    const patterns = ['*://*.fireside.fm/*', 'https://stenobird.com/podcast/*/*'];
    expect(surface.menuItems.get(MENU_PAGE)).toEqual({ id: 'request-transcript', title: 'Request transcript with Stenobird', contexts: ['page'], documentUrlPatterns: patterns });
    expect(surface.menuItems.get(MENU_LINK)).toEqual({ id: MENU_LINK, title: 'Request transcript with Stenobird', contexts: ['link'], targetUrlPatterns: patterns });
    expect(surface.menuItems.get(MENU_TRANSCRIBE_AUDIO)).toEqual({
      id: 'transcribe-audio',
      title: 'Transcribe audio with Stenobird',
      contexts: ['audio', 'link'],
      targetUrlPatterns: expect.arrayContaining(['*://*/*.mp3', '*://*/*.mp3?*', '*://*/*.m4a', '*://aphid.fireside.fm/d/*']),
    });
    expect(surface.menuItems.get(MENU_TRANSCRIBE_LINK)).toEqual({
      id: 'transcribe-episode-link',
      title: 'Transcribe the episode’s audio with Stenobird',
      contexts: ['link'],
      targetUrlPatterns: patterns,
    });
  });

  it('is built again, without duplicates, for a new "always detect" site, a new base URL and a browser start', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await alwaysDetectSites.add('https://linuxunplugged.com');
    await vi.waitFor(() => expect(surface.menuItems.get(MENU_LINK)?.targetUrlPatterns).toContain('https://linuxunplugged.com/*'));
    await settingsWriter.update({ baseUrl: 'https://staging.stenobird.com' });
    await vi.waitFor(() => expect(surface.menuItems.get(MENU_PAGE)?.documentUrlPatterns).toContain('https://staging.stenobird.com/podcast/*/*'));
    await fakeBrowser.runtime.onStartup.trigger();
    await vi.waitFor(() => expect(surface.menus.create).toHaveBeenCalledTimes(16));
    expect(surface.menus.removeAll).toHaveBeenCalledTimes(4);
    expect([...surface.menuItems.keys()]).toEqual([MENU_PAGE, MENU_LINK, MENU_TRANSCRIBE_AUDIO, MENU_TRANSCRIBE_LINK]);
  });
});

describe('a click on a page', () => {
  it('requests the tab’s episode once, sets the badge and tells the outcome', async () => {
    await tabReports.set(5, { status: 'episode', episode: onStenobird });
    surface.click({ menuItemId: MENU_PAGE, pageUrl: STENOBIRD_LINK, editable: false }, { id: 5 });
    expect(await told()).toEqual({ title: 'Transcript requested', message: `“${TITLE}”: Stenobird has queued it. You will be notified when it is ready.` });
    expect(posts()).toHaveLength(1);
    expect(await requestHistory.get(KEY)).toMatchObject({ phase: 'following', state: 'queued' });
    await vi.waitFor(async () => expect(await badge(5)).toBe('…'));
  });

  it('on a page with no episode (and none found when read on demand): no request, a plain note', async () => {
    surface.click({ menuItemId: MENU_PAGE, pageUrl: 'https://smartlogic.fireside.fm/episodes', editable: false }, { id: 6 });
    expect(await told()).toEqual({ title: 'No transcript requested', message: 'There is no podcast episode on this page.' });
    expect(stenobird.calls).toEqual([]);
    expect(web.calls).toEqual([]);
  });

  it('says nothing when notifications are switched off, but still requests and sets the badge', async () => {
    await settingsWriter.update({ notifications: false });
    await tabReports.set(5, { status: 'episode', episode: onStenobird });
    surface.click({ menuItemId: MENU_PAGE, editable: false }, { id: 5 });
    await vi.waitFor(async () => expect(await badge(5)).toBe('…'));
    expect(posts()).toHaveLength(1);
    expect(created).not.toHaveBeenCalled();
  });
});

describe('a click on a link', () => {
  it('Stenobird link: slugs from the URL, title from the catalogue, one request; the badge on the tab follows it', async () => {
    surface.click({ menuItemId: MENU_LINK, linkUrl: STENOBIRD_LINK, pageUrl: 'https://forum.example/t/1', editable: false }, { id: 7 });
    expect(await told()).toMatchObject({ title: 'Transcript requested', message: expect.stringContaining(TITLE) });
    expect(stenobird.callsTo('GET', /\/episodes\//).map((c) => c.path)).toEqual([`/v1/public/podcasts/${KEY.replace('/', '/episodes/')}`]);
    expect(posts()).toHaveLength(1);
    expect(web.calls).toEqual([]);
    await vi.waitFor(async () => expect(await badge(7)).toBe('…'));
    expect(await surface.toolbar.getTitle({ tabId: 7 })).toBe(`Stenobird Companion: transcript requested for the linked episode — ${TITLE}`);
  });

  it('Fireside link: the show’s JSON Feed item gives the episode; the page is not fetched', async () => {
    web.json(FEED, feed);
    surface.click({ menuItemId: MENU_LINK, linkUrl: `${FIRESIDE_LINK}/`, editable: false }, { id: 8 });
    expect(await told()).toMatchObject({ title: 'Transcript requested', message: expect.stringContaining(TITLE) });
    expect(web.calls).toEqual([{ url: FEED, accept: expect.stringMatching(/^application\/json\b/), credentials: 'omit' }]);
    expect(posts()).toHaveLength(1);
    expect(await requestHistory.get(KEY)).toMatchObject({ source: 'fireside', pageUrl: FIRESIDE_LINK, title: TITLE, showName: 'Elixir Wizards' });
    if (offscreen) expect(offscreen.createDocument).not.toHaveBeenCalled();
    await vi.waitFor(async () => expect(await badge(8)).toBe('…'));
  });

  it(`Fireside link: no feed, so the page is fetched and read ${isFirefox ? 'with DOMParser in the background page' : 'in an offscreen document'}`, async () => {
    web.page(FIRESIDE_LINK, fixture('fireside/elixir-wizards-s14-e05.html'));
    surface.click({ menuItemId: MENU_LINK, linkUrl: FIRESIDE_LINK, editable: false }, { id: 8 });
    expect(await told()).toMatchObject({ title: 'Transcript requested', message: expect.stringContaining(TITLE) });
    expect(web.calls.map((c) => [c.url, c.accept?.split(',')[0]])).toEqual([
      [FEED, 'application/json'],
      [FIRESIDE_LINK, 'text/html'],
    ]);
    expect(posts()).toHaveLength(1);
    expect(await requestHistory.get(KEY)).toMatchObject({ source: 'fireside', pageUrl: FIRESIDE_LINK, title: TITLE });
    if (isFirefox) {
      expect((fakeBrowser as unknown as { offscreen?: unknown }).offscreen).toBeUndefined();
    } else {
      expect(offscreen!.createDocument).toHaveBeenCalledWith({ url: '/offscreen.html', reasons: ['DOM_PARSER'], justification: expect.any(String) });
      expect(offscreen!.closeDocument).toHaveBeenCalledTimes(1);
    }
  });

  it('a link that turns out not to be an episode (a custom page): read, but nothing requested', async () => {
    const contact = 'https://smartlogic.fireside.fm/contact';
    web.json(FEED, feed);
    web.page(contact, fixture('fireside/custom-page-contact.html'));
    surface.click({ menuItemId: MENU_LINK, linkUrl: contact, editable: false }, { id: 9 });
    expect(await told()).toEqual({ title: 'No transcript requested', message: 'That link does not lead to a podcast episode page.' });
    expect(web.calls.map((c) => c.url)).toEqual([FEED, contact]);
    expect(stenobird.calls).toEqual([]);
    await vi.waitFor(async () => expect(await badge(9)).toBe('!'));
  });

  it.each([
    ['a Fireside list page', 'https://smartlogic.fireside.fm/episodes'],
    ['a Fireside service host', 'https://player.fireside.fm/v2/IAs5ixts+SMPxxUmC'],
    ['a Stenobird podcast page', 'https://stenobird.com/podcast/elixir-wizards'],
  ])('a link whose address is not an episode’s (%s): nothing fetched', async (_name, linkUrl) => {
    surface.click({ menuItemId: MENU_LINK, linkUrl, editable: false }, { id: 9 });
    expect(await told()).toEqual({ title: 'No transcript requested', message: 'That link does not lead to a podcast episode page.' });
    expect(web.calls).toEqual([]);
    expect(stenobird.calls).toEqual([]);
  });

  it('a Stenobird link to an episode the catalogue does not have: no request', async () => {
    surface.click({ menuItemId: MENU_LINK, linkUrl: 'https://stenobird.com/podcast/elixir-wizards/no-such-episode', editable: false }, { id: 9 });
    expect(await told()).toEqual({ title: 'No transcript requested', message: 'This episode is not in the Stenobird catalogue.' });
    expect(posts()).toEqual([]);
  });

  it('a custom-domain link: the site’s permission is asked during the click; refused, nothing is fetched', async () => {
    const answerPrompt = vi.fn(() => false);
    sites.answerPrompt = answerPrompt;
    surface.click({ menuItemId: MENU_LINK, linkUrl: 'https://linuxunplugged.com/556', editable: false }, { id: 10 });
    // Asked before the listener returned: a click is a user gesture only until then.
    expect(answerPrompt).toHaveBeenCalledWith(['https://linuxunplugged.com/*']);
    expect(await told()).toEqual({
      title: 'No transcript requested',
      message: 'Stenobird Companion has not been allowed to read linuxunplugged.com. Open the link and use the toolbar button there, or choose “Always detect on this site”.',
    });
    expect(web.calls).toEqual([]);
  });

  it('a custom-domain link on an allowed site is read like any Fireside link', async () => {
    sites.granted.add('https://podcast.smartlogic.io/*');
    web.json('https://podcast.smartlogic.io/json', { ...feed, items: [{ ...feed.items[1], url: 'https://podcast.smartlogic.io/s14-e05-rustler-bridging-elixir-rust' }] });
    surface.click({ menuItemId: MENU_LINK, linkUrl: 'https://podcast.smartlogic.io/s14-e05-rustler-bridging-elixir-rust', editable: false }, { id: 10 });
    expect(await told()).toMatchObject({ title: 'Transcript requested' });
    expect(posts()).toHaveLength(1);
  });

  it('two clicks on the same link while the first is under way: one request', async () => {
    web.json(FEED, feed);
    surface.click({ menuItemId: MENU_LINK, linkUrl: FIRESIDE_LINK, editable: false }, { id: 8 });
    surface.click({ menuItemId: MENU_LINK, linkUrl: FIRESIDE_LINK, editable: false }, { id: 8 });
    await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(2));
    expect(posts()).toHaveLength(1);
  });

  it('ignores items that are not its own', async () => {
    // Resolves once whatever the listener started has ended: a request would have been sent and told by then.
    await surface.click({ menuItemId: 'someone-else', linkUrl: STENOBIRD_LINK, editable: false }, { id: 7 });
    expect(stenobird.calls).toEqual([]);
    expect(created).not.toHaveBeenCalled();
    expect(await requestHistory.all()).toEqual({});
  });
});

describe('transcribing from the menu', () => {
  const AUDIO = 'https://cdn.example/shows/ep%2012.mp3?token=abc';
  const jobPosts = () => stenobird.callsTo('POST', /^\/v1\/transcripts$/);
  const viewTabs = async () => (await fakeBrowser.tabs.query({})).filter((t) => t.url?.includes('transcript.html'));

  it('an audio link: one job for its address, and the transcript view opens on it', async () => {
    surface.click({ menuItemId: MENU_TRANSCRIBE_AUDIO, linkUrl: AUDIO, pageUrl: 'https://forum.example/t/1', editable: false }, { id: 9, url: 'https://forum.example/t/1' });
    await vi.waitFor(() => expect(jobPosts()).toHaveLength(1));
    expect(JSON.parse(jobPosts()[0]!.body)).toEqual({ audio_url: AUDIO });
    await vi.waitFor(async () => expect(await viewTabs()).toHaveLength(1));
    const history = Object.values(await requestHistory.all());
    // A bare link has no title: the job is named after the file.
    expect(history).toEqual([expect.objectContaining({ kind: 'job', title: 'ep 12.mp3', pageUrl: 'https://forum.example/t/1' })]);
  });

  it('an audio element: its source is transcribed', async () => {
    surface.click({ menuItemId: MENU_TRANSCRIBE_AUDIO, srcUrl: AUDIO, mediaType: 'audio', pageUrl: 'https://forum.example/t/1', editable: false }, { id: 9 });
    await vi.waitFor(() => expect(jobPosts()).toHaveLength(1));
    expect(JSON.parse(jobPosts()[0]!.body)).toEqual({ audio_url: AUDIO });
  });

  it('an episode link: the episode is read (JSON Feed) and its audio transcribed', async () => {
    web.json(FEED, feed);
    surface.click({ menuItemId: MENU_TRANSCRIBE_LINK, linkUrl: FIRESIDE_LINK, editable: false }, { id: 8 });
    await vi.waitFor(() => expect(jobPosts()).toHaveLength(1));
    expect(JSON.parse(jobPosts()[0]!.body)).toEqual({ audio_url: feed.items[1]!.attachments![0]!.url });
    expect(Object.values(await requestHistory.all())).toEqual([expect.objectContaining({ kind: 'job', title: TITLE })]);
    await vi.waitFor(async () => expect(await viewTabs()).toHaveLength(1));
  });

  it('an episode link whose episode names no audio: told so, nothing sent', async () => {
    surface.click({ menuItemId: MENU_TRANSCRIBE_LINK, linkUrl: STENOBIRD_LINK, editable: false }, { id: 7 });
    expect((await told()).message).toBe('This episode’s page gives no audio file to transcribe.');
    expect(jobPosts()).toHaveLength(0);
  });
});

