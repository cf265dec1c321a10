import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Episode } from '@/utils/episode';
import { repairRecord, requestRecordSchema, unresolvedKey } from '@/utils/requests';
import { afterJobCheckFailed, afterJobUpdate } from '@/utils/requests/job-moves';
import { waitFor } from '@/utils/requests/policy';
import { requestTranscript } from '@/utils/requests/request-transcript';
import { FOLLOW_UP_ALARM } from '@/utils/requests/schedule';
import type { JobRecord } from '@/utils/requests';
import { stenobirdError } from '@/utils/stenobird/errors';
import { becomeSettingsOwner } from '@/utils/settings/owner';
import { HISTORY_LAYOUT, requestHistory, settings } from '@/utils/storage';
import { storeHistory } from './history-record';
import { fakeStenobird } from './fake-stenobird';

/**
 * The one pipeline (issue 11): records of both kinds read from what earlier versions stored,
 * each kind's waits, and one click's cost before its POST goes out.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/rustler.mp3';
const fireside: Episode = {
  source: 'fireside',
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  title: 'S14E05: Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
};

let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin' });
  vi.stubGlobal('fetch', stenobird.fetch);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('records stored by earlier versions', () => {
  // Written out as the previous version stored them (one flat shape), not built by the code.
  const stored = {
    'old/catalogue': { key: 'old/catalogue', pageUrl: 'https://stenobird.com/podcast/old/catalogue', title: 'Before jobs', phase: 'available', state: 'available', requestedAt: 1, updatedAt: 2, attempts: 0, transcriptUrl: 'https://stenobird.com/t' },
    [`job:${AUDIO}`]: {
      key: `job:${AUDIO}`, kind: 'job', pageUrl: AUDIO, title: 'rustler.mp3', phase: 'following', state: 'running', requestedAt: 1, updatedAt: 2, attempts: 3, nextCheckAt: 5,
      job: { audioUrl: AUDIO, idempotencyKey: 'key-1', requested: 'full', id: 'tr_1', statusUrl: 'https://stenobird.com/v1/transcripts/tr_1' },
    },
    'job:https://example.com/lost.mp3': { key: 'job:https://example.com/lost.mp3', kind: 'job', pageUrl: 'https://example.com/page', title: 'Lost', phase: 'following', state: 'running', requestedAt: 1, updatedAt: 2, attempts: 0, nextCheckAt: 5 },
  };

  it('read as their kind: a record from before jobs as a catalogue request, a job with its job', async () => {
    await storeHistory(stored);
    const records = await requestHistory.all();
    expect(records['old/catalogue']).toMatchObject({ kind: 'catalogue', phase: 'available', podcastSlug: 'old', episodeSlug: 'catalogue', transcriptUrl: 'https://stenobird.com/t' });
    expect(records[`job:${AUDIO}`]).toMatchObject({ kind: 'job', phase: 'following', attempts: 3, job: { id: 'tr_1', idempotencyKey: 'key-1', requested: 'full' } });
  });

  it('a job record that lost its job reads as failed, says why, and keeps its audio address', async () => {
    const parsed = requestRecordSchema.parse(stored['job:https://example.com/lost.mp3']);
    const record = repairRecord('job:https://example.com/lost.mp3', parsed);
    expect(record).toMatchObject({ kind: 'job', phase: 'failed', job: { audioUrl: 'https://example.com/lost.mp3' } });
    expect(record.lastError?.message).toMatch(/damaged/i);
    expect(record.nextCheckAt).toBeUndefined();
  });
});

describe('each kind its own waits', () => {
  const t = { now: T0, baseMs: 5 * 60_000 };
  it('a job is checked from 30 s at most, doubling, never more than 15 minutes apart', () => {
    expect([0, 1, 2, 3, 4, 5, 40].map((n) => waitFor('job', n, t) / 1000)).toEqual([30, 60, 120, 240, 480, 900, 900]);
    // A shorter configured interval starts sooner.
    expect(waitFor('job', 0, { now: T0, baseMs: 6_000 })).toBe(6_000);
  });

  const job = (extra: Partial<JobRecord> = {}): JobRecord => ({
    key: `job:${AUDIO}`, kind: 'job', pageUrl: AUDIO, title: 'x', phase: 'following', state: 'running', requestedAt: T0 - 60_000, updatedAt: T0 - 60_000, attempts: 0,
    job: { audioUrl: AUDIO, idempotencyKey: 'k', requested: 'preview', id: 'tr_1' }, ...extra,
  });

  it('a running job is checked later each time, and given up on after a day', () => {
    expect(afterJobUpdate(job({ attempts: 2 }), { status: 'running' }, 'check', t).nextCheckAt).toBe(T0 + 240_000);
    expect(afterJobCheckFailed(job(), stenobirdError('offline'), t)).toMatchObject({ phase: 'following', attempts: 1, nextCheckAt: T0 + 60_000 });
    const old = job({ requestedAt: T0 - 24 * 3600_000 });
    expect(afterJobUpdate(old, { status: 'running' }, 'check', t)).toMatchObject({ phase: 'failed', lastError: { kind: 'timeout' } });
  });
});

describe('one click before its POST', () => {
  it('reads the settings once and the history once; the record and its alarm are stored before the POST', async () => {
    // The background's own settings, without its start-up (which reads both to rebuild the alarm).
    becomeSettingsOwner();
    await settings.get();
    const settingsRead = vi.spyOn(settings, 'get');
    const storageGet = vi.spyOn(fakeBrowser.storage.local, 'get');
    // Each stored value of the history read, as often as it was read (records, index, due times).
    const historyReads = () =>
      storageGet.mock.calls
        .flatMap(([keys]) => (Array.isArray(keys) ? keys : typeof keys === 'string' ? [keys] : []))
        .filter((name) => name.startsWith(HISTORY_LAYOUT.recordPrefix) || name === HISTORY_LAYOUT.index || name === HISTORY_LAYOUT.due || name === HISTORY_LAYOUT.legacy)
        .sort();
    let atPost: { settings: number; history: string[]; stored: unknown; alarm: unknown } | undefined;
    stenobird.next('POST', /\/transcription-requests$/, async () => {
      atPost = { settings: settingsRead.mock.calls.length, history: historyReads(), stored: undefined, alarm: await fakeBrowser.alarms.get(FOLLOW_UP_ALARM) };
      atPost.stored = await requestHistory.get(KEY);
      return stenobird.json(202, { status: 'queued' });
    });

    expect(await requestTranscript(fireside)).toMatchObject({ ok: true, record: { key: KEY, phase: 'following' } });
    // Once each: the records the click is about (the episode's, and one kept under its page that
    // it would take in), the index (a new record is listed) and the due times (it is followed);
    // no other record, and nothing twice.
    expect(atPost).toMatchObject({
      settings: 1,
      history: [HISTORY_LAYOUT.recordPrefix + KEY, HISTORY_LAYOUT.recordPrefix + unresolvedKey(fireside.pageUrl), HISTORY_LAYOUT.index, HISTORY_LAYOUT.due].sort(),
      stored: { phase: 'unsent' },
      alarm: { name: FOLLOW_UP_ALARM },
    });
  });
});
