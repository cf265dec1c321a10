import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { stenobirdStatus } from '@/components/stenobird-status';
import { isFresh, requestedByAnyone, STATUS_FRESH_MS, statusFromEntry } from '@/utils/catalogue/catalogue-status';
import { resolveWithStatus } from '@/utils/catalogue/refresh-status';
import { FOUND_TTL_MS } from '@/utils/catalogue/resolve-episode';
import type { Episode } from '@/utils/episode';
import type { TabState } from '@/utils/messages';
import { RESOLUTION_LAYOUT, resolutions } from '@/utils/storage';
import { getTabState, tabStateOf } from '@/utils/tab-state';
import { fakeStenobird } from './fake-stenobird';

/**
 * The catalogue's status (issue 12, contract §2 "Freshness"): the slugs are kept for days, the
 * status (processing state, a request by anyone, a published transcript) is trusted for 15
 * minutes; after that the card is drawn from what is kept and the status is read again. Time is
 * the fake clock's: no test waits.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const REF = { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' };
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const TRANSCRIPT = `https://stenobird.com/podcast/${KEY}/transcript`;
const GET_EPISODES = /^\/v1\/public\/podcasts\/[^/]+\/episodes\/[^/]+$/;
const GET_THIS = new RegExp(`^/v1/public/podcasts/${KEY.replace('/', '/episodes/')}$`);

const fireside: Episode = {
  source: 'fireside',
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  title: `S14E05: ${TITLE}`,
  showName: 'Elixir Wizards',
};
const onStenobird: Episode = { source: 'stenobird', pageUrl: `https://stenobird.com/podcast/${KEY}`, title: TITLE, showName: 'Elixir Wizards', stenobird: REF };

let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: TITLE });
  vi.stubGlobal('fetch', stenobird.fetch);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const entry = (extra: Record<string, unknown> = {}) => ({ slug: REF.episodeSlug, title: TITLE, processing_state: 'processed', ...extra }) as never;

describe('the status a catalogue answer gives', () => {
  it('keeps the processing state, a request by anyone with its time, and a published transcript', () => {
    expect(statusFromEntry(entry({ transcription_request: { status: 'queued', requested_at: '2026-02-26T12:00:00Z' }, transcript_url: TRANSCRIPT }), T0)).toEqual({
      checkedAt: T0,
      processingState: 'processed',
      request: { status: 'queued', requestedAt: Date.UTC(2026, 1, 26, 12) },
      transcriptUrl: TRANSCRIPT,
    });
    expect(statusFromEntry(entry(), T0)).toEqual({ checkedAt: T0, processingState: 'processed' });
  });

  it('keeps a request whose time cannot be read, without a time', () => {
    expect(statusFromEntry(entry({ transcription_request: { status: 'queued', requested_at: 'last Tuesday' } }), T0).request).toEqual({ status: 'queued' });
  });

  it('is fresh for 15 minutes, and never when it comes from the future', () => {
    const status = { checkedAt: T0 };
    expect(isFresh(status, T0)).toBe(true);
    expect(isFresh(status, T0 + STATUS_FRESH_MS - 1)).toBe(true);
    expect(isFresh(status, T0 + STATUS_FRESH_MS)).toBe(false);
    // The clock was put back: a status "checked" later than now is not trusted.
    expect(isFresh(status, T0 - MINUTE)).toBe(false);
    expect(isFresh(undefined, T0)).toBe(false);
  });

  it('counts as requested by anyone only while a request stands and no transcript is out', () => {
    expect(requestedByAnyone({ request: { status: 'queued' } })).toBe(true);
    expect(requestedByAnyone({ request: { status: 'in_review' } })).toBe(true);
    expect(requestedByAnyone({ request: { status: 'queued' }, transcriptUrl: TRANSCRIPT })).toBe(false);
    expect(requestedByAnyone({ request: { status: 'failed' } })).toBe(false);
    expect(requestedByAnyone({})).toBe(false);
    expect(requestedByAnyone(undefined)).toBe(false);
  });
});

describe('the look-up’s stored value (layout 2)', () => {
  it('is written with its version, and read back as it was', async () => {
    const status = { checkedAt: T0, processingState: 'processed', request: { status: 'queued', requestedAt: T0 - DAY } };
    await resolutions.put(fireside.pageUrl, { ref: REF, status, checkedAt: T0, expiresAt: T0 + FOUND_TTL_MS });
    const raw = (await fakeBrowser.storage.local.get(RESOLUTION_LAYOUT.prefix + fireside.pageUrl))[RESOLUTION_LAYOUT.prefix + fireside.pageUrl];
    expect(raw).toMatchObject({ v: 2, ref: REF, status });
    expect(await resolutions.get(fireside.pageUrl, T0)).toEqual({ ref: REF, status, checkedAt: T0, expiresAt: T0 + FOUND_TTL_MS });
  });

  it('reads a layout-1 value (transcript URL beside the slugs, no version) as slugs whose status is to be read', async () => {
    await fakeBrowser.storage.local.set({
      [RESOLUTION_LAYOUT.prefix + fireside.pageUrl]: { ref: REF, transcriptUrl: TRANSCRIPT, checkedAt: T0 - MINUTE, expiresAt: T0 + DAY },
    });
    expect(await resolutions.get(fireside.pageUrl, T0)).toEqual({ ref: REF, checkedAt: T0 - MINUTE, expiresAt: T0 + DAY });
    const state = await tabStateOf({ status: 'episode', episode: fireside });
    expect(state).toMatchObject({ catalogue: { status: 'found', ...REF, stale: true } });
    // Read again at once (one request: the slugs are known), and kept as layout 2.
    expect(await resolveWithStatus(fireside)).toMatchObject({ status: 'found', catalogueStatus: { checkedAt: T0, processingState: 'processed' } });
    expect(stenobird.callsTo('GET', GET_EPISODES).map((c) => c.path)).toEqual([`/v1/public/podcasts/${KEY.replace('/', '/episodes/')}`]);
    expect((await fakeBrowser.storage.local.get(RESOLUTION_LAYOUT.prefix + fireside.pageUrl))[RESOLUTION_LAYOUT.prefix + fireside.pageUrl]).toMatchObject({ v: 2 });
  });

  it('reads a value whose status is damaged as its slugs alone', async () => {
    await fakeBrowser.storage.local.set({
      [RESOLUTION_LAYOUT.prefix + fireside.pageUrl]: { v: 2, ref: REF, status: { checkedAt: 'now', transcriptUrl: 'javascript:alert(1)' }, checkedAt: T0, expiresAt: T0 + DAY },
    });
    expect(await resolutions.get(fireside.pageUrl, T0)).toEqual({ ref: REF, checkedAt: T0, expiresAt: T0 + DAY });
  });
});

describe('the popup’s look-up: slugs for days, status for 15 minutes', () => {
  it('a Fireside page: found with its status in one go, nothing sent within 15 minutes, the status read again after', async () => {
    const first = await resolveWithStatus(fireside);
    expect(first).toMatchObject({ status: 'found', ref: REF, catalogueStatus: { checkedAt: T0, processingState: 'processed' } });
    // Two candidates (the numbered title first), each asked once: the status came with the answer.
    expect(stenobird.callsTo('GET', GET_EPISODES)).toHaveLength(2);

    vi.setSystemTime(T0 + STATUS_FRESH_MS - 1);
    expect(await resolveWithStatus(fireside)).toEqual(first);
    expect(stenobird.calls).toHaveLength(2);
    expect(await tabStateOf({ status: 'episode', episode: fireside })).toMatchObject({ catalogue: { stale: false } });

    // Published and requested meanwhile: seen once the status is 15 minutes old.
    stenobird.add(KEY, { title: TITLE, transcriptUrl: TRANSCRIPT, requestStatus: 'queued' });
    vi.setSystemTime(T0 + STATUS_FRESH_MS);
    expect(await tabStateOf({ status: 'episode', episode: fireside })).toMatchObject({ catalogue: { stale: true, transcriptUrl: undefined } });
    const later = T0 + STATUS_FRESH_MS;
    expect(await resolveWithStatus(fireside)).toMatchObject({
      status: 'found',
      ref: REF,
      catalogueStatus: { checkedAt: later, transcriptUrl: TRANSCRIPT, request: { status: 'queued', requestedAt: Date.UTC(2026, 0, 1) } },
    });
    // One request, for the slugs already known; the candidates are not tried again.
    expect(stenobird.callsTo('GET', GET_EPISODES).slice(2).map((c) => c.path)).toEqual([`/v1/public/podcasts/${KEY.replace('/', '/episodes/')}`]);
    expect(await tabStateOf({ status: 'episode', episode: fireside })).toMatchObject({
      catalogue: { status: 'found', transcriptUrl: TRANSCRIPT, requested: { status: 'queued' }, checkedAt: later, stale: false },
    });
    // The slugs keep their own age: still those of the first look-up.
    expect(await resolutions.get(fireside.pageUrl, later)).toMatchObject({ checkedAt: T0, expiresAt: T0 + FOUND_TTL_MS });
  });

  it('a Stenobird page: its slugs need no request, its status one, then none for 15 minutes', async () => {
    stenobird.add(KEY, { title: TITLE, requestStatus: 'queued' });
    expect(await tabStateOf({ status: 'episode', episode: onStenobird })).toMatchObject({ catalogue: { status: 'found', ...REF, stale: true } });
    expect(await resolveWithStatus(onStenobird)).toMatchObject({ status: 'found', ref: REF, catalogueStatus: { request: { status: 'queued' } } });
    expect(stenobird.callsTo('GET', GET_THIS)).toHaveLength(1);
    vi.setSystemTime(T0 + 10 * MINUTE);
    await resolveWithStatus(onStenobird);
    expect(stenobird.calls).toHaveLength(1);
    expect(await tabStateOf({ status: 'episode', episode: onStenobird })).toMatchObject({ catalogue: { requested: { status: 'queued' }, stale: false } });
  });

  it('sends one request for two look-ups at once', async () => {
    await resolveWithStatus(onStenobird);
    vi.setSystemTime(T0 + STATUS_FRESH_MS);
    await Promise.all([resolveWithStatus(onStenobird), resolveWithStatus(onStenobird)]);
    expect(stenobird.callsTo('GET', GET_THIS)).toHaveLength(2);
  });

  it('keeps the status last read when reading it again fails, and says why', async () => {
    await resolveWithStatus(fireside);
    vi.setSystemTime(T0 + STATUS_FRESH_MS);
    stenobird.next('GET', GET_THIS, () => new Response('Bad Gateway', { status: 400 }));
    const result = await resolveWithStatus(fireside);
    expect(result).toMatchObject({ status: 'found', ref: REF, catalogueStatus: { checkedAt: T0 }, refreshError: { kind: 'bad-request' } });
    // Nothing cached of the failure: the next look-up asks again.
    await resolveWithStatus(fireside);
    expect(stenobird.callsTo('GET', GET_THIS).length).toBe(3);
  });

  it('looks the page up again when the slugs it kept no longer lead to the episode', async () => {
    await resolveWithStatus(fireside);
    stenobird.catalogue.delete(KEY);
    vi.setSystemTime(T0 + STATUS_FRESH_MS);
    expect(await resolveWithStatus(fireside)).toEqual({ status: 'missing' });
    expect(await tabStateOf({ status: 'episode', episode: fireside })).toMatchObject({ catalogue: { status: 'missing' } });
  });

  it('answers the popup’s resolve-tab with the status read again, and nothing sent within 15 minutes', async () => {
    background.main();
    const fromPage = { id: fakeBrowser.runtime.id, tab: { id: 3 } as never, frameId: 0, url: fireside.pageUrl };
    const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const send = async (message: unknown, sender: object) => (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0] as unknown as TabState;
    await send({ type: 'episode-detected', episode: fireside }, fromPage);
    expect(await send({ type: 'resolve-tab', tabId: 3 }, fromPopup)).toMatchObject({ catalogue: { status: 'found', stale: false } });
    const asked = stenobird.calls.length;
    vi.setSystemTime(T0 + 14 * MINUTE);
    expect(await send({ type: 'resolve-tab', tabId: 3 }, fromPopup)).toMatchObject({ catalogue: { status: 'found', stale: false } });
    expect(stenobird.calls).toHaveLength(asked);

    stenobird.add(KEY, { title: TITLE, transcriptUrl: TRANSCRIPT });
    vi.setSystemTime(T0 + 16 * MINUTE);
    // The card is drawn from the cache first (stale), then the answer brings the transcript.
    expect(await getTabState(3)).toMatchObject({ catalogue: { stale: true, transcriptUrl: undefined } });
    expect(await send({ type: 'resolve-tab', tabId: 3 }, fromPopup)).toMatchObject({ catalogue: { status: 'found', transcriptUrl: TRANSCRIPT, stale: false } });
    expect(stenobird.calls).toHaveLength(asked + 1);
  });
});

describe('what the popup says of it', () => {
  const lines = (status: Parameters<typeof stenobirdStatus>[0]) => [...stenobirdStatus(status, 'en', T0).querySelectorAll('li')].map((li) => li.textContent);

  it('somebody’s request, with when', () => {
    expect(lines({ catalogue: 'in', requestedOnStenobird: { status: 'queued', at: T0 - 3 * DAY } })).toEqual([
      'In the Stenobird catalogue',
      'Requested on Stenobird · 3 days ago',
      'Queued at Stenobird',
    ]);
    expect(lines({ catalogue: 'in', requestedOnStenobird: { status: 'in_review' } })).toEqual(['In the Stenobird catalogue', 'Requested on Stenobird', 'Request status: in_review']);
  });

  it('the user’s own request rather than somebody’s, and a published transcript rather than either', () => {
    const own = { key: KEY, kind: 'catalogue', pageUrl: fireside.pageUrl, title: TITLE, phase: 'following', state: 'queued', requestedAt: T0 - MINUTE, updatedAt: T0, attempts: 0 } as const;
    expect(lines({ catalogue: 'in', request: own, requestedOnStenobird: { status: 'queued', at: T0 - DAY } })).toEqual([
      'In the Stenobird catalogue',
      'Transcript requested 1 minute ago',
      'Queued at Stenobird',
    ]);
    expect(lines({ catalogue: 'in', transcriptUrl: TRANSCRIPT, requestedOnStenobird: { status: 'queued', at: T0 - DAY } })).toEqual(['In the Stenobird catalogue', 'Transcript available']);
  });

  it('a show that could not be identified: said so, never "not in the catalogue"', () => {
    expect(lines({ catalogue: 'unidentified' })).toEqual(['Couldn’t identify the show on this page, so Stenobird’s catalogue was not checked.']);
  });

  it('a request Stenobird accepted without a readable answer', () => {
    const own = { key: KEY, kind: 'catalogue', pageUrl: fireside.pageUrl, title: TITLE, phase: 'following', state: 'accepted', requestedAt: T0, updatedAt: T0, attempts: 0 } as const;
    expect(lines({ catalogue: 'in', request: own })).toEqual(['In the Stenobird catalogue', 'Transcript requested now', 'Accepted by Stenobird']);
  });

  it('a status that could not be read again: as of when, and why; busy while it is read', () => {
    expect(lines({ catalogue: 'in', refreshError: 'You are offline.', checkedAt: T0 - 20 * MINUTE })).toEqual([
      'In the Stenobird catalogue',
      'Status as of 20 minutes ago. Could not check again: You are offline.',
    ]);
    expect(stenobirdStatus({ catalogue: 'in', refreshing: true }, 'en', T0).getAttribute('aria-busy')).toBe('true');
    expect(stenobirdStatus({ catalogue: 'in' }, 'en', T0).hasAttribute('aria-busy')).toBe(false);
  });
});
