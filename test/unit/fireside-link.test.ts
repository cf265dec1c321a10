import { describe, expect, it, vi } from 'vitest';
import { feedEpisode, parseJsonFeed } from '@/utils/fireside/json-feed';
import { ACCEPT_HTML, firesideGet } from '@/utils/fireside/http';
import { hangingFetch } from './fake-fetch';

/** Reading a right-clicked Fireside link: the JSON Feed item, and the one fetcher for show sites. */

const LINK = new URL('https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust/');
const FEED = 'https://smartlogic.fireside.fm/json';
const item = {
  id: '817d0e9a-7634-4bdd-a220-6b8667f0c572',
  title: '  Rustler: Bridging Elixir and Rust  ',
  url: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  date_published: '2025-06-26T06:30:00-04:00',
  summary: 'Sonny joins.',
  attachments: [{ url: 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3', duration_in_seconds: 2938 }],
};
/** The episode a link points at, read from a feed's body as the link resolver reads it (parsed, then its item). */
const episodeFromJsonFeed = (body: unknown, link: URL, feedUrl: string, audioUrl?: string) => {
  const parsed = parseJsonFeed(body);
  return parsed && feedEpisode(parsed, link, feedUrl, audioUrl);
};
const feed = (items: unknown[], extra: object = {}) => ({ version: 'https://jsonfeed.org/version/1', title: 'Elixir Wizards', items, ...extra });

describe('episodeFromJsonFeed', () => {
  it('reads the item whose url is the link (trailing slash and all) into an Episode', () => {
    expect(episodeFromJsonFeed(feed([{ title: 'Other', url: 'https://smartlogic.fireside.fm/other' }, item]), LINK, FEED)).toEqual({
      source: 'fireside',
      pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
      title: 'Rustler: Bridging Elixir and Rust',
      showName: 'Elixir Wizards',
      publishedAt: '2025-06-26T10:30:00.000Z',
      durationSeconds: 2938,
      audioUrl: item.attachments[0]!.url,
      fireside: {
        podcastId: '03a50f66-dc5e-4da4-ab6e-31895b6d4c9e',
        episodeId: '817d0e9a-7634-4bdd-a220-6b8667f0c572',
        enclosureUrl: item.attachments[0]!.url,
      },
      description: 'Sonny joins.',
      rssUrl: 'https://feeds.fireside.fm/smartlogic/rss',
      jsonFeedUrl: FEED,
    });
  });

  it('refuses an item on another origin with the link’s path: it is not this page (finding 7)', () => {
    // Another show's page, or the same show's other domain: either way not the page asked about,
    // whose cache and request record the episode would be kept under.
    for (const url of ['https://linuxunplugged.fireside.fm/s14-e05-rustler-bridging-elixir-rust', 'http://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust']) {
      expect(episodeFromJsonFeed(feed([{ ...item, url }]), LINK, FEED)).toBeUndefined();
    }
    // Listed after the impostor, the page's own item is the one read.
    const impostor = { ...item, title: 'Somebody else’s episode', url: 'https://linuxunplugged.fireside.fm/s14-e05-rustler-bridging-elixir-rust' };
    expect(episodeFromJsonFeed(feed([impostor, item]), LINK, FEED)).toMatchObject({ title: 'Rustler: Bridging Elixir and Rust', pageUrl: item.url });
  });

  it('matches by enclosure: the item whose attachment is the page’s audio, on the page’s origin, under the page’s own address', () => {
    const elsewhereOnSite = { ...item, url: 'https://smartlogic.fireside.fm/episodes/817d0e9a' };
    // The page's player may carry a tracking prefix the feed's enclosure lacks: the same file.
    const pageAudio = `https://pdst.fm/e/${item.attachments[0]!.url.slice('https://'.length)}`;
    expect(episodeFromJsonFeed(feed([elsewhereOnSite]), LINK, FEED)).toBeUndefined();
    expect(episodeFromJsonFeed(feed([elsewhereOnSite]), LINK, FEED, pageAudio)).toMatchObject({
      pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
      durationSeconds: 2938,
      publishedAt: '2025-06-26T10:30:00.000Z',
    });
    // Another file is another episode; and an item on another origin is refused, enclosure or not.
    expect(episodeFromJsonFeed(feed([elsewhereOnSite]), LINK, FEED, 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/00000000-7634-4bdd-a220-6b8667f0c572.mp3')).toBeUndefined();
    expect(episodeFromJsonFeed(feed([{ ...item, url: 'https://linuxunplugged.fireside.fm/x' }]), LINK, FEED, item.attachments[0]!.url)).toBeUndefined();
  });

  it.each([
    ['no item for the link', feed([{ ...item, url: 'https://smartlogic.fireside.fm/another' }])],
    ['the item has no title', feed([{ ...item, title: '   ' }])],
    ['items is not a list', { title: 'x', items: 'nope' }],
    ['not a feed at all', '<html>Not found</html>'],
    ['null', null],
  ])('gives nothing when %s', (_name, body) => {
    expect(episodeFromJsonFeed(body, LINK, FEED)).toBeUndefined();
  });

  it('skips a malformed item and what does not fit an Episode, keeping the rest', () => {
    const hostile = { ...item, date_published: 'soon', image: 'javascript:alert(1)', attachments: [{ url: 42 }, 'x'], summary: 'x'.repeat(5000) };
    const episode = episodeFromJsonFeed(feed([{ url: 7 }, hostile]), LINK, FEED);
    expect(episode).toMatchObject({ title: 'Rustler: Bridging Elixir and Rust', publishedAt: undefined, audioUrl: undefined, artworkUrl: undefined });
    expect(episode!.description!.length).toBeLessThanOrEqual(500);
  });
});

describe('firesideGet', () => {
  const get = (fetch: typeof globalThis.fetch, maxBytes = 1000, timeoutMs?: number) => firesideGet('https://smartlogic.fireside.fm/1', { accept: ACCEPT_HTML, maxBytes, timeoutMs, fetch });

  it('answers the text, asking with an Accept header and without cookies', async () => {
    const fetch = vi.fn(async () => new Response('<p>hi</p>', { headers: { 'content-type': 'text/html' } }));
    expect(await get(fetch)).toMatchObject({ ok: true, status: 200, text: '<p>hi</p>', contentType: 'text/html' });
    expect(fetch).toHaveBeenCalledWith('https://smartlogic.fireside.fm/1', expect.objectContaining({ headers: { Accept: ACCEPT_HTML }, credentials: 'omit' }));
  });

  it('refuses a body larger than the cap, declared or not', async () => {
    expect(await get(vi.fn(async () => new Response('x'.repeat(2000))))).toEqual({ ok: false, reason: 'too-large', status: 200 });
    expect(await get(vi.fn(async () => new Response('x', { headers: { 'content-length': '5000' } })))).toEqual({ ok: false, reason: 'too-large', status: 200 });
  });

  it('turns a status, a network failure and a silent server into reasons', async () => {
    expect(await get(vi.fn(async () => new Response('gone', { status: 404 })))).toEqual({ ok: false, reason: 'status', status: 404 });
    expect(await get(vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))).toEqual({ ok: false, reason: 'offline' });
    expect(await get(hangingFetch(), 1000, 50)).toEqual({ ok: false, reason: 'timeout' });
  });
});
