import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import type { Episode } from '@/utils/episode';
import { itemFor, pickTranscript, scanFeed } from '@/utils/publisher/rss';
import { readPublisherTranscript } from '@/utils/publisher/publisher-transcript';
import { FIRESIDE_REACH } from '@/utils/fireside/http';
import { fakeStenobird } from './fake-stenobird';
import { fakeWeb } from './fake-web';
import { hangingFetch } from './fake-fetch';
import { installFakeSiteApis } from './fake-site-apis';

/**
 * The publisher's own transcript (issue 12, contract §8), the background's half: which one an
 * episode has (the page's link, else its RSS item's `podcast:transcript`), the popup's action
 * approved only for what it shows, and the file read for the view, with a sentence for every way
 * that fails. Stenobird is asked nothing on the way.
 */
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');
const RUSTLER_AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const FILES = 'https://media24.fireside.fm/file/fireside-images-2024/podcasts/transcripts/0/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/episodes/8/817d0e9a-7634-4bdd-a220-6b8667f0c572';
const FEED = 'https://feeds.fireside.fm/smartlogic/rss';
const RUSTLER: Episode = {
  source: 'fireside',
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  audioUrl: RUSTLER_AUDIO,
  fireside: { podcastId: '03a50f66-dc5e-4da4-ab6e-31895b6d4c9e', episodeId: '817d0e9a-7634-4bdd-a220-6b8667f0c572', enclosureUrl: RUSTLER_AUDIO },
  rssUrl: FEED,
};
const GLEAM: Episode = { ...RUSTLER, pageUrl: 'https://smartlogic.fireside.fm/s14-e04-elixir-gleam', title: 'Elixir & Gleam', audioUrl: undefined, fireside: undefined };
const LINKED = `${FILES}/transcript.txt`;
const DAY = 24 * 3600_000;

describe('the feed’s podcast:transcript elements', () => {
  it('reads Fireside’s feed (the namespace declared by its GitHub URL): the items with transcripts, each with link, enclosure and guid', () => {
    const items = scanFeed(fixture('feeds/elixir-wizards.rss'));
    expect(items.map((i) => i.link)).toEqual([RUSTLER.pageUrl, GLEAM.pageUrl]);
    expect(items[0]).toMatchObject({ enclosure: RUSTLER_AUDIO, guid: '817d0e9a-7634-4bdd-a220-6b8667f0c572' });
    expect(items[0]!.transcripts).toEqual([
      { url: `${FILES}/transcript.txt`, type: 'text/plain' },
      { url: `${FILES}/transcript.json`, type: 'application/json', language: 'en' },
      { url: 'https://transcripts.example.org/elixir-wizards/s14e05.vtt', type: 'text/vtt', rel: 'captions' },
    ]);
  });

  it('follows the prefix the feed binds to the namespace, and ignores a `podcast:` bound to something else', () => {
    const items = scanFeed(fixture('feeds/other-prefix.rss'));
    expect(items[0]!.transcripts.map((t) => t.url)).toEqual(['https://media24.fireside.fm/file/another/7.srt', 'https://media24.fireside.fm/file/another/7.html']);
    // Entities in attributes are decoded, single quotes read.
    expect(items[1]!.transcripts[0]!.url).toBe('https://media24.fireside.fm/file/another/8.vtt?a=1&b=2');
  });

  it('finds the episode’s item by its page, by its audio, and never by a page on another origin', () => {
    const items = scanFeed(fixture('feeds/elixir-wizards.rss'));
    expect(itemFor(items, { pageUrl: `${RUSTLER.pageUrl}/` })).toBe(items[0]);
    // Fireside's item link may name the show's other host (research §1.2): the audio still says which.
    expect(itemFor(items, { pageUrl: 'https://podcast.smartlogic.io/s14-e05-rustler-bridging-elixir-rust', audioUrl: RUSTLER_AUDIO })).toBe(items[0]);
    // The same path on another show's host is another show's page.
    expect(itemFor(items, { pageUrl: 'https://othershow.fireside.fm/s14-e05-rustler-bridging-elixir-rust' })).toBeUndefined();
  });

  it('prefers speakers and times (JSON), and offers only files the extension may fetch', () => {
    const [rustler] = scanFeed(fixture('feeds/elixir-wizards.rss'));
    expect(pickTranscript(rustler!.transcripts)?.url).toBe(`${FILES}/transcript.json`);
    const noJson = rustler!.transcripts.filter((t) => t.type !== 'application/json');
    expect(pickTranscript(noJson)?.type).toBe('text/vtt');
    expect(pickTranscript(noJson, (url) => url.startsWith('https://media24.fireside.fm/'))?.url).toBe(`${FILES}/transcript.txt`);
  });
});

const TAB = 7;
const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const fromView = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/transcript.html') };
const fromContent = (episode: Episode) => ({ id: fakeBrowser.runtime.id, tab: { id: TAB } as never, frameId: 0, url: episode.pageUrl });
const send = async (message: unknown, sender: object) => (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0];
const pageShows = (episode: Episode) => send({ type: 'episode-detected', episode }, fromContent(episode));
const shownOf = (e: Episode) => ({ pageUrl: e.pageUrl, audioUrl: e.audioUrl });

let web: ReturnType<typeof fakeWeb>;
let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(() => {
  fakeBrowser.reset();
  installFakeSiteApis();
  stenobird = fakeStenobird();
  web = fakeWeb(stenobird);
  vi.stubGlobal('fetch', web.fetch);
  background.main();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const rss = () => new Response(fixture('feeds/elixir-wizards.rss'), { headers: { 'content-type': 'application/rss+xml' } });

describe('which transcript the popup offers', () => {
  it('the page’s own link, without reading the feed', async () => {
    web.serve(FEED, rss);
    await pageShows({ ...RUSTLER, transcriptUrl: LINKED });
    expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toEqual({ pageUrl: RUSTLER.pageUrl, transcript: { url: LINKED, type: 'text/plain' } });
    expect(web.callsTo(FEED)).toHaveLength(0);
  });

  it('no link on the page: the RSS item’s, the feed read with an RSS Accept header and no cookies, once a day', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T10:00:00Z'), toFake: ['Date'] });
    web.serve(FEED, rss);
    await pageShows(RUSTLER);
    const asked = { type: 'publisher-transcript', tabId: TAB };
    expect(await send(asked, fromPopup)).toEqual({ pageUrl: RUSTLER.pageUrl, transcript: { url: `${FILES}/transcript.json`, type: 'application/json', language: 'en' } });
    expect(web.callsTo(FEED)).toEqual([{ url: FEED, accept: expect.stringMatching(/^application\/rss\+xml/), credentials: 'omit' }]);
    // Another episode of the show, an hour later: the same feed, not read again.
    vi.setSystemTime(Date.now() + 3600_000);
    await pageShows(GLEAM);
    expect(await send(asked, fromPopup)).toMatchObject({ pageUrl: GLEAM.pageUrl, transcript: { url: expect.stringContaining('/a1b2c3d4-') } });
    expect(web.callsTo(FEED)).toHaveLength(1);
    // A day on, publishers may have added transcripts: read again.
    vi.setSystemTime(Date.now() + DAY);
    await send(asked, fromPopup);
    expect(web.callsTo(FEED)).toHaveLength(2);
    expect(stenobird.calls).toHaveLength(0);
  });

  it('keeps the feeds of the last three shows read: a fourth drops the oldest, whose next popup reads it again', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-04T10:00:00Z'), toFake: ['Date'] });
    const feeds = ['a', 'b', 'c', 'd'].map((show) => `https://feeds.fireside.fm/${show}/rss`);
    for (const feed of feeds) web.serve(feed, rss);
    const openOn = async (feed: string) => {
      vi.setSystemTime(Date.now() + 60_000);
      await pageShows({ ...RUSTLER, rssUrl: feed });
      return send({ type: 'publisher-transcript', tabId: TAB }, fromPopup);
    };
    for (const feed of feeds) expect(await openOn(feed)).toMatchObject({ transcript: { url: `${FILES}/transcript.json` } });
    const stored = Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => key.startsWith('publisherFeed:'));
    expect(stored.sort()).toEqual(feeds.slice(1).map((feed) => `publisherFeed:${feed}`));
    // The three kept are not read again today; the dropped one is.
    for (const feed of [...feeds.slice(1), feeds[0]!]) await openOn(feed);
    expect(feeds.map((feed) => web.callsTo(feed).length)).toEqual([2, 1, 1, 1]);
  });

  it('a feed whose transcript list is too large to keep is still answered, and read again next time', async () => {
    const [item] = scanFeed(fixture('feeds/elixir-wizards.rss'));
    const many = Array.from({ length: 3_000 }, (_, i) => `<item><link>https://smartlogic.fireside.fm/e${i}</link><podcast:transcript url="${FILES}/e${i}/transcript.json" type="application/json"/></item>`);
    const big = fixture('feeds/elixir-wizards.rss').replace('</channel>', `${many.join('\n')}</channel>`);
    web.serve(FEED, () => new Response(big, { headers: { 'content-type': 'application/rss+xml' } }));
    await pageShows(RUSTLER);
    for (let i = 0; i < 2; i++) expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toMatchObject({ transcript: { url: item!.transcripts[1]!.url } });
    expect(web.callsTo(FEED)).toHaveLength(2);
  });

  it('none: an episode its feed lists without a transcript, a missing feed, a feed that is not RSS', async () => {
    web.serve(FEED, rss);
    const noTranscript: Episode = { ...RUSTLER, pageUrl: 'https://smartlogic.fireside.fm/s14-e03', audioUrl: undefined, fireside: undefined };
    await pageShows(noTranscript);
    expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toEqual({ pageUrl: noTranscript.pageUrl });
    const elsewhere: Episode = { ...RUSTLER, rssUrl: 'https://feeds.fireside.fm/gone/rss' };
    await pageShows(elsewhere);
    expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toEqual({ pageUrl: RUSTLER.pageUrl });
    web.page('https://feeds.fireside.fm/html/rss', '<!doctype html><title>Not a feed</title><p>podcast:transcript</p>');
    await pageShows({ ...RUSTLER, rssUrl: 'https://feeds.fireside.fm/html/rss' });
    expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toEqual({ pageUrl: RUSTLER.pageUrl });
  });

  it('a page link to a host the extension may not read is not offered (and the feed is asked instead)', async () => {
    web.serve(FEED, rss);
    await pageShows({ ...RUSTLER, transcriptUrl: 'https://transcripts.example.org/s14e05.txt' });
    expect(await send({ type: 'publisher-transcript', tabId: TAB }, fromPopup)).toMatchObject({ transcript: { url: `${FILES}/transcript.json` } });
  });
});

describe('"Read the publisher’s transcript", for what the popup shows', () => {
  beforeEach(() => pageShows({ ...RUSTLER, transcriptUrl: LINKED }));

  it('approved, then read for the view: the episode’s facts and the text, and nothing sent to Stenobird', async () => {
    web.serve(LINKED, () => new Response(fixture('transcripts/episode.txt'), { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    expect(await send({ type: 'open-publisher-transcript', tabId: TAB, shown: shownOf(RUSTLER), transcriptUrl: LINKED }, fromPopup)).toEqual({ ok: true });
    const read = await send({ type: 'read-publisher-transcript', pageUrl: RUSTLER.pageUrl }, fromView);
    expect(read).toMatchObject({
      ok: true,
      meta: { title: RUSTLER.title, showName: 'Elixir Wizards', pageUrl: RUSTLER.pageUrl, audioUrl: RUSTLER_AUDIO },
      sourceUrl: LINKED,
      transcript: { format: 'text', segments: [{ text: 'Chris Fisher: Hello and welcome to Self-Hosted, episode 100.' }, {}, {}] },
    });
    expect(stenobird.calls).toHaveLength(0);
  });

  it('refused when the tab now shows another episode, or for a file the episode does not offer', async () => {
    await pageShows({ ...GLEAM, transcriptUrl: undefined });
    expect(await send({ type: 'open-publisher-transcript', tabId: TAB, shown: shownOf(RUSTLER), transcriptUrl: LINKED }, fromPopup)).toMatchObject({
      ok: false,
      movedOn: true,
    });
    await pageShows({ ...RUSTLER, transcriptUrl: LINKED });
    const other = 'https://media24.fireside.fm/file/fireside-images-2024/podcasts/transcripts/0/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/episodes/a/a1b2c3d4-0000-4000-8000-000000000004/transcript.txt';
    expect(await send({ type: 'open-publisher-transcript', tabId: TAB, shown: shownOf(RUSTLER), transcriptUrl: other }, fromPopup)).toEqual({
      ok: false,
      message: 'This episode no longer offers that transcript. Open the popup again.',
    });
    // Nothing approved, nothing read: the view has no file to fetch.
    expect(await send({ type: 'read-publisher-transcript', pageUrl: RUSTLER.pageUrl }, fromView)).toEqual({
      ok: false,
      message: 'This transcript is no longer offered. Open it again from the toolbar popup.',
    });
    expect(web.callsTo(other)).toHaveLength(0);
  });

  const readAfterOpen = async (answer: () => Response | Promise<Response>) => {
    web.serve(LINKED, answer);
    await send({ type: 'open-publisher-transcript', tabId: TAB, shown: shownOf(RUSTLER), transcriptUrl: LINKED }, fromPopup);
    return send({ type: 'read-publisher-transcript', pageUrl: RUSTLER.pageUrl }, fromView);
  };

  it('a 20 MB file ends in "too large", read no further than the cap', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode('word '.repeat(13_107));
    const huge = () =>
      new Response(
        new ReadableStream({
          pull(controller) {
            if (sent >= 20_000_000) return controller.close();
            sent += chunk.length;
            controller.enqueue(chunk);
          },
        }),
        { headers: { 'content-type': 'text/plain' } },
      );
    expect(await readAfterOpen(huge)).toMatchObject({ ok: false, message: 'The publisher’s transcript is larger than 5 MB, too large to show here.', meta: { title: RUSTLER.title } });
    expect(sent).toBeLessThan(20_000_000);
  });

  it('a damaged file, a file of the wrong type, an error status: each its sentence', async () => {
    expect(await readAfterOpen(() => new Response(fixture('transcripts/truncated.json'), { headers: { 'content-type': 'application/json' } }))).toMatchObject({
      ok: false,
      message: 'The publisher’s transcript file is damaged or not in a format the extension can read.',
    });
    expect(await readAfterOpen(() => new Response('ID3\u0003', { headers: { 'content-type': 'audio/mpeg' } }))).toMatchObject({
      ok: false,
      message: 'The file the publisher links as its transcript is not text.',
    });
    expect(await readAfterOpen(() => new Response('gone', { status: 410 }))).toMatchObject({
      ok: false,
      message: 'media24.fireside.fm answered with HTTP 410 instead of the publisher’s transcript.',
    });
  });

  it('a server that never answers ends in a sentence at the timeout', async () => {
    await send({ type: 'open-publisher-transcript', tabId: TAB, shown: shownOf(RUSTLER), transcriptUrl: LINKED }, fromPopup);
    const read = await readPublisherTranscript(RUSTLER.pageUrl, { reach: FIRESIDE_REACH, fetch: hangingFetch(), timeoutMs: 20 });
    expect(read).toMatchObject({ ok: false, message: 'media24.fireside.fm did not send the publisher’s transcript in time. Try again later.' });
  });
});
