import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { requestHistoryList } from '@/components/request-history';
import background from '@/entrypoints/background/index';
import { runFollowUp } from '@/utils/requests/follow-up';
import { transcribeAndShow, transcribeAudio } from '@/utils/requests/transcribe-audio';
import type { Episode } from '@/utils/episode';
import { jobErrorText } from '@/utils/job-errors';
import { jobKey, type RequestRecord } from '@/utils/requests';
import { jobTexts } from '@/utils/job-texts';
import { updateHistory } from '@/utils/requests/history-writer';
import { requestHistory, type Settings } from '@/utils/storage';
import { settingsWriter } from '@/utils/settings/owner';
import { fakeStenobird } from './fake-stenobird';
import { storeHistory } from './history-record';

/**
 * Transcribing an episode's audio from the background (contract §5): one job per audio URL, an
 * Idempotency-Key kept with it in storage, the job followed to a notification, and refusals
 * explained.
 */
const T0 = Date.UTC(2026, 2, 1, 12);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66/817d0e9a.mp3';
const KEY = jobKey(AUDIO);
const POST = /^\/v1\/transcripts$/;
const STATUS = /^\/v1\/transcripts\/tr_\w+$/;
const episode: Episode = {
  source: 'fireside',
  pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  publishedAt: '2025-06-26T10:30:00+00:00',
  durationSeconds: 2938,
  audioUrl: AUDIO,
};

let stenobird: ReturnType<typeof fakeStenobird>;
let created: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  vi.stubGlobal('fetch', stenobird.fetch);
  created = vi.spyOn(fakeBrowser.notifications, 'create');
  background.main();
});
afterEach(() => {
  created.mockRestore();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const record = async () => requestHistory.get(KEY);
const keysSent = () => stenobird.callsTo('POST', POST).map((c) => c.headers.get('idempotency-key'));
const setSettings = (value: Partial<Settings>) => settingsWriter.update(value);
/** The follow-up alarm fires at its time. */
async function alarmFires(): Promise<void> {
  const alarm = (await fakeBrowser.alarms.getAll())[0];
  if (!alarm) throw new Error('no alarm set');
  vi.setSystemTime(Math.max(Date.now(), alarm.scheduledTime));
  await runFollowUp('alarm');
}

describe('the Idempotency-Key', () => {
  it('is made once, stored with the job before the POST goes out, and sent on every retry', async () => {
    let storedWhenSent: RequestRecord | undefined;
    stenobird.next('POST', POST, async () => {
      storedWhenSent = await record();
      return stenobird.json(500, { error: 'busy' });
    });
    stenobird.next('POST', POST, async () => {
      throw new TypeError('Failed to fetch');
    });
    const outcome = await transcribeAudio(episode);

    expect(outcome).toMatchObject({ ok: true, record: { kind: 'job', phase: 'following', job: { id: 'tr_1', requested: 'preview' } } });
    const keys = keysSent();
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(storedWhenSent).toMatchObject({ phase: 'unsent', job: { idempotencyKey: keys[0], audioUrl: AUDIO } });
    expect((await record())!.job!.idempotencyKey).toBe(keys[0]);
    expect(JSON.parse(stenobird.callsTo('POST', POST)[0]!.body)).toEqual({ audio_url: AUDIO });
  }, 10_000);

  it('survives the worker: a job whose POST never got through is sent again with the same key by the next worker', async () => {
    stenobird.next('POST', POST, async () => {
      throw new TypeError('Failed to fetch');
    });
    stenobird.next('POST', POST, async () => {
      throw new TypeError('Failed to fetch');
    });
    stenobird.next('POST', POST, async () => {
      throw new TypeError('Failed to fetch');
    });
    const outcome = await transcribeAudio(episode);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'offline' }, record: { phase: 'unsent' } });
    const key = (await record())!.job!.idempotencyKey;

    // A new worker after a browser restart: no alarm, nothing in memory, only storage. Its start
    // rebuilds the alarm from the stored job; the alarm sends it.
    await fakeBrowser.alarms.clearAll();
    background.main();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toHaveLength(1));
    await alarmFires();
    expect(keysSent()).toEqual([key, key, key, key]);
    expect(await record()).toMatchObject({ phase: 'following', job: { id: 'tr_1', idempotencyKey: key } });
  }, 10_000);

  it('asking again for the same audio shows the same job: one POST however often, from wherever', async () => {
    const [a, b] = await Promise.all([transcribeAudio(episode), transcribeAudio({ audioUrl: AUDIO })]);
    expect(a).toMatchObject({ ok: true, record: { job: { id: 'tr_1' } } });
    expect(b).toMatchObject({ ok: true, record: { job: { id: 'tr_1' } } });
    expect(await transcribeAudio(episode)).toMatchObject({ ok: true, record: { key: KEY } });
    expect(stenobird.callsTo('POST', POST)).toHaveLength(1);

    await transcribeAudio({ ...episode, audioUrl: `${AUDIO}?v=2` });
    const keys = keysSent();
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('a preview is not the whole transcript: with an API key set since, a new job (new key, with the key) is made', async () => {
    await transcribeAudio(episode);
    await setSettings({ apiKey: 'sk_live_1' });
    expect(await transcribeAudio(episode)).toMatchObject({ ok: true, record: { job: { id: 'tr_2', requested: 'full', mode: 'full' } } });
    const [preview, full] = stenobird.callsTo('POST', POST);
    expect(preview!.headers.get('authorization')).toBeNull();
    expect(full!.headers.get('authorization')).toBe('Bearer sk_live_1');
    expect(full!.headers.get('idempotency-key')).not.toBe(preview!.headers.get('idempotency-key'));
    // And the full job stands from then on.
    await transcribeAudio(episode);
    expect(stenobird.callsTo('POST', POST)).toHaveLength(2);
  });
});

describe('refusals say what to do', () => {
  const refuse = (status: number, body: unknown) => stenobird.next('POST', POST, () => stenobird.json(status, body));

  it('401 and 402 point to the API key in the options; nothing is retried, nothing is notified', async () => {
    await setSettings({ apiKey: 'sk_wrong' });
    refuse(401, { error: { code: 'invalid_api_key', message: 'Invalid API key.' } });
    expect(await transcribeAudio(episode)).toMatchObject({ ok: false, error: { kind: 'unauthorised', status: 401 } });
    const failed = (await record())!;
    expect(failed.phase).toBe('failed');
    expect(failed.nextCheckAt).toBeUndefined();
    expect(jobErrorText(failed.lastError!)).toMatch(/did not accept your API key.*options/);

    refuse(402, { error: { code: 'payment_required', message: 'Add a card.' } });
    await transcribeAudio(episode);
    expect(jobErrorText((await record())!.lastError!)).toMatch(/payment.*402.*options/);
    expect(stenobird.callsTo('POST', POST)).toHaveLength(2);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    expect(created).not.toHaveBeenCalled();
  });

  it('a rejected URL gives Stenobird’s reason when it is short plain text, and a plain sentence otherwise', async () => {
    refuse(400, { error: { code: 'invalid_audio_url', message: 'This page is not audio.' } });
    await transcribeAudio(episode);
    expect(jobErrorText((await record())!.lastError!)).toBe('Stenobird cannot transcribe this audio URL: “This page is not audio.”');

    refuse(422, '<html><body><h1>Unprocessable</h1></body></html>');
    await transcribeAudio(episode);
    expect(jobErrorText((await record())!.lastError!)).toBe(
      'Stenobird cannot transcribe this audio URL. It takes public audio files only, not web pages or audio behind a login.',
    );
  });

  it('from a menu or a command: the side panel opens in the same turn as the click, and the job starts', async () => {
    const setOptions = vi.spyOn(fakeBrowser.sidePanel, 'setOptions').mockResolvedValue();
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue();
    const outcome = transcribeAndShow({ audioUrl: AUDIO, title: 'Linked episode' }, 7);
    // Called before anything was awaited: the browser's user gesture still holds.
    expect(setOptions).toHaveBeenCalledWith({ tabId: 7, path: `transcript.html?job=${encodeURIComponent(KEY)}`, enabled: true });
    expect(open).toHaveBeenCalledWith({ tabId: 7 });
    expect(await outcome).toMatchObject({ ok: true, record: { title: 'Linked episode', job: { id: 'tr_1' } } });
    setOptions.mockRestore();
    open.mockRestore();
  });

  it('where the side panel cannot open, the view opens in a tab', async () => {
    const spies = [
      vi.spyOn(fakeBrowser.sidePanel, 'setOptions').mockResolvedValue(),
      vi.spyOn(fakeBrowser.sidePanel, 'open').mockRejectedValue(new Error('no user gesture')),
    ];
    const tab = vi.spyOn(fakeBrowser.tabs, 'create');
    await transcribeAndShow(episode, 7);
    await vi.waitFor(() => expect(tab).toHaveBeenCalledWith({ url: fakeBrowser.runtime.getURL(`/transcript.html?job=${encodeURIComponent(KEY)}` as never) }));
    for (const spy of [...spies, tab]) spy.mockRestore();
  });

  it('an episode without audio is refused before anything is sent', async () => {
    expect(await transcribeAudio({ ...episode, audioUrl: undefined })).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
    expect(await transcribeAudio({ audioUrl: 'javascript:alert(1)' })).toMatchObject({ ok: false });
    expect(stenobird.calls).toEqual([]);
  });
});

describe('a job followed to its end', () => {
  it('checks the status URL until the job ends, then notifies once; the history keeps it', async () => {
    await transcribeAudio(episode);
    // The first check half a minute after the job was accepted.
    expect((await fakeBrowser.alarms.getAll())[0]!.scheduledTime).toBe(T0 + 30_000);
    await alarmFires();
    expect(stenobird.callsTo('GET', STATUS)).toHaveLength(1);
    expect(await record()).toMatchObject({ phase: 'following', attempts: 1 });

    stenobird.jobs.get('tr_1')!.status = 'preview_complete';
    stenobird.jobs.get('tr_1')!.terminal = true;
    await alarmFires();
    expect(await record()).toMatchObject({ phase: 'available', state: 'preview_complete' });
    expect((await record())!.nextCheckAt).toBeUndefined();
    expect(created).toHaveBeenCalledTimes(1);
    expect(created.mock.calls[0]![0]).toBe(`stenobird-request:${KEY}`);
    expect(created.mock.calls[0]![1]).toMatchObject({ title: 'Preview transcript ready', message: expect.stringContaining('Rustler') });
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
    await runFollowUp();
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('respects the notifications setting, and fails a job Stenobird reports failed', async () => {
    await setSettings({ notifications: false });
    await transcribeAudio(episode);
    stenobird.jobs.get('tr_1')!.status = 'failed';
    await alarmFires();
    expect(await record()).toMatchObject({ phase: 'failed', lastError: { message: 'Stenobird could not transcribe this audio (it reports “failed”).' } });
    expect(created).not.toHaveBeenCalled();
  });

  it('gives up on a job that does not finish within a day', async () => {
    await transcribeAudio(episode);
    // A minute before the day is up: checked, still followed, nothing said.
    vi.setSystemTime(T0 + DAY - MINUTE);
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'following' });
    expect(created).not.toHaveBeenCalled();
    // The first check once the day is up (a running job is checked at least every 15 minutes).
    const next = (await record())!.nextCheckAt!;
    expect(next).toBeLessThanOrEqual(T0 + DAY + 15 * MINUTE);
    vi.setSystemTime(Math.max(next, T0 + DAY));
    await runFollowUp();
    expect(await record()).toMatchObject({ phase: 'failed', lastError: { kind: 'timeout' } });
    expect(created).toHaveBeenCalledTimes(1);
  });

  it('an end seen in an open transcript view is recorded without a notification; other senders are ignored', async () => {
    await transcribeAudio(episode);
    const send = (message: unknown, sender: object) => fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {});
    const view = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/transcript.html' as never) };
    const page = { id: fakeBrowser.runtime.id, tab: { id: 3 }, frameId: 0, url: 'https://evil.example/' };
    const update = { status: 'preview_complete', terminal: true, resultReady: true };

    await send({ type: 'job-update', key: KEY, jobId: 'tr_1', update, seen: false }, page);
    expect(await record()).toMatchObject({ phase: 'following' });
    await send({ type: 'job-update', key: KEY, jobId: 'tr_other', update, seen: true }, view);
    expect(await record()).toMatchObject({ phase: 'following' });

    await send({ type: 'job-update', key: KEY, jobId: 'tr_1', update: { previewMessage: 'Preview ended.', upgradeUrl: 'https://stenobird.com/pricing' }, seen: true }, view);
    await send({ type: 'job-update', key: KEY, jobId: 'tr_1', update, seen: true }, view);
    expect(await record()).toMatchObject({ phase: 'available', notifiedAt: T0, job: { previewMessage: 'Preview ended.' } });
    expect(created).not.toHaveBeenCalled();
  });
});

describe('jobs in the request history', () => {
  it('records written before jobs existed read as catalogue requests', async () => {
    const old = { key: 'p/e', source: 'stenobird', pageUrl: 'https://stenobird.com/podcast/p/e', title: 'E', phase: 'following', state: 'queued', requestedAt: 1, updatedAt: 1, attempts: 0 };
    await storeHistory({ 'p/e': old });
    expect(await requestHistory.get('p/e')).toMatchObject({ kind: 'catalogue', key: 'p/e' });
  });

  it('the options page’s history links a job to its transcript view', async () => {
    await transcribeAudio(episode);
    const list = requestHistoryList(Object.values(await requestHistory.all()), { baseUrl: 'https://stenobird.com', locale: 'en', now: T0 });
    const link = list.querySelector('a.history-title')!;
    expect(link.textContent).toBe(episode.title);
    expect(link.getAttribute('href')).toBe(fakeBrowser.runtime.getURL(`/transcript.html?job=${encodeURIComponent(KEY)}` as never));
  });

  it('a bare audio link is titled by its file name, with the audio as its page', async () => {
    await transcribeAudio({ audioUrl: 'https://cdn.example.com/shows/ep%2042%20final.mp3' });
    const bare = await requestHistory.get(jobKey('https://cdn.example.com/shows/ep%2042%20final.mp3'));
    expect(bare).toMatchObject({ title: 'ep 42 final.mp3', pageUrl: 'https://cdn.example.com/shows/ep%2042%20final.mp3' });
    expect(bare!.source).toBeUndefined();
  });

  it('a job’s saved text goes when its job leaves the history', async () => {
    await transcribeAudio(episode);
    await jobTexts.put('tr_1', { chunks: ['Hello'] });
    await updateHistory((records) => {
      delete records[KEY];
    });
    expect(await jobTexts.get('tr_1')).toBeUndefined();
  });
});
