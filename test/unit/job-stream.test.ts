// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '@/utils/stenobird/job-events';
import { readJobEvents } from '@/utils/stenobird/job-stream';
import { byteByByte, routedFetch, sseEvent, sseResponse } from './sse-fetch';

/**
 * The event-stream reader: bytes from `fetch` → `eventsource-parser` → `parseJobEvent`. Real
 * `Response` streams, cut where networks cut them.
 */
const BASE = 'https://stenobird.com';
const EVENTS = `${BASE}/v1/transcripts/tr_1/events`;
const JOB = { id: 'tr_1', status: 'queued', stage: 'validating_url', terminal: false, result_ready: false };

async function read(chunks: Array<string | Uint8Array>, then: 'close' | 'break' = 'close') {
  const { fetch } = routedFetch({ [EVENTS]: [() => sseResponse({ chunks, then })] });
  const events: Array<[JobEvent, string | undefined]> = [];
  const retries: number[] = [];
  const end = await readJobEvents({ baseUrl: BASE, fetch }, EVENTS, {}, { onEvent: (e, id) => events.push([e, id]), onRetry: (ms) => retries.push(ms) });
  return { end, events, retries };
}

describe('reading a job’s event stream', () => {
  const stream =
    sseEvent('status', JOB, 1) +
    sseEvent('transcript', { text: 'Olá — José’s “naïve” café 🎙️', chunk_index: 0 }, 2) +
    sseEvent('transcript', { text: 'second line', chunk_index: 1 }, 3) +
    sseEvent('done', { status: 'completed', terminal: true, result_ready: true }, 4);
  const expected = [
    [{ type: 'status', job: expect.objectContaining({ id: 'tr_1', stage: 'validating_url' }) }, '1'],
    [{ type: 'transcript', text: 'Olá — José’s “naïve” café 🎙️', chunkIndex: 0, stage: undefined }, '2'],
    [{ type: 'transcript', text: 'second line', chunkIndex: 1, stage: undefined }, '3'],
    [{ type: 'done', status: 'completed', resultReady: true, resultUrl: undefined }, '4'],
  ];

  it('gives the same events however the bytes are cut: whole, byte by byte (splitting lines and characters), CRLF', async () => {
    const whole = await read([stream]);
    expect(whole.events).toEqual(expected);
    expect(whole.end).toEqual({ kind: 'closed' });

    const bytes = await read(byteByByte(stream));
    expect(bytes.events).toEqual(expected);

    const crlf = await read([stream.replace(/\n/g, '\r\n').slice(0, 50), stream.replace(/\n/g, '\r\n').slice(50)]);
    expect(crlf.events).toEqual(expected);
  });

  it('skips comments, passes unknown events on, and marks unreadable data as malformed', async () => {
    const { events } = await read([
      ': keep-alive\n\n',
      ':another comment\n',
      sseEvent('heartbeat', { at: 1 }),
      'data: a message with no event name\n\n',
      'event: transcript\ndata: {not json\n\n',
      sseEvent('transcript', { text: 'still here' }),
    ]);
    expect(events.map(([e]) => e)).toEqual([
      { type: 'unknown', event: 'heartbeat' },
      { type: 'unknown', event: 'message' },
      { type: 'malformed', event: 'transcript' },
      { type: 'transcript', text: 'still here', chunkIndex: undefined, stage: undefined },
    ]);
  });

  it('reports the server’s retry interval', async () => {
    const { retries, events } = await read(['retry: 2500\n\n', sseEvent('status', JOB)]);
    expect(retries).toEqual([2500]);
    expect(events).toHaveLength(1);
  });

  it('reconnects as a resume: Last-Event-ID is sent, and the Bearer key only to the configured base', async () => {
    const elsewhere = 'https://cdn.example.net/v1/transcripts/tr_1/events';
    const { fetch, requests } = routedFetch({
      [EVENTS]: [() => sseResponse({ chunks: [sseEvent('transcript', { text: 'c', chunk_index: 2 }, 3)] })],
      [elsewhere]: [() => sseResponse({ chunks: [] })],
    });
    const events: string[] = [];
    await readJobEvents({ baseUrl: BASE, apiKey: 'sk_1', fetch }, EVENTS, { lastEventId: '2' }, { onEvent: (_e, id) => events.push(id!) });
    await readJobEvents({ baseUrl: BASE, apiKey: 'sk_1', fetch }, elsewhere, {}, { onEvent: () => undefined });
    expect(events).toEqual(['3']);
    expect(requests[0]!.headers.get('last-event-id')).toBe('2');
    expect(requests[0]!.headers.get('accept')).toBe('text/event-stream');
    expect(requests[0]!.headers.get('authorization')).toBe('Bearer sk_1');
    expect(requests[1]!.headers.get('authorization')).toBeNull();
    expect(requests[1]!.headers.get('last-event-id')).toBeNull();
  });

  it('a stream that breaks delivers what came, then ends as failed (offline); a clean close ends as closed', async () => {
    const broken = await read([sseEvent('status', JOB, 1), sseEvent('transcript', { text: 'partial' }, 2), 'event: transcript\ndata: {"te'], 'break');
    expect(broken.events.map(([e]) => e.type)).toEqual(['status', 'transcript']);
    expect(broken.end).toMatchObject({ kind: 'failed', error: { kind: 'offline' } });
  });

  it('an error status or a body that is not a stream ends as failed, with a readable error', async () => {
    const { fetch } = routedFetch({
      [EVENTS]: [
        () => new Response(JSON.stringify({ error: { code: 'invalid_key', message: 'Bad key.' } }), { status: 401, headers: { 'content-type': 'application/json' } }),
        () => new Response(JSON.stringify(JOB), { status: 200, headers: { 'content-type': 'application/json' } }),
      ],
    });
    const handlers = { onEvent: () => undefined };
    expect(await readJobEvents({ baseUrl: BASE, fetch }, EVENTS, {}, handlers)).toMatchObject({ kind: 'failed', error: { kind: 'unauthorised', status: 401, serverMessage: 'Bad key.' } });
    expect(await readJobEvents({ baseUrl: BASE, fetch }, EVENTS, {}, handlers)).toMatchObject({ kind: 'failed', error: { kind: 'malformed' } });
  });

  it('a stream gone silent is closed after the idle timeout; the caller’s abort ends it as aborted', async () => {
    const { fetch } = routedFetch({
      [EVENTS]: [() => sseResponse({ chunks: [': hello\n'], then: 'hang' }), () => sseResponse({ chunks: [], then: 'hang' })],
    });
    const silent = await readJobEvents({ baseUrl: BASE, fetch }, EVENTS, { idleTimeoutMs: 50 }, { onEvent: () => undefined });
    expect(silent).toMatchObject({ kind: 'failed', error: { kind: 'timeout' } });

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    expect(await readJobEvents({ baseUrl: BASE, fetch }, EVENTS, { signal: controller.signal }, { onEvent: () => undefined })).toEqual({ kind: 'aborted' });
  });
});
