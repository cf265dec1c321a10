import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ACCEPT_JSON, firesideGet } from '@/utils/fireside/http';
import { fetchFollowing, type WatchRedirect } from '@/utils/net/follow-redirects';
import { watchRedirect } from '@/utils/net/redirect-watch';
import { stenobirdFetch } from '@/utils/stenobird/http';
import { readJobEvents } from '@/utils/stenobird/job-stream';
import { routedFetch, sseEvent, sseResponse } from './sse-fetch';

/**
 * Issue 13, finding 1: redirects are followed by the extension, one checked hop at a time (the
 * browser-level check, with the real `opaqueredirect` answers and `webRequest`, is
 * test/browser/hardening-net.test.ts). Here the fake network answers plain 3xx responses, and a
 * request the extension must not make is one the fake fetch never sees.
 */

const redirect = (location: string, status = 302) => () => new Response(null, { status, headers: { location } });
const ok = (body: string, type = 'application/json') => () => new Response(body, { status: 200, headers: { 'content-type': type } });

/** What Chromium's worker and Firefox's background page answer to a manual redirect. */
const opaqueRedirect = () => ({ type: 'opaqueredirect', status: 0, ok: false, url: '', headers: new Headers(), body: null }) as unknown as Response;

describe('fetchFollowing', () => {
  const allowFireside = (url: URL) => url.protocol === 'https:' && url.hostname.endsWith('.fireside.fm');

  it('follows a redirect it may, resolving a relative Location against the hop it came from', async () => {
    const { fetch, requests } = routedFetch({
      'https://a.fireside.fm/json': [redirect('/feed.json')],
      'https://a.fireside.fm/feed.json': [redirect('https://b.fireside.fm/feed.json', 308)],
      'https://b.fireside.fm/feed.json': [ok('{}')],
    });
    const followed = await fetchFollowing('https://a.fireside.fm/json', { send: (u) => fetch(u), mayFollow: allowFireside });
    expect(followed).toMatchObject({ ok: true, url: 'https://b.fireside.fm/feed.json' });
    expect(requests.map((r) => r.url)).toHaveLength(3);
  });

  it('stops at a hop it may not take, without sending anything there', async () => {
    const { fetch, requests } = routedFetch({ 'https://a.fireside.fm/json': [redirect('http://127.0.0.1:8080/')] });
    expect(await fetchFollowing('https://a.fireside.fm/json', { send: (u) => fetch(u), mayFollow: allowFireside })).toEqual({
      ok: false,
      reason: 'refused',
      from: 'https://a.fireside.fm/json',
      to: 'http://127.0.0.1:8080/',
    });
    expect(requests).toHaveLength(1);
  });

  it('follows at most 5 redirects: the sixth is not sent', async () => {
    const routes: Record<string, Array<() => Response>> = {};
    for (let i = 0; i < 7; i++) routes[`https://a.fireside.fm/${i}`] = [redirect(`/${i + 1}`)];
    const { fetch, requests } = routedFetch(routes);
    expect(await fetchFollowing('https://a.fireside.fm/0', { send: (u) => fetch(u), mayFollow: allowFireside })).toMatchObject({ ok: false, reason: 'too-many' });
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual(['/0', '/1', '/2', '/3', '/4', '/5']);
  });

  it('reads an opaque redirect’s address from the watch, and refuses it when the watch cannot tell', async () => {
    const send = vi.fn(async (url: string) => (url.endsWith('/json') ? opaqueRedirect() : ok('{}')()));
    const watched: string[] = [];
    const watch: WatchRedirect = (url) => (watched.push(url), { location: async () => (url.endsWith('/json') ? '/feed.json' : undefined), stop: () => undefined });
    expect(await fetchFollowing('https://a.fireside.fm/json', { send, mayFollow: allowFireside, watch })).toMatchObject({ ok: true, url: 'https://a.fireside.fm/feed.json' });
    expect(watched).toEqual(['https://a.fireside.fm/json', 'https://a.fireside.fm/feed.json']);

    const blind = vi.fn(async () => opaqueRedirect());
    expect(await fetchFollowing('https://a.fireside.fm/json', { send: blind, mayFollow: allowFireside })).toMatchObject({ ok: false, reason: 'refused', to: undefined });
    expect(blind).toHaveBeenCalledTimes(1);
  });

  it('a timeout while the address is awaited is the caller’s timeout, not a refusal', async () => {
    const controller = new AbortController();
    const watch: WatchRedirect = (_url, signal) => ({
      location: () => new Promise((resolve) => (signal!.aborted ? resolve(undefined) : signal!.addEventListener('abort', () => resolve(undefined)))),
      stop: () => undefined,
    });
    const pending = fetchFollowing('https://a.fireside.fm/json', { send: async () => opaqueRedirect(), mayFollow: allowFireside, watch, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toThrow();
  });
});

describe('firesideGet', () => {
  it('follows a show’s redirect to its feed elsewhere on Fireside, and reports where it ended', async () => {
    const { fetch } = routedFetch({
      'https://smartlogic.fireside.fm/json': [redirect('https://feeds.fireside.fm/smartlogic/json')],
      'https://feeds.fireside.fm/smartlogic/json': [ok('{"title":"x"}')],
    });
    expect(await firesideGet('https://smartlogic.fireside.fm/json', { accept: ACCEPT_JSON, maxBytes: 1000, fetch })).toMatchObject({
      ok: true,
      url: 'https://feeds.fireside.fm/smartlogic/json',
      text: '{"title":"x"}',
    });
  });

  it.each(['http://127.0.0.1:9/', 'https://192.168.1.1/admin', 'http://smartlogic.fireside.fm/json', 'https://example.com/json'])(
    'does not follow a redirect to %s',
    async (location) => {
      const { fetch, requests } = routedFetch({ 'https://smartlogic.fireside.fm/json': [redirect(location)] });
      expect(await firesideGet('https://smartlogic.fireside.fm/json', { accept: ACCEPT_JSON, maxBytes: 1000, fetch })).toMatchObject({ ok: false, reason: 'refused' });
      expect(requests).toHaveLength(1);
    },
  );

  it('a custom domain the user allowed is reachable; the address itself must be allowed first', async () => {
    const reach = ['https://*.fireside.fm/*', 'https://linuxunplugged.com/*'];
    const { fetch } = routedFetch({ 'https://linuxunplugged.fireside.fm/json': [redirect('https://linuxunplugged.com/json')], 'https://linuxunplugged.com/json': [ok('{}')] });
    expect(await firesideGet('https://linuxunplugged.fireside.fm/json', { accept: ACCEPT_JSON, maxBytes: 1000, fetch, reach })).toMatchObject({ ok: true });
    const never = vi.fn();
    expect(await firesideGet('https://selfhosted.show/json', { accept: ACCEPT_JSON, maxBytes: 1000, fetch: never, reach })).toEqual({ ok: false, reason: 'not-allowed' });
    expect(never).not.toHaveBeenCalled();
  });
});

describe('Stenobird’s redirects', () => {
  const BASE = 'https://stenobird.com';
  const JOB = `${BASE}/v1/transcripts/tr_1`;

  it('a GET is followed on Stenobird’s own address, with the key, and nowhere else', async () => {
    const { fetch, requests } = routedFetch({ [JOB]: [redirect(`${JOB}/`)], [`${JOB}/`]: [ok('{"id":"tr_1"}')] });
    const result = await stenobirdFetch(JOB, { method: 'GET', idempotent: false, headers: { Authorization: 'Bearer sk_1' }, fetch });
    expect(result).toMatchObject({ ok: true, body: { id: 'tr_1' } });
    expect(requests.map((r) => [r.url, r.headers.get('authorization')])).toEqual([
      [JOB, 'Bearer sk_1'],
      [`${JOB}/`, 'Bearer sk_1'],
    ]);
  });

  it.each([
    ['another host', 'https://stenobird.evil.example/v1/transcripts/tr_1'],
    ['the same host over http', 'http://stenobird.com/v1/transcripts/tr_1'],
    ['another port', 'https://stenobird.com:8443/v1/transcripts/tr_1'],
    ['the loopback', 'http://127.0.0.1:8080/'],
  ])('a redirect to %s is not followed: the call fails with a sentence', async (_why, location) => {
    const { fetch, requests } = routedFetch({ [JOB]: [redirect(location)] });
    const result = await stenobirdFetch(JOB, { method: 'GET', idempotent: false, headers: { Authorization: 'Bearer sk_1' }, fetch });
    expect(result).toMatchObject({ ok: false, error: { kind: 'redirected', message: expect.stringMatching(/another address/) } });
    expect(requests).toHaveLength(1);
  });

  it('a POST is never sent again to a redirect’s address, even on Stenobird', async () => {
    const { fetch, requests } = routedFetch({ [`${BASE}/v1/transcripts`]: [redirect(`${BASE}/v2/transcripts`, 307)] });
    const result = await stenobirdFetch(`${BASE}/v1/transcripts`, { method: 'POST', idempotent: false, json: { audio_url: 'https://a.example/x.mp3' }, fetch });
    expect(result).toMatchObject({ ok: false, error: { kind: 'redirected' } });
    expect(requests).toHaveLength(1);
  });

  it('the events stream follows only Stenobird’s own redirects', async () => {
    const events = `${JOB}/events`;
    const moved = routedFetch({ [events]: [redirect(`${JOB}/stream`)], [`${JOB}/stream`]: [() => sseResponse({ chunks: [sseEvent('done', { status: 'completed', terminal: true, result_ready: true }, 1)] })] });
    const seen: string[] = [];
    expect(await readJobEvents({ baseUrl: BASE, fetch: moved.fetch }, events, {}, { onEvent: (e) => seen.push(e.type) })).toEqual({ kind: 'closed' });
    expect(seen).toEqual(['done']);

    const away = routedFetch({ [events]: [redirect('http://10.0.0.1/events')] });
    expect(await readJobEvents({ baseUrl: BASE, fetch: away.fetch }, events, {}, { onEvent: () => undefined })).toMatchObject({ kind: 'failed', error: { kind: 'redirected' } });
    expect(away.requests).toHaveLength(1);
  });
});

describe('watchRedirect (the webRequest reader)', () => {
  type Listener = (details: Record<string, unknown>) => void;
  const listeners = new Set<Listener>();
  const filters: unknown[] = [];
  beforeEach(() => {
    listeners.clear();
    filters.length = 0;
    Object.assign(fakeBrowser.webRequest, {
      onHeadersReceived: {
        addListener: (l: Listener, filter: unknown, spec: unknown) => (listeners.add(l), filters.push([filter, spec])),
        removeListener: (l: Listener) => listeners.delete(l),
      },
    });
  });
  const own = fakeBrowser.runtime.getURL('/').replace(/\/$/, '');
  const fire = (details: Record<string, unknown>) => [...listeners].forEach((l) => l(details));
  const headers = (location: string) => [{ name: 'Location', value: location }];

  it('takes the Location of this extension’s own redirected request to that URL, and nothing else', async () => {
    const watching = watchRedirect('https://a.fireside.fm/json#x');
    expect(filters).toEqual([[{ urls: ['https://a.fireside.fm/*'], types: ['xmlhttprequest'] }, ['responseHeaders']]]);
    fire({ url: 'https://a.fireside.fm/other', statusCode: 302, initiator: own, responseHeaders: headers('https://wrong.example/') });
    fire({ url: 'https://a.fireside.fm/json', statusCode: 302, initiator: 'https://a.fireside.fm', responseHeaders: headers('https://page.example/') });
    fire({ url: 'https://a.fireside.fm/json', statusCode: 200, initiator: own, responseHeaders: headers('https://no.example/') });
    fire({ url: 'https://a.fireside.fm/json', statusCode: 302, originUrl: `${own}/background.html`, responseHeaders: headers('https://b.fireside.fm/json') });
    expect(await watching.location()).toBe('https://b.fireside.fm/json');
    watching.stop();
    expect(listeners.size).toBe(0);
  });

  it('gives up when the request is aborted, and when webRequest is not there at all', async () => {
    const controller = new AbortController();
    const watching = watchRedirect('https://a.fireside.fm/json', controller.signal);
    controller.abort();
    expect(await watching.location()).toBeUndefined();
    Object.assign(fakeBrowser.webRequest, { onHeadersReceived: undefined });
    expect(await watchRedirect('https://a.fireside.fm/json').location()).toBeUndefined();
  });
});
