import { afterEach, describe, expect, it, vi } from 'vitest';
import { boundedFetch, type BoundedRequest } from '@/utils/net/bounded-fetch';
import { firesideGet, ACCEPT_HTML } from '@/utils/fireside/http';
import { stenobirdFetch } from '@/utils/stenobird/http';
import { hangingFetch, json, requestOf, respond, text } from './fake-fetch';

/**
 * The one request Stenobird's and Fireside's fetches share (`utils/net/bounded-fetch.ts`): what
 * each caller relies on it for, seen through the callers where the caller is what a user meets.
 */

const URL_ = 'https://smartlogic.fireside.fm/json';
const base = (fetch: typeof globalThis.fetch, more: Partial<BoundedRequest> = {}): BoundedRequest => ({
  headers: { Accept: 'application/json' },
  timeoutMs: 1_000,
  maxBytes: 100,
  maxErrorBytes: 100,
  mayFollow: () => false,
  fetch,
  ...more,
});

/** A body that sends a first piece, then nothing until the request is aborted. */
const stalling = (status: number) =>
  vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"title":'));
        init!.signal!.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
    });
    return new Response(body, { status });
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('boundedFetch', () => {
  it('reads an error answer’s body up to its own cap, or not at all', async () => {
    expect(await boundedFetch(URL_, base(respond(text(503, 'busy'))))).toMatchObject({ ok: true, status: 503, text: 'busy' });
    expect(await boundedFetch(URL_, base(respond(text(503, 'x'.repeat(500)))))).toMatchObject({ ok: true, status: 503, text: undefined });
    expect(await boundedFetch(URL_, base(respond(text(503, 'busy')), { maxErrorBytes: 0 }))).toMatchObject({ ok: true, status: 503, text: undefined });
  });

  it('a body past the cap is refused, its first bytes not kept', async () => {
    expect(await boundedFetch(URL_, base(respond(text(200, 'x'.repeat(101)))))).toMatchObject({ ok: true, status: 200, text: undefined });
    expect(await boundedFetch(URL_, base(respond(text(200, 'x'.repeat(100)))))).toMatchObject({ ok: true, status: 200, text: 'x'.repeat(100) });
  });

  it('any failure to reach the server is "offline", an abort by its timeout "timeout"', async () => {
    expect(await boundedFetch(URL_, base(respond(new TypeError('Failed to fetch'))))).toEqual({ ok: false, reason: 'offline' });
    // Firefox and Chromium word and type their network errors differently.
    expect(await boundedFetch(URL_, base(respond(new DOMException('NetworkError when attempting to fetch resource.', 'NetworkError'))))).toEqual({ ok: false, reason: 'offline' });
    expect(await boundedFetch(URL_, base(hangingFetch(), { timeoutMs: 20 }))).toEqual({ ok: false, reason: 'timeout' });
  });

  it('sends the method, headers and body it is given, redirects left to itself', async () => {
    const fetch = respond(json(201, {}));
    await boundedFetch(URL_, base(fetch, { method: 'POST', body: '{"a":1}', headers: { 'Content-Type': 'application/json' } }));
    const request = requestOf(fetch);
    expect([request.method, request.headers.get('content-type'), await request.text(), request.redirect]).toEqual(['POST', 'application/json', '{"a":1}', 'manual']);
  });
});

describe('the timeout covers the body, for both callers', () => {
  it('a Fireside page that stalls after its headers is a timeout', async () => {
    vi.useFakeTimers();
    const pending = firesideGet('https://smartlogic.fireside.fm/1', { accept: ACCEPT_HTML, maxBytes: 1000, timeoutMs: 1_000, fetch: stalling(200) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toEqual({ ok: false, reason: 'timeout' });
  });

  it('a Stenobird error answer whose body stalls is a timeout too, not a status', async () => {
    vi.useFakeTimers();
    const pending = stenobirdFetch('https://stenobird.com/v1/transcripts/tr_1', { method: 'GET', idempotent: false, timeoutMs: 1_000, fetch: stalling(500) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });

  it('Stenobird sends a JSON body as JSON', async () => {
    const fetch = respond(json(201, {}));
    await stenobirdFetch('https://stenobird.com/v1/transcripts', { method: 'POST', idempotent: false, json: { audio_url: 'https://a.example/x.mp3' }, fetch });
    const request = requestOf(fetch);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(await request.json()).toEqual({ audio_url: 'https://a.example/x.mp3' });
  });
});
