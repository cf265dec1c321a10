import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, stenobirdFetch, type HttpOptions, type HttpResult } from '@/utils/stenobird/http';
import { json, respond, hangingFetch } from './fake-fetch';

const URL_ = 'https://stenobird.com/v1/public/podcasts/p/episodes/e';
const GET: HttpOptions = { method: 'GET', idempotent: true };

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', 1_000)).toBe(31_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', 0)).toBe(Date.UTC(2015, 9, 21, 7, 28));
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe('every error a user can meet', () => {
  const cases: Array<[string, () => Response | Error, string, RegExp]> = [
    ['a 404', () => json(404, { error: { code: 'episode_not_found', message: 'No such episode.' } }), 'not-found', /not in the Stenobird catalogue/],
    ['a 429', () => json(429, { error: 'slow down' }, { 'retry-after': '120' }), 'rate-limited', /too many requests\. Try again after .*“slow down”/],
    ['a 401', () => json(401, { message: 'bad key' }), 'unauthorised', /API key.*options.*HTTP 401/],
    ['a 403', () => json(403, {}), 'unauthorised', /API key/],
    ['a 400', () => json(400, { error: { code: 'invalid_audio_url', message: 'Not an audio URL.' } }), 'bad-request', /did not accept the request.*HTTP 400.*Not an audio URL/],
    ['a 500 page in HTML', () => new Response('<html><h1>500</h1></html>', { status: 500 }), 'service-error', /trouble right now\. Try again in a moment\. \(HTTP 500\)$/],
    ['a network failure', () => new TypeError('Failed to fetch'), 'offline', /offline/],
  ];

  it.each(cases)('%s is reported as %s with a sentence', async (_name, make, kind, sentence) => {
    vi.useFakeTimers();
    const fetch = respond(make(), make(), make());
    const pending = stenobirdFetch(URL_, { ...GET, fetch });
    await vi.runAllTimersAsync();
    const result = await pending;
    expect(result).toMatchObject({ ok: false, error: { kind } });
    if (!result.ok) {
      expect(result.error.message).toMatch(sentence);
      expect(result.error.message).not.toMatch(/[<>]/);
    }
  });

  it('a server that never answers is a timeout after timeoutMs, not retried', async () => {
    vi.useFakeTimers();
    const fetch = hangingFetch();
    const pending = stenobirdFetch(URL_, { ...GET, timeoutMs: 10_000, fetch });
    await vi.advanceTimersByTimeAsync(9_999);
    let settled: HttpResult | undefined;
    void pending.then((r) => (settled = r));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'timeout', message: 'Stenobird did not answer in time. Try again in a moment.' } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('a body that stalls after the headers also times out', async () => {
    vi.useFakeTimers();
    const stalled = vi.fn(async (_input: RequestInfo | URL, init?: RequestInit) => {
      const signal = init!.signal!;
      const body = new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"status":'));
          signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(body, { status: 200 });
    });
    const pending = stenobirdFetch(URL_, { ...GET, timeoutMs: 1_000, fetch: stalled });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});

describe('retry schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  /** Runs the call and reports when each attempt was made, relative to the first. */
  async function attemptTimes(options: HttpOptions, ...responses: Array<Response | Error>): Promise<{ times: number[]; result: HttpResult }> {
    const times: number[] = [];
    const fetch = respond(...responses);
    const start = Date.now();
    const tracked = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      times.push(Date.now() - start);
      return fetch(input, init);
    });
    const pending = stenobirdFetch(URL_, { ...options, fetch: tracked });
    await vi.runAllTimersAsync();
    return { times, result: await pending };
  }

  it('backs off 500 ms, then 1 s, and stops after two retries', async () => {
    const { times, result } = await attemptTimes(GET, json(500, {}), json(502, {}), json(503, {}));
    expect(times).toEqual([0, 500, 1_500]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'service-error', status: 503 } });
  });

  it('succeeds on the third attempt after two 500s', async () => {
    const { times, result } = await attemptTimes(GET, json(500, {}), json(500, {}), json(200, { ok: 1 }));
    expect(times).toEqual([0, 500, 1_500]);
    expect(result).toMatchObject({ ok: true, status: 200, body: { ok: 1 } });
  });

  it('waits at least the Retry-After seconds', async () => {
    const { times, result } = await attemptTimes(GET, json(429, {}, { 'retry-after': '3' }), json(200, {}));
    expect(times).toEqual([0, 3_000]);
    expect(result.ok).toBe(true);
  });

  it('waits at least a Retry-After HTTP date', async () => {
    vi.setSystemTime(new Date('2026-03-01T12:00:00.000Z'));
    const at = 'Sun, 01 Mar 2026 12:00:04 GMT';
    const { times } = await attemptTimes(GET, json(503, {}, { 'retry-after': at }), json(200, {}));
    expect(times).toEqual([0, 4_000]);
  });

  it('honours retry_after_seconds in a body, and the longer of header and body', async () => {
    const body = await attemptTimes(GET, json(503, { retry_after_seconds: 2 }), json(200, {}));
    expect(body.times).toEqual([0, 2_000]);
    const both = await attemptTimes(GET, json(429, { error: { code: 'rate_limited', retry_after_seconds: 4 } }, { 'retry-after': '1' }), json(200, {}));
    expect(both.times).toEqual([0, 4_000]);
  });

  it('does not sleep through a long Retry-After: it says when to try again', async () => {
    const now = Date.now();
    const { times, result } = await attemptTimes(GET, json(429, {}, { 'retry-after': '120' }));
    expect(times).toEqual([0]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'rate-limited', retryAt: now + 120_000 } });
  });

  it('retries a network failure, but never a call that is not idempotent', async () => {
    const network = await attemptTimes(GET, new TypeError('x'), json(200, {}));
    expect(network.times).toEqual([0, 500]);
    const once = await attemptTimes({ method: 'POST', idempotent: false }, json(500, {}));
    expect(once.times).toEqual([0]);
  });

  it('does not retry answers that will not change: 400, 404, 401', async () => {
    for (const status of [400, 404, 401]) {
      const { times } = await attemptTimes(GET, json(status, {}));
      expect(times).toEqual([0]);
    }
  });
});

afterEach(() => {
  vi.useRealTimers();
});
