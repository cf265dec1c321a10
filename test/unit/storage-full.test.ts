import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { updateHistory } from '@/utils/requests/history-writer';
import { requestTranscript } from '@/utils/requests/request-transcript';
import type { Episode } from '@/utils/episode';
import { JOB_TEXT_MAX_BYTES, JOB_TEXTS_MAX_BYTES, jobTexts } from '@/utils/job-texts';
import type { RequestRecord } from '@/utils/requests';
import { requestHistory } from '@/utils/storage';
import { fakeStenobird } from './fake-stenobird';
import { storeHistory, writesHistory } from './history-record';

/**
 * Issue 13, finding 3: `storage.local` is finite (Chrome's QUOTA_BYTES, 10 MB without
 * `unlimitedStorage`). Saved transcript texts are capped by size, each and all together, kept
 * once, and the oldest make room; a write the browser refuses never leaves a caller hanging: the
 * request still goes out, and the answer says what was and was not kept.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const POST_REQUESTS = /\/transcription-requests$/;
const episode: Episode = {
  source: 'stenobird',
  pageUrl: `https://stenobird.com/podcast/${KEY}`,
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
};

/** Chrome's own words when `storage.local` is over its quota. */
const quotaError = () => new Error('QUOTA_BYTES quota exceeded');

/** Every write to `storage.local` that matches `refuse` fails as the browser fails it. */
function refuseWrites(refuse: (items: Record<string, unknown>) => Error | undefined) {
  const local = fakeBrowser.storage.local;
  const set = local.set.bind(local);
  return vi.spyOn(local, 'set').mockImplementation((async (items: Record<string, unknown>) => {
    const error = refuse(items);
    if (error) throw error;
    return set(items);
  }) as never);
}

let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: episode.title });
  vi.stubGlobal('fetch', stenobird.fetch);
  background.main();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const storedLocal = async () => fakeBrowser.storage.local.get(null);
const text = (chars: number, fill = 'a') => fill.repeat(chars);

describe('a request when storage is full', () => {
  it('still sends the request, answers (never throws), and says it could not be kept', async () => {
    refuseWrites((items) => (writesHistory(items) ? quotaError() : undefined));
    const outcome = await requestTranscript(episode);
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: true, unsaved: 'full', record: { phase: 'following', state: 'queued' } });
    expect(await requestHistory.all()).toEqual({});
  });

  it('a request Stenobird could not take now, and storage could not keep: an error that does not promise a retry', async () => {
    refuseWrites((items) => (writesHistory(items) ? quotaError() : undefined));
    stenobird.next('POST', POST_REQUESTS, async () => stenobird.json(503, { error: 'busy' }));
    stenobird.next('POST', POST_REQUESTS, async () => stenobird.json(503, { error: 'busy' }));
    stenobird.next('POST', POST_REQUESTS, async () => stenobird.json(503, { error: 'busy' }));
    const outcome = await requestTranscript(episode);
    expect(outcome.ok).toBe(false);
    expect(outcome).toMatchObject({ unsaved: 'full' });
    // "Kept, sent again at …" would not be true.
    expect(outcome.record).toBeUndefined();
  }, 20_000);

  it('another kind of failed write is answered the same way, as not saved', async () => {
    refuseWrites((items) => (writesHistory(items) ? new Error('IO error: disk') : undefined));
    const outcome = await requestTranscript(episode);
    expect(stenobird.callsTo('POST', POST_REQUESTS)).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: true, unsaved: 'failed' });
  });

  it('saved transcript texts make room for the history: they go first, and the write goes through', async () => {
    // A job in the history, and its text as an older version saved it (no size index).
    const job: RequestRecord = {
      key: 'job:https://a.example/old.mp3',
      kind: 'job',
      pageUrl: 'https://a.example/old.mp3',
      title: 'old',
      phase: 'available',
      state: 'done',
      requestedAt: T0 - 1000,
      updatedAt: T0 - 1000,
      attempts: 0,
      job: { audioUrl: 'https://a.example/old.mp3', idempotencyKey: 'k', requested: 'preview', id: 'tr_old' },
    };
    await fakeBrowser.storage.local.set({ 'jobText:tr_old': { chunks: [], finalText: text(1000) } });
    await storeHistory({ [job.key]: job });
    // Full until the saved text is removed.
    let full = true;
    refuseWrites((items) => (writesHistory(items) && full ? quotaError() : undefined));
    const local = fakeBrowser.storage.local;
    const remove = local.remove.bind(local);
    vi.spyOn(local, 'remove').mockImplementation((async (keys: string | string[]) => {
      if ([keys].flat().includes('jobText:tr_old')) full = false;
      return remove(keys);
    }) as never);
    const outcome = await requestTranscript(episode);
    expect(outcome).toMatchObject({ ok: true, record: { phase: 'following' } });
    expect(outcome).not.toHaveProperty('unsaved');
    expect(await requestHistory.get(KEY)).toMatchObject({ phase: 'following' });
    expect(await requestHistory.get(job.key)).toMatchObject({ phase: 'available' });
    expect((await storedLocal())['jobText:tr_old']).toBeUndefined();
  });
});

describe('saved transcript texts', () => {
  it('are kept once: a finished text without its chunks beside it', async () => {
    const outcome = await jobTexts.put('tr_1', { chunks: ['Hello ', 'world'], lastEventId: '7', finalText: 'Hello world' });
    expect(outcome).toEqual({ saved: true });
    const stored = (await storedLocal())['jobText:tr_1'] as { chunks: unknown[]; finalText: string };
    expect(stored.finalText).toBe('Hello world');
    expect(stored.chunks).toEqual([]);
    expect(await jobTexts.get('tr_1')).toMatchObject({ finalText: 'Hello world' });
  });

  it('a text too big to keep is not kept (and an older copy of it goes), and says so', async () => {
    await jobTexts.put('tr_1', { chunks: ['small'] });
    const outcome = await jobTexts.put('tr_1', { chunks: [], finalText: text(JOB_TEXT_MAX_BYTES + 1) });
    expect(outcome).toEqual({ saved: false, problem: 'too-big' });
    expect(await jobTexts.get('tr_1')).toBeUndefined();
  });

  it('all together stay under their cap: the oldest saved go first', async () => {
    const each = Math.floor(JOB_TEXTS_MAX_BYTES / 3);
    for (const [i, id] of ['tr_a', 'tr_b', 'tr_c', 'tr_d'].entries()) {
      vi.setSystemTime(T0 + i * 1000);
      expect(await jobTexts.put(id, { chunks: [], finalText: text(each - 100) })).toEqual({ saved: true });
    }
    expect(await jobTexts.get('tr_a')).toBeUndefined();
    for (const id of ['tr_b', 'tr_c', 'tr_d']) expect(await jobTexts.get(id)).toBeDefined();
    const all = JSON.stringify(await storedLocal());
    expect(all.length).toBeLessThanOrEqual(JOB_TEXTS_MAX_BYTES + 10_000);
  });

  it('a text saved again counts once, at its new size', async () => {
    const each = Math.floor(JOB_TEXTS_MAX_BYTES / 3);
    await jobTexts.put('tr_a', { chunks: [], finalText: text(each - 100) });
    for (let i = 0; i < 5; i++) expect(await jobTexts.put('tr_b', { chunks: [text(each - 100 - i)] })).toEqual({ saved: true });
    expect(await jobTexts.get('tr_a')).toBeDefined();
  });

  it('when the browser refuses the write as full, the others make room; if that is not enough, it says so and throws nothing', async () => {
    await jobTexts.put('tr_old', { chunks: ['old text'] });
    let refusals = 1;
    const spy = refuseWrites((items) => ('jobText:tr_new' in items && refusals-- > 0 ? quotaError() : undefined));
    expect(await jobTexts.put('tr_new', { chunks: ['new text'] })).toEqual({ saved: true });
    expect(await jobTexts.get('tr_old')).toBeUndefined();
    expect(await jobTexts.get('tr_new')).toBeDefined();

    spy.mockRestore();
    refuseWrites((items) => ('jobText:tr_newer' in items ? quotaError() : undefined));
    expect(await jobTexts.put('tr_newer', { chunks: ['newer'] })).toEqual({ saved: false, problem: 'full' });
  });

  it('a text goes with its job when the job leaves the history', async () => {
    const job: RequestRecord = {
      key: 'job:https://a.example/x.mp3',
      kind: 'job',
      pageUrl: 'https://a.example/x.mp3',
      title: 'x',
      phase: 'available',
      state: 'done',
      requestedAt: T0,
      updatedAt: T0,
      attempts: 0,
      job: { audioUrl: 'https://a.example/x.mp3', idempotencyKey: 'k', requested: 'preview', id: 'tr_x' },
    };
    await updateHistory((records) => void (records[job.key] = job));
    await jobTexts.put('tr_x', { chunks: ['text'] });
    await updateHistory((records) => void delete records[job.key]);
    expect(await jobTexts.get('tr_x')).toBeUndefined();
    expect(Object.keys(await storedLocal()).filter((k) => k.startsWith('jobText'))).toEqual([]);
  });
});
