import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { runFollowUp } from '@/utils/requests/follow-up';
import { updateHistory } from '@/utils/requests/history-writer';
import { FOLLOW_UP_ALARM } from '@/utils/requests/schedule';
import type { CatalogueRecord, JobRecord, RequestRecord } from '@/utils/requests';
import { alwaysDetectSites, requestHistory } from '@/utils/storage';
import { fakeStenobird } from './fake-stenobird';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { storeHistory } from './history-record';

/**
 * Issue 13, finding 5: records that pass their schema but cannot be acted on as they are. Each
 * is repaired or dropped by itself; the follow-up never re-arms its alarm for a record it cannot
 * move on; the history's cap counts what is stored; the "always detect" list and the scripts
 * registered for it stay in step.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const PAGE = `https://stenobird.com/podcast/${KEY}`;
const TRANSCRIPT = `${PAGE}/transcript`;
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/rustler.mp3';
const POST_JOBS = /^\/v1\/transcripts$/;
const GET_EPISODE = /^\/v1\/public\/podcasts\/[^/]+\/episodes\/[^/]+$/;

let stenobird: ReturnType<typeof fakeStenobird>;
let apis: FakeSiteApis;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin' });
  vi.stubGlobal('fetch', stenobird.fetch);
  apis = installFakeSiteApis();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const base = (key: string, extra: Partial<CatalogueRecord> | Partial<JobRecord> = {}): RequestRecord => ({
  key,
  kind: 'catalogue',
  source: 'stenobird',
  pageUrl: PAGE,
  title: 'Rustler',
  phase: 'following',
  state: 'queued',
  requestedAt: T0 - 60_000,
  updatedAt: T0 - 60_000,
  attempts: 0,
  nextCheckAt: T0 - 1,
  ...extra,
}) as RequestRecord;

const store = storeHistory;
const stored = async (key: string) => (await requestHistory.all())[key];
const alarm = () => fakeBrowser.alarms.get(FOLLOW_UP_ALARM);

/** Starts the background on what is stored, and lets the due alarm fire once. */
async function startAndRunDue(): Promise<void> {
  background.main();
  await runFollowUp('alarm');
}

/** After a run, nothing is left due now: the alarm is gone, or set for a real wait. */
async function expectNoBusyAlarm(): Promise<void> {
  const next = await alarm();
  if (next) expect(next.scheduledTime).toBeGreaterThan(Date.now() + 20_000);
}

describe('a followed request without its slugs', () => {
  it('under its catalogue key: the slugs come back from the key, and the episode is checked', async () => {
    await store({ [KEY]: base(KEY) });
    stenobird.catalogue.get(KEY)!.transcriptUrl = TRANSCRIPT;
    await startAndRunDue();
    expect(stenobird.callsTo('GET', GET_EPISODE)).toHaveLength(1);
    expect(await stored(KEY)).toMatchObject({ phase: 'available', transcriptUrl: TRANSCRIPT, podcastSlug: 'elixir-wizards' });
    expect(await alarm()).toBeUndefined();
  });

  it('under its page key: it is looked up again and sent again (the POST is idempotent)', async () => {
    const pageKey = `page:${PAGE}`;
    await store({ [pageKey]: base(pageKey) });
    await startAndRunDue();
    expect(stenobird.callsTo('POST', /transcription-requests$/)).toHaveLength(1);
    expect(await stored(pageKey)).toBeUndefined();
    expect(await stored(KEY)).toMatchObject({ phase: 'following', podcastSlug: 'elixir-wizards' });
    await expectNoBusyAlarm();
  });
});

describe('a job without its id', () => {
  // Partial: a stored record may have lost any field (the tests below delete its job).
  const job = (extra: Partial<JobRecord> = {}): Partial<JobRecord> =>
    base(`job:${AUDIO}`, { kind: 'job', state: 'queued', job: { audioUrl: AUDIO, idempotencyKey: 'key-1', requested: 'preview' }, ...extra }) as Partial<JobRecord>;

  it('followed without an id: its POST is sent again with its own Idempotency-Key, and the job found again', async () => {
    await store({ [`job:${AUDIO}`]: job() });
    await startAndRunDue();
    const posts = stenobird.callsTo('POST', POST_JOBS);
    expect(posts.map((c) => c.headers.get('idempotency-key'))).toEqual(['key-1']);
    expect(await stored(`job:${AUDIO}`)).toMatchObject({ phase: 'following', job: { id: 'tr_1', idempotencyKey: 'key-1' } });
    await expectNoBusyAlarm();
  });

  it('a job record with no job at all cannot be sent: it ends as failed, says why, and the alarm stops', async () => {
    const broken = job({ phase: 'unsent' });
    delete broken.job;
    await store({ [`job:${AUDIO}`]: broken });
    await startAndRunDue();
    expect(stenobird.calls).toEqual([]);
    const after = await stored(`job:${AUDIO}`);
    expect(after).toMatchObject({ phase: 'failed' });
    expect(after!.lastError?.message).toMatch(/damaged/i);
    expect(await alarm()).toBeUndefined();
  });

  it('one record the follow-up cannot move on does not hold the others back', async () => {
    const broken = job({ phase: 'following' });
    delete broken.job;
    await store({ [`job:${AUDIO}`]: broken, [KEY]: base(KEY, { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' }) });
    await startAndRunDue();
    expect(await stored(`job:${AUDIO}`)).toMatchObject({ phase: 'failed' });
    expect((await stored(KEY))!.nextCheckAt).toBeGreaterThan(Date.now());
    await expectNoBusyAlarm();
  });
});

describe('the 200 cap counts what is stored', () => {
  it('a record stored under a key other than its own is capped like the rest', async () => {
    const records: Record<string, RequestRecord> = {};
    for (let i = 0; i < 200; i++) records[`p/e${i}`] = base(`p/e${i}`, { phase: 'available', updatedAt: T0 + i, requestedAt: T0 + i });
    // The oldest, ended, and stored under a name that is not its key.
    records['stored-here'] = base('says-elsewhere', { phase: 'failed', updatedAt: T0 - 10, requestedAt: T0 - 10 });
    await store(records);
    await updateHistory(() => undefined);
    const after = await requestHistory.all();
    expect(Object.keys(after)).toHaveLength(200);
    expect(after['stored-here']).toBeUndefined();
  });

  it('reads a record by the key it is stored under', async () => {
    await store({ [KEY]: base('something-else', { phase: 'available' }) });
    expect((await stored(KEY))!.key).toBe(KEY);
  });
});

describe('the "always detect" sites', () => {
  const GOOD = 'https://linuxunplugged.com';
  const OTHER = 'https://selfhosted.show';
  const script = (site: string) => ({ id: `always-detect ${site}`, matches: [`${site}/*`], js: ['/episode-detector.js'], runAt: 'document_idle', persistAcrossSessions: true });

  it('one bad entry is dropped by itself, not the whole list', async () => {
    await fakeBrowser.storage.local.set({ alwaysDetectSites: [GOOD, 'javascript:alert(1)', 42, OTHER] });
    expect(await alwaysDetectSites.all()).toEqual([GOOD, OTHER]);
  });

  it('on start-up, scripts and list are brought in step: stray scripts go, missing ones come back, sites without permission leave the list', async () => {
    const STRAY = 'https://gone.example';
    const UNGRANTED = 'https://notallowed.example';
    await fakeBrowser.storage.local.set({ alwaysDetectSites: [GOOD, 'not a site', OTHER, UNGRANTED] });
    apis.granted.add(`${GOOD}/*`).add(`${OTHER}/*`).add(`${STRAY}/*`);
    apis.registered.set(`always-detect ${GOOD}`, script(GOOD));
    apis.registered.set(`always-detect ${STRAY}`, script(STRAY));
    background.main();
    await vi.waitFor(() => expect([...apis.registered.keys()].sort()).toEqual([`always-detect ${GOOD}`, `always-detect ${OTHER}`]));
    expect(apis.registered.get(`always-detect ${OTHER}`)).toEqual(script(OTHER));
    await vi.waitFor(async () => expect(await alwaysDetectSites.all()).toEqual([GOOD, OTHER]));
  });
});
