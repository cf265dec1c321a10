import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { runFollowUp } from '@/utils/requests/follow-up';
import { transcribeAudio } from '@/utils/requests/transcribe-audio';
import type { Episode } from '@/utils/episode';
import { jobKey, type RequestRecord } from '@/utils/requests';
import { requestHistory } from '@/utils/storage';
import { settingsWriter } from '@/utils/settings/owner';
import { fakeStenobird } from './fake-stenobird';

/**
 * Issue 13, finding 8: a transcripts-API job belongs to the Stenobird it was made on. After the
 * base URL changes, its id is not sent to the new base, and the API key goes only to the base
 * the settings name now: a job made elsewhere is followed there without it.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/rustler.mp3';
const KEY = jobKey(AUDIO);
const STAGING = 'https://staging.stenobird.test';
const episode: Episode = { source: 'fireside', pageUrl: 'https://smartlogic.fireside.fm/1', title: 'Rustler', showName: 'Elixir Wizards', audioUrl: AUDIO };

let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
  stenobird = fakeStenobird();
  vi.stubGlobal('fetch', stenobird.fetch);
  background.main();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** Every request the extension made: where it went, and whether it carried the key. */
function requestsMade(): Array<{ url: string; key: string | null }> {
  return stenobird.fetch.mock.calls.map(([input, init]) => {
    const request = input instanceof Request ? input : new Request(input as string, init as RequestInit);
    return { url: request.url, key: request.headers.get('authorization') };
  });
}

/** The follow-up's next due check runs. */
async function checkIsDue(): Promise<void> {
  vi.setSystemTime((await requestHistory.get(KEY))!.nextCheckAt! + 1);
  await runFollowUp('alarm');
}

describe('a job stays on the Stenobird it was made on', () => {
  it('is made on the configured base, which its record keeps', async () => {
    await settingsWriter.update({ apiKey: 'sk_live_1' });
    await transcribeAudio(episode);
    expect((await requestHistory.get(KEY))!.job).toMatchObject({ id: 'tr_1', baseUrl: 'https://stenobird.com' });
  });

  it('after the base changes (key kept), it is checked on its own base, without the key, and its id never goes to the new base', async () => {
    await settingsWriter.update({ apiKey: 'sk_live_1' });
    await transcribeAudio(episode);
    await settingsWriter.update({ baseUrl: STAGING });
    stenobird.fetch.mockClear();
    await checkIsDue();
    const made = requestsMade();
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((r) => r.url.startsWith('https://stenobird.com/v1/transcripts/tr_1'))).toBe(true);
    expect(made.every((r) => r.key === null)).toBe(true);
    expect(made.some((r) => r.url.startsWith(STAGING))).toBe(false);
  });

  it('on the base configured now, it is checked with the key', async () => {
    await settingsWriter.update({ apiKey: 'sk_live_1' });
    await transcribeAudio(episode);
    stenobird.fetch.mockClear();
    await checkIsDue();
    expect(requestsMade()).toEqual([{ url: 'https://stenobird.com/v1/transcripts/tr_1', key: 'Bearer sk_live_1' }]);
  });

  it('a job recorded before jobs knew their base is bound, at start-up, to the base configured then', async () => {
    const old: RequestRecord = {
      key: KEY,
      kind: 'job',
      pageUrl: episode.pageUrl,
      title: 'Rustler',
      phase: 'following',
      state: 'queued',
      requestedAt: T0,
      updatedAt: T0,
      attempts: 0,
      nextCheckAt: T0 + 30_000,
      job: { audioUrl: AUDIO, idempotencyKey: 'k', requested: 'full', id: 'tr_7', statusUrl: 'https://stenobird.com/v1/transcripts/tr_7' },
    };
    await fakeBrowser.storage.local.set({ requests: { [KEY]: old } });
    background.main();
    await vi.waitFor(async () => expect((await requestHistory.get(KEY))!.job!.baseUrl).toBe('https://stenobird.com'));
    await settingsWriter.update({ baseUrl: STAGING, apiKey: 'sk_staging' });
    stenobird.fetch.mockClear();
    await checkIsDue();
    expect(requestsMade()).toEqual([{ url: 'https://stenobird.com/v1/transcripts/tr_7', key: null }]);
  });

  it('asking again for the same audio after the base changed makes a job on the new base', async () => {
    await transcribeAudio(episode);
    await settingsWriter.update({ baseUrl: STAGING });
    stenobird.fetch.mockClear();
    const outcome = await transcribeAudio(episode);
    expect(outcome.record?.job?.baseUrl).toBe(STAGING);
    expect(requestsMade().map((r) => r.url)).toEqual([`${STAGING}/v1/transcripts`]);
  });
});
