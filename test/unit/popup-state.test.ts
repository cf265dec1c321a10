import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updateHistory } from '@/utils/requests/history-writer';
import type { Episode } from '@/utils/episode';
import { jobKey, unresolvedKey, type RequestRecord } from '@/utils/requests';
import { RESOLUTION_LAYOUT, resolutions } from '@/utils/storage';
import { tabStateOf } from '@/utils/tab-state';

/**
 * What the popup's card is drawn from (`tabStateOf`, every read at once): the request on record,
 * the audio's job and the cached look-up, each read for this episode alone, so a damaged or
 * expired entry elsewhere in storage changes nothing here.
 */

const NOW = Date.now();
const PAGE = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/rustler.mp3';
const REF = { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' };
const episode: Episode = { source: 'fireside', pageUrl: PAGE, title: 'Rustler: Bridging Elixir and Rust', audioUrl: AUDIO };
const report = (pageUrl = PAGE) => ({ status: 'episode' as const, episode: { ...episode, pageUrl } });

/** A record as stored; `extra` may make it a job (`kind: 'job'` with its `job`). */
const record = (key: string, extra: Record<string, unknown> = {}): RequestRecord =>
  ({
    key,
    kind: 'catalogue',
    source: 'fireside',
    pageUrl: PAGE,
    title: episode.title,
    phase: 'following',
    state: 'queued',
    requestedAt: NOW - 60_000,
    updatedAt: NOW - 60_000,
    attempts: 0,
    ...extra,
  }) as RequestRecord;

beforeEach(() => fakeBrowser.reset());

describe('the cached look-up the card shows', () => {
  it('is read by itself: a damaged or expired neighbour hides nothing, and shows as not looked up', async () => {
    const fresh = { ref: REF, checkedAt: NOW - 1_000, expiresAt: NOW + 3600_000 };
    // As the browser holds them: a key per page (RESOLUTION_LAYOUT), damaged neighbours beside.
    const stored = {
      [PAGE]: fresh,
      'https://smartlogic.fireside.fm/damaged': { ref: { podcastSlug: 'NOT A SLUG' }, checkedAt: 'yesterday' },
      'https://smartlogic.fireside.fm/expired': { ...fresh, expiresAt: NOW - 1 },
    };
    await fakeBrowser.storage.local.set(Object.fromEntries(Object.entries(stored).map(([page, value]) => [RESOLUTION_LAYOUT.prefix + page, value])));
    const state = await tabStateOf(report());
    expect(state).toMatchObject({ status: 'episode', catalogue: { status: 'found', ...REF } });
    for (const page of ['https://smartlogic.fireside.fm/damaged', 'https://smartlogic.fireside.fm/expired', 'https://smartlogic.fireside.fm/never-seen']) {
      expect(await resolutions.get(page, NOW)).toBeUndefined();
      expect(await tabStateOf(report(page))).toMatchObject({ status: 'episode', catalogue: undefined });
    }
  });
});

describe('the request and the job the card shows', () => {
  it('before the look-up: the request kept under the page, and the audio’s job', async () => {
    await updateHistory((records) => {
      records[unresolvedKey(PAGE)] = record(unresolvedKey(PAGE), { phase: 'unsent', state: '' });
      records[jobKey(AUDIO)] = record(jobKey(AUDIO), { kind: 'job', job: { audioUrl: AUDIO, idempotencyKey: 'k', requested: 'preview' } });
    });
    const state = await tabStateOf(report());
    expect(state).toMatchObject({ status: 'episode', request: { key: unresolvedKey(PAGE), phase: 'unsent' }, job: { key: jobKey(AUDIO), kind: 'job' } });
  });

  it('once looked up: the catalogue episode’s request, not the one kept under the page', async () => {
    const catalogueKey = `${REF.podcastSlug}/${REF.episodeSlug}`;
    await updateHistory((records) => {
      records[unresolvedKey(PAGE)] = record(unresolvedKey(PAGE), { phase: 'unsent', state: '' });
      records[catalogueKey] = record(catalogueKey, { ...REF, phase: 'available', state: 'available' });
    });
    await resolutions.put(PAGE, { ref: REF, checkedAt: NOW, expiresAt: NOW + 3600_000 });
    const state = await tabStateOf(report());
    expect(state).toMatchObject({ status: 'episode', request: { key: catalogueKey, phase: 'available' }, catalogue: { status: 'found' } });
    expect(state.status === 'episode' && state.job).toBeUndefined();
  });
});
