import { describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, stenobirdFetch } from '@/utils/stenobird/http';
import { requestCatalogueTranscript } from '@/utils/stenobird/client';

const REF = { podcastSlug: 'elixir-wizards', episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim' };
const BASE = 'https://stenobird.com';

function respond(...responses: Array<Response | Error>) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected extra request');
    if (next instanceof Error) throw next;
    return next;
  });
  return fetch;
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', 1_000)).toBe(31_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', 0)).toBe(Date.UTC(2015, 9, 21, 7, 28));
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});

describe('requestCatalogueTranscript', () => {
  it('POSTs with no body to the episode’s transcription-requests URL', async () => {
    const fetch = respond(json(202, { status: 'queued', extra: 'ignored' }));
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(result).toEqual({ ok: true, value: { status: 'queued' } });
    const request = fetch.mock.calls[0]![0] as unknown as Request;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${BASE}/v1/public/podcasts/elixir-wizards/episodes/set-theoretic-types-in-elixir-with-jos-valim/transcription-requests`);
    expect(await request.text()).toBe('');
  });

  it('retries a 500 and succeeds', async () => {
    const fetch = respond(json(500, {}), json(500, {}), json(202, { status: 'queued' }));
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(result.ok).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('reports a 404 with the envelope’s message as not-found', async () => {
    const fetch = respond(json(404, { error: { code: 'episode_not_found', message: 'No such episode.' } }));
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('not-found');
  });

  it('stops at a long Retry-After and says when to try again', async () => {
    const fetch = respond(json(429, { error: 'slow down' }, { 'retry-after': '120' }));
    const before = Date.now();
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('rate-limited');
    expect(result.error.retryAt).toBeGreaterThanOrEqual(before + 120_000);
    expect(result.error.message).toMatch(/Try again after .* Stenobird says: “slow down”/);
  });

  it('never shows raw HTML from a proxy error page', async () => {
    const html = new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const fetch = respond(html, html.clone(), html.clone());
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('service-error');
      expect(result.error.message).not.toMatch(/[<>]/);
      expect(result.error.message).toContain('HTTP 502');
    }
  });

  it('calls a 2xx body that is not the contract’s shape malformed', async () => {
    const fetch = respond(new Response('{"status": 42', { status: 202 }));
    const result = await requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF);
    expect(result).toMatchObject({ ok: false, error: { kind: 'malformed', status: 202 } });
  });

  it('reports a network failure as offline and a hang as a timeout', async () => {
    const offline = await requestCatalogueTranscript({ baseUrl: BASE, fetch: respond(new TypeError('Failed to fetch'), new TypeError('x'), new TypeError('x')) }, REF);
    expect(offline).toMatchObject({ ok: false, error: { kind: 'offline' } });

    const hang = vi.fn((_input: RequestInfo | URL, init?: RequestInit) => new Promise<Response>((_resolve, reject) => {
      (init?.signal ?? (_input as Request).signal)?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    }));
    const timedOut = await stenobirdFetch(`${BASE}/x`, { method: 'GET', idempotent: false, timeoutMs: 50, fetch: hang });
    expect(timedOut).toMatchObject({ ok: false, error: { kind: 'timeout' } });
  });
});
