import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkConnection } from '@/utils/stenobird/client';
import { json, requestOf, respond, text } from './fake-fetch';

/** "Test connection" in the options: what each answer from the base URL means to the user. */

const BASE = 'https://staging.stenobird.com';
const CHECK = `${BASE}/v1/transcripts/tr_connectioncheck`;
const notFound = () => json(404, { error: { code: 'transcript_not_found', message: 'No such transcript.' } });

describe('checkConnection', () => {
  it('a Stenobird 404 for the made-up job: connected, key not refused; the key goes as a Bearer token', async () => {
    const fetch = respond(notFound());
    expect(await checkConnection({ baseUrl: BASE, apiKey: 'sk_1', fetch })).toEqual({ ok: true, withKey: true });
    expect(requestOf(fetch).url).toBe(CHECK);
    expect(requestOf(fetch).method).toBe('GET');
    expect(requestOf(fetch).headers.get('authorization')).toBe('Bearer sk_1');
  });

  it('without a key: no Authorization header, and a 401 still means Stenobird is there', async () => {
    const fetch = respond(json(401, { error: { code: 'unauthorized', message: 'API key required.' } }));
    expect(await checkConnection({ baseUrl: BASE, fetch })).toEqual({ ok: true, withKey: false });
    expect(requestOf(fetch).headers.get('authorization')).toBeNull();
  });

  it.each([
    [401, 'key-refused'],
    [403, 'key-refused'],
    [402, 'payment-required'],
  ])('with a key, %i is %s', async (status, problem) => {
    const fetch = respond(json(status, { error: { code: 'nope', message: 'No.' } }));
    expect(await checkConnection({ baseUrl: BASE, apiKey: 'sk_bad', fetch })).toEqual({ ok: false, problem });
  });

  it('a web page that is not Stenobird’s (an HTML 404): not a Stenobird', async () => {
    const fetch = respond(text(404, '<html><body>Not Found</body></html>', 'text/html'));
    expect(await checkConnection({ baseUrl: BASE, apiKey: 'sk_1', fetch })).toEqual({ ok: false, problem: 'not-stenobird' });
  });

  it('offline: unreachable, with the reason a user can read', async () => {
    const offline = () => new TypeError('Failed to fetch');
    const fetch = respond(offline(), offline(), offline());
    // The client retries after 0.5 s and 1 s: on fake timers, so the test waits for no clock.
    vi.useFakeTimers();
    const checking = checkConnection({ baseUrl: BASE, fetch });
    await vi.runAllTimersAsync();
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(await checking).toEqual({
      ok: false,
      problem: 'unreachable',
      error: expect.objectContaining({ kind: 'offline', message: 'You appear to be offline, so Stenobird could not be reached.' }),
    });
  });
});

afterEach(() => {
  vi.useRealTimers();
});
