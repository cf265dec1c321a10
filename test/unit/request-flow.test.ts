import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { runFollowUp } from '@/utils/requests/follow-up';
import { requestTranscript } from '@/utils/requests/request-transcript';
import { resolveEpisode } from '@/utils/catalogue/resolve-episode';
import { resolveWithStatus } from '@/utils/catalogue/refresh-status';
import { FOLLOW_UP_ALARM } from '@/utils/requests/schedule';
import type { Episode } from '@/utils/episode';
import { updateHistory } from '@/utils/requests/history-writer';
import type { RequestRecord } from '@/utils/requests';
import { historyRecord, storedHistory, storeHistory } from './history-record';
import { requestHistory, resolutions } from '@/utils/storage';
import { settingsWriter } from '@/utils/settings/owner';
import { getTabState } from '@/utils/tab-state';
import { fakeStenobird } from './fake-stenobird';

const T0 = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TRANSCRIPT = 'https://stenobird.com/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin/transcript';
const GET_EPISODES = /^\/v1\/public\/podcasts\/[^/]+\/episodes\/[^/]+$/;
const POST_REQUESTS = /\/transcription-requests$/;

/** The Rustler episode as Fireside shows it: numbered title, no Stenobird slugs. */
const fireside: Episode = {
  source: 'fireside',
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  title: 'S14E05: Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
};
const onStenobird: Episode = {
  source: 'stenobird',
  pageUrl: `https://stenobird.com/podcast/${KEY}`,
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
};

let stenobird: ReturnType<typeof fakeStenobird>;
let created: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin' });
  vi.stubGlobal('fetch', stenobird.fetch);
  created = vi.spyOn(fakeBrowser.notifications, 'create');
  background.main();
});
afterEach(() => {
  created.mockRestore();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const record = async (key = KEY) => (await requestHistory.all())[key];

describe('resolving an episode to the catalogue (contract §6)', () => {
  it('takes a Stenobird page’s slugs from its URL, with no request', async () => {
    expect(await resolveEpisode(onStenobird)).toEqual({ status: 'found', ref: onStenobird.stenobird });
    expect(stenobird.calls).toEqual([]);
  });

  it('finds a Fireside episode by its title without the publisher’s numbering, and caches it', async () => {
    const found = await resolveEpisode(fireside);
    expect(found).toEqual({
      status: 'found',
      ref: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
      // The answer's status comes with it (read once, for both).
      catalogueStatus: { checkedAt: T0, processingState: 'processed' },
    });
    expect(stenobird.callsTo('GET', GET_EPISODES).map((c) => c.path)).toEqual([
      '/v1/public/podcasts/elixir-wizards/episodes/s14e05-rustler-bridging-elixir-and-rust-with-sonny-scroggin',
      `/v1/public/podcasts/${KEY.replace('/', '/episodes/')}`,
    ]);
    // Reopening the popup: the answer comes from storage.
    expect(await resolveEpisode(fireside)).toEqual(found);
    expect(stenobird.calls).toHaveLength(2);
  });

  it('gives up after three look-ups, says "not in the catalogue", and remembers that for a day', async () => {
    const unknown: Episode = { ...fireside, pageUrl: 'https://smartlogic.fireside.fm/x', title: 'Episode 12: Something Else | Elixir Wizards' };
    expect(await resolveEpisode(unknown)).toEqual({ status: 'missing' });
    expect(stenobird.callsTo('GET', GET_EPISODES)).toHaveLength(3);
    expect(await resolveEpisode(unknown)).toEqual({ status: 'missing' });
    expect(stenobird.calls).toHaveLength(3);
    const outcome = await requestTranscript(unknown);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'not-found', message: 'This episode is not in the Stenobird catalogue.' } });
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toEqual([]);

    // A day: a minute before it, still known; just after, looked up again.
    vi.setSystemTime(T0 + DAY - MINUTE);
    expect(await resolveEpisode(unknown)).toEqual({ status: 'missing' });
    expect(stenobird.calls).toHaveLength(3);
    vi.setSystemTime(T0 + DAY + 1);
    await resolveEpisode(unknown);
    expect(stenobird.callsTo('GET', GET_EPISODES)).toHaveLength(6);
  });

  it('answers the popup: looked up once, then known when the popup opens again', async () => {
    const fromPage = { id: fakeBrowser.runtime.id, tab: { id: 3 } as never, frameId: 0, url: fireside.pageUrl };
    const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const send = async (message: unknown, sender: object) => (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0];
    await send({ type: 'episode-detected', episode: fireside }, fromPage);

    expect(await getTabState(3)).toMatchObject({ status: 'episode', catalogue: undefined });
    expect(stenobird.calls).toEqual([]);
    expect(await send({ type: 'resolve-tab', tabId: 3 }, fromPopup)).toMatchObject({ status: 'episode', catalogue: { status: 'found' } });
    expect(stenobird.calls).toHaveLength(2);
    expect(await getTabState(3)).toMatchObject({ catalogue: { status: 'found' } });
    expect(await send({ type: 'resolve-tab', tabId: 3 }, fromPopup)).toMatchObject({ catalogue: { status: 'found' } });
    expect(stenobird.calls).toHaveLength(2);

    // The request from that tab goes to the resolved episode and is found again on the next visit.
    expect(await send({ type: 'request-tab-episode', tabId: 3, shown: { pageUrl: fireside.pageUrl } }, fromPopup)).toMatchObject({ ok: true, record: { key: KEY } });
    expect(await getTabState(3)).toMatchObject({ request: { key: KEY, phase: 'following' } });
  });

  it('makes no request for a title with nothing to build a slug from, and does not call that a miss', async () => {
    const unslugged = { ...fireside, title: 'ポッドキャスト' };
    expect(await resolveEpisode(unslugged)).toEqual({ status: 'unidentified' });
    expect(stenobird.calls).toEqual([]);
    // Nothing kept as "not in the catalogue": it was never asked.
    expect(await resolutions.get(unslugged.pageUrl, Date.now())).toBeUndefined();
  });

  it('stops at a server in trouble and does not cache the failure', async () => {
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', offline);
    const result = await resolveEpisode(fireside);
    expect(result).toMatchObject({ status: 'error', error: { kind: 'offline' } });
    // One candidate, tried three times (two retries), not three candidates.
    expect(offline).toHaveBeenCalledTimes(3);
    vi.stubGlobal('fetch', stenobird.fetch);
    expect((await resolveEpisode(fireside)).status).toBe('found');
    expect(stenobird.callsTo('GET', GET_EPISODES)).toHaveLength(2);
  }, 10_000);
});

describe('requestTranscript: one request, recorded, followed to the end', () => {
  it('sends one POST for a Fireside episode, records it, and follows it to one notification', async () => {
    const outcome = await requestTranscript(fireside);
    expect(outcome).toMatchObject({ ok: true, record: { key: KEY, phase: 'following', state: 'queued', title: fireside.title } });
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    const alarm = await fakeBrowser.alarms.get(FOLLOW_UP_ALARM);
    expect(alarm?.scheduledTime).toBe(T0 + 5 * MINUTE);

    // First check: nothing yet; the next wait doubles.
    vi.setSystemTime(T0 + 5 * MINUTE);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'following', attempts: 1, nextCheckAt: T0 + 15 * MINUTE });
    expect(created).not.toHaveBeenCalled();

    stenobird.catalogue.get(KEY)!.transcriptUrl = TRANSCRIPT;
    vi.setSystemTime(T0 + 15 * MINUTE);
    await Promise.all([runFollowUp(), runFollowUp('network-back'), runFollowUp()]);
    expect(await record()).toMatchObject({ phase: 'available', state: 'available', transcriptUrl: TRANSCRIPT });
    expect((await record())?.nextCheckAt).toBeUndefined();
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![0]).toBe(`stenobird-request:${KEY}`);
    expect(created.mock.calls[0]![1]).toMatchObject({ type: 'basic', title: 'Transcript ready', message: expect.stringContaining('Rustler') });
    expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toBeUndefined();

    // Nothing more to follow: later alarms ask nothing and tell nothing.
    const asked = stenobird.calls.length;
    vi.setSystemTime(T0 + 60 * MINUTE);
    await runFollowUp();
    expect(stenobird.calls).toHaveLength(asked);
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('leaves the popup showing what the follow-up last read, not the status from before the request', async () => {
    await requestTranscript(fireside);
    stenobird.catalogue.get(KEY)!.transcriptUrl = TRANSCRIPT;
    vi.setSystemTime(T0 + 5 * MINUTE);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'available' });

    // Opened a minute later, within the 15 minutes a status is trusted: nothing is asked, and
    // the popup has the transcript the notification announced.
    const asked = stenobird.callsTo('GET', GET_EPISODES).length;
    vi.setSystemTime(T0 + 6 * MINUTE);
    const shown = await resolveWithStatus(fireside);
    expect(shown).toMatchObject({ status: 'found', catalogueStatus: { transcriptUrl: TRANSCRIPT, checkedAt: T0 + 5 * MINUTE } });
    expect(stenobird.callsTo('GET', GET_EPISODES)).toHaveLength(asked);
  });

  it('shares one request between calls made while it is in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    stenobird.next('POST', POST_REQUESTS, async () => {
      await gate;
      return stenobird.json(202, { status: 'queued' });
    });
    const calls = [requestTranscript(onStenobird), requestTranscript(onStenobird), requestTranscript(onStenobird)];
    await vi.waitFor(() => expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1));
    release();
    const [a, b, c] = await Promise.all(calls);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    expect(Object.keys(await requestHistory.all())).toEqual([KEY]);
  });

  it('honours the server’s retry hint for the first check', async () => {
    stenobird.next('POST', POST_REQUESTS, () => stenobird.json(202, { status: 'queued', retry_after_seconds: 3600 }));
    await requestTranscript(onStenobird);
    expect(await record()).toMatchObject({ nextCheckAt: T0 + 60 * MINUTE });
  });

  it('reports a request Stenobird gives up on, once, and not when notifications are off', async () => {
    await settingsWriter.update({ notifications: false });
    await requestTranscript(onStenobird);
    stenobird.catalogue.get(KEY)!.requestStatus = 'rejected';
    vi.setSystemTime(T0 + 5 * MINUTE);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'failed', state: 'rejected', lastError: { message: expect.stringContaining('“rejected”') } });
    expect(created).not.toHaveBeenCalled();
  });

  it('stops following after two weeks and says so', async () => {
    await requestTranscript(onStenobird);
    // Checked every day, and a minute before the two weeks are up: still followed, nothing said.
    for (const at of [...Array.from({ length: 13 }, (_, i) => (i + 1) * DAY), 14 * DAY - MINUTE]) {
      vi.setSystemTime(T0 + at);
      await runFollowUp();
    }
    expect(await record()).toMatchObject({ phase: 'following' });
    expect(created).not.toHaveBeenCalled();
    // The first check once two weeks are up (checks are at most six hours apart): given up, and the user is told.
    const next = (await record())!.nextCheckAt!;
    expect(next).toBeGreaterThan(T0 + 14 * DAY);
    expect(next).toBeLessThanOrEqual(T0 + 14 * DAY + 6 * 60 * MINUTE);
    vi.setSystemTime(next);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'failed', lastError: { message: expect.stringContaining('two weeks') } });
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![1]).toMatchObject({ title: 'Transcript request failed' });
  });
});

describe('requests that cannot be sent now are kept, never dropped', () => {
  it('keeps a request made offline and sends it when the network is back', async () => {
    const offline = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', offline);
    const outcome = await requestTranscript(onStenobird);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'offline' }, record: { key: KEY, phase: 'unsent', attempts: 1 } });
    expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toMatchObject({ scheduledTime: T0 + 5 * MINUTE });

    vi.stubGlobal('fetch', stenobird.fetch);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(async () => expect((await record())?.phase).toBe('following'));
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    // The user did not watch this one go out: when it ends, they are told.
    stenobird.catalogue.get(KEY)!.transcriptUrl = TRANSCRIPT;
    vi.setSystemTime((await record())!.nextCheckAt!);
    await runFollowUp();
    expect(created).toHaveBeenCalledTimes(1);
  }, 10_000);

  it('waits out a long Retry-After before sending again', async () => {
    stenobird.next('POST', POST_REQUESTS, () => stenobird.json(429, { error: 'slow down' }, { 'retry-after': '600' }));
    const outcome = await requestTranscript(onStenobird);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'rate-limited' }, record: { phase: 'unsent', nextCheckAt: T0 + 10 * MINUTE } });
    expect((await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))?.scheduledTime).toBe(T0 + 10 * MINUTE);

    vi.setSystemTime(T0 + 9 * MINUTE);
    await runFollowUp();
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    vi.setSystemTime(T0 + 10 * MINUTE);
    await runFollowUp();
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(2);
    expect(await record()).toMatchObject({ phase: 'following', state: 'queued' });
  });

  it('keeps a Fireside request whose episode could not be looked up, then resolves and sends it', async () => {
    stenobird.next('GET', GET_EPISODES, () => stenobird.json(429, {}, { 'retry-after': '300' }));
    const outcome = await requestTranscript(fireside);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'rate-limited' }, record: { key: `page:${fireside.pageUrl}`, phase: 'unsent' } });

    vi.setSystemTime(T0 + 5 * MINUTE);
    await runFollowUp();
    expect(Object.keys(await requestHistory.all())).toEqual([KEY]);
    expect(await record()).toMatchObject({ phase: 'following', pageUrl: fireside.pageUrl, requestedAt: T0 });
  });

  // Until issue 12 an unreadable 2xx stored nothing; contract §3: it is an accepted request.
  it('records a 2xx it cannot read as accepted, and the catalogue confirms it', async () => {
    stenobird.next('POST', POST_REQUESTS, () => new Response('<html>Accepted</html>', { status: 202 }));
    const outcome = await requestTranscript(onStenobird);
    expect(outcome).toMatchObject({ ok: true, record: { key: KEY, phase: 'following', state: 'accepted' } });
    expect(await record()).toMatchObject({ phase: 'following', state: 'accepted' });
    expect((await record())!.lastError).toBeUndefined();
    // The follow-up's check reads the catalogue's word for it.
    stenobird.add(KEY, { title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin', requestStatus: 'queued' });
    vi.setSystemTime(T0 + 5 * MINUTE);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'following', state: 'queued' });
  });

  it('stores nothing as sent when an error status comes with a body it cannot read', async () => {
    stenobird.next('POST', POST_REQUESTS, () => new Response('{"status": ', { status: 422 }));
    const outcome = await requestTranscript(onStenobird);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'bad-request', status: 422 } });
    expect(outcome).not.toHaveProperty('record.phase');
    expect(await requestHistory.all()).toEqual({});
  });
});

describe('after the worker stops', () => {
  it('rebuilds the follow-up from storage alone and carries the request to its end', async () => {
    const outcome = await requestTranscript(onStenobird);
    expect(outcome.ok).toBe(true);
    const kept = await fakeBrowser.storage.local.get(null);

    // The browser restarts: memory, listeners and alarms are gone; local storage stays.
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(kept);
    vi.resetModules();
    const restarted = (await import('@/entrypoints/background/index')).default;
    const history = (await import('@/utils/storage')).requestHistory;
    restarted.main();

    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toBeDefined());
    const alarm = (await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))!;
    expect(alarm.scheduledTime).toBe(T0 + 5 * MINUTE);

    stenobird.catalogue.get(KEY)!.transcriptUrl = TRANSCRIPT;
    vi.setSystemTime(alarm.scheduledTime);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
    await vi.waitFor(async () => expect((await history.all())[KEY]?.phase).toBe('available'));
    await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(1));
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
  });

  it('sends again a request the worker stopped in the middle of', async () => {
    // The record is written before the POST; here the POST never came back.
    stenobird.next('POST', POST_REQUESTS, () => new Promise<Response>(() => {}));
    void requestTranscript(onStenobird);
    await vi.waitFor(() => expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1));
    const kept = await fakeBrowser.storage.local.get(null);
    expect(Object.values(await storedHistory())).toMatchObject([{ phase: 'unsent' }]);

    fakeBrowser.reset();
    await fakeBrowser.storage.local.set(kept);
    vi.resetModules();
    (await import('@/entrypoints/background/index')).default.main();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toBeDefined());
    const alarm = (await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))!;
    vi.setSystemTime(alarm.scheduledTime);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
    await vi.waitFor(() => expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(2));
    await vi.waitFor(async () => expect((await (await import('@/utils/storage')).requestHistory.get(KEY))?.phase).toBe('following'));
  });
});

describe('the request history', () => {

  // Not the Rustler episode: a test above leaves its request hanging in this module's work on the wire.
  const NEWEST = 'elixir-wizards/the-newest-one';
  const newest = (): Episode => {
    stenobird.add(NEWEST, { title: 'The newest one' });
    return { source: 'stenobird', pageUrl: `https://stenobird.com/podcast/${NEWEST}`, title: 'The newest one', stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'the-newest-one' } };
  };

  /** Stores `count` requests named `<prefix><i>`, the oldest first (times 1, 2, 3…, long before T0). */
  const store = (prefix: string, count: number, phase: RequestRecord['phase'], from = 1) =>
    updateHistory((records) => {
      for (let i = 0; i < count; i++) records[`${prefix}${i}`] = historyRecord(`${prefix}${i}`, phase, from + i);
    });

  it('keeps 200 requests: one more pushes out the oldest ended one, never one still being followed', async () => {
    // 200 stored: 50 still followed (the oldest of all), then 150 ended ones, alternately available and failed.
    await store('a', 50, 'following');
    await store('f', 75, 'available', 100);
    await store('g', 75, 'failed', 200);
    expect(Object.keys(await requestHistory.all())).toHaveLength(200);

    // The user asks for one more transcript.
    expect((await requestTranscript(newest())).ok).toBe(true);
    const kept = await requestHistory.all();
    expect(Object.keys(kept)).toHaveLength(200);
    expect(kept[NEWEST]).toMatchObject({ phase: 'following' });
    expect(kept.f0).toBeUndefined();
    expect(kept.f1).toBeDefined();
    expect(Object.keys(kept).filter((key) => key.startsWith('a'))).toHaveLength(50);
    expect(Object.keys(kept).filter((key) => key.startsWith('g'))).toHaveLength(75);
  });

  it('when all 200 are still being followed, one more pushes out the oldest of them', async () => {
    await store('a', 200, 'following');
    expect((await requestTranscript(newest())).ok).toBe(true);
    const kept = await requestHistory.all();
    expect(Object.keys(kept)).toHaveLength(200);
    expect(kept[NEWEST]).toBeDefined();
    expect(kept.a0).toBeUndefined();
    expect(kept.a1).toBeDefined();
    expect(kept.a199).toBeDefined();
  });

  it('drops a corrupted record alone, not the whole history', async () => {
    await storeHistory({ good: historyRecord('good', 'following', 1), bad: { key: 'bad', phase: 'exploded' } });
    expect(Object.keys(await requestHistory.all())).toEqual(['good']);
  });
});
