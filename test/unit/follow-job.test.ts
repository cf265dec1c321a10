// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { followJob } from '@/utils/follow-job';
import { startProgress, transcriptText, type JobProgress } from '@/utils/job-machine';
import type { JobUpdate } from '@/utils/messages';
import { routedFetch, sseEvent, sseResponse } from './sse-fetch';

/**
 * Following a job end to end over a scripted network: the event stream (parser and machine
 * together), reconnecting with Last-Event-ID, falling back to the status URL, and the result's
 * 409s. Waits are recorded, not slept.
 */
const BASE = 'https://stenobird.com';
const JOB_URL = `${BASE}/v1/transcripts/tr_1`;
const EVENTS = `${JOB_URL}/events`;
const RESULT = `${JOB_URL}/result`;
const links = { id: 'tr_1', status_url: JOB_URL, poll_url: JOB_URL, events_url: EVENTS, result_url: RESULT };
const job = (over: Record<string, unknown> = {}) => ({ id: 'tr_1', status: 'transcribing', stage: 'transcribing', mode: 'full', terminal: false, result_ready: false, ...over });
const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function follow(fetch: typeof globalThis.fetch, start: JobProgress = startProgress({ phase: 'following', state: 'queued' })) {
  const texts: string[] = [];
  const phases: string[] = [];
  const updates: JobUpdate[] = [];
  const waits: number[] = [];
  // A clock that stands still: waits are exact, however slow the machine.
  const now = () => 1_000_000;
  const end = await followJob({
    client: { baseUrl: BASE, apiKey: 'sk_1', fetch, now },
    now,
    links,
    start,
    signal: new AbortController().signal,
    onProgress: (p) => {
      if (texts.at(-1) !== transcriptText(p)) texts.push(transcriptText(p));
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    },
    onUpdate: (u) => updates.push(u),
    sleep: async (ms) => void (ms > 0 && waits.push(ms)),
  });
  return { end, texts, phases, updates, waits };
}

describe('following a job', () => {
  it('shows the text as it streams, resumes a dropped stream with Last-Event-ID, and waits out 409s for the result', async () => {
    const { fetch, requests } = routedFetch({
      [EVENTS]: [
        () => sseResponse({ chunks: ['retry: 250\n\n', sseEvent('status', job({ status: 'queued', stage: 'submitted' }), 1), sseEvent('transcript', { text: 'Hello and', chunk_index: 0 }, 2)], then: 'break' }),
        () => sseResponse({ chunks: [sseEvent('transcript', { text: 'welcome.', chunk_index: 1 }, 3), sseEvent('done', { status: 'completed', terminal: true, result_ready: true }, 4)] }),
      ],
      [RESULT]: [json(409, { error: { code: 'transcript_not_ready' }, retry_after_seconds: 2 }), json(200, { text: 'Hello and welcome. (final)' })],
    });
    const { end, texts, phases, updates, waits } = await follow(fetch);

    expect(texts).toEqual(['', 'Hello and', 'Hello and welcome.', 'Hello and welcome. (final)']);
    expect(phases).toEqual(['streaming', 'reconnecting', 'streaming', 'fetching-result', 'finished']);
    expect(requests.map((r) => [r.url, r.headers.get('last-event-id')])).toEqual([
      [EVENTS, null],
      [EVENTS, '2'],
      [RESULT, null],
      [RESULT, null],
    ]);
    // The server's retry: before reconnecting; retry_after_seconds before asking for the result again.
    expect(waits[0]).toBe(250);
    expect(waits[1]).toBe(2_000);
    expect(updates).toEqual([
      expect.objectContaining({ status: 'queued', stage: 'submitted' }),
      { status: 'completed', terminal: true, resultReady: true },
    ]);
    expect(end.phase).toBe('finished');
  });

  it('falls back to polling the status URL when the stream keeps failing, then fetches the result', async () => {
    const { fetch, requests } = routedFetch({
      [EVENTS]: [json(503, {}), json(503, {}), () => sseResponse({ chunks: [], then: 'break' }), () => sseResponse({ chunks: [': nothing\n\n'] })],
      [JOB_URL]: [json(200, job({ retry_after_seconds: 4 })), json(200, job({ status: 'completed', terminal: true, result_ready: true }))],
      [RESULT]: [json(200, { text: 'Polled to the end.' })],
    });
    const { end, phases, updates, waits } = await follow(fetch);
    expect(requests.filter((r) => r.url === EVENTS)).toHaveLength(4);
    expect(phases).toEqual(['streaming', 'reconnecting', 'streaming', 'reconnecting', 'streaming', 'reconnecting', 'streaming', 'polling', 'fetching-result', 'finished']);
    expect(waits).toEqual([1_000, 2_000, 4_000, 4_000]);
    expect(updates.map((u) => u.status)).toEqual(['transcribing', 'completed']);
    expect(transcriptText(end)).toBe('Polled to the end.');
  });

  it('a server without ids replays from the start on reconnect: the text does not repeat', async () => {
    const first = sseEvent('transcript', { text: 'One.' }) + sseEvent('transcript', { text: 'Two.' });
    const { fetch, requests } = routedFetch({
      [EVENTS]: [
        () => sseResponse({ chunks: [first], then: 'close' }),
        () => sseResponse({ chunks: [first, sseEvent('transcript', { text: 'Three.' }), sseEvent('done', { status: 'completed', terminal: true, result_ready: true })] }),
      ],
      [RESULT]: [json(404, { error: { code: 'not_found', message: 'Gone.' } })],
    });
    const { end, texts } = await follow(fetch);
    expect(requests[1]!.headers.get('last-event-id')).toBeNull();
    expect(texts).toContain('One. Two. Three.');
    expect(end).toMatchObject({ phase: 'finished', resultError: { kind: 'not-found' } });
    expect(transcriptText(end)).toBe('One. Two. Three.');
  });

  it('a view opened again shows its saved text and resumes where it stopped', async () => {
    const { fetch, requests } = routedFetch({
      [EVENTS]: [() => sseResponse({ chunks: [sseEvent('transcript', { text: 'third', chunk_index: 2 }, 5), sseEvent('done', { status: 'completed', terminal: true, result_ready: true }, 6)] })],
      [RESULT]: [json(200, 'first second third')],
    });
    const start = startProgress({ phase: 'following' }, { chunks: ['first', 'second'], lastEventId: '4' });
    const { texts } = await follow(fetch, start);
    expect(requests[0]!.headers.get('last-event-id')).toBe('4');
    expect(texts).toEqual(['first second', 'first second third']);
  });
});
