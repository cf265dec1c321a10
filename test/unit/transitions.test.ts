import { describe, expect, it } from 'vitest';
import { afterCheck, afterSend } from '@/utils/requests/catalogue-moves';
import { waitFor } from '@/utils/requests/policy';
import type { CatalogueRecord } from '@/utils/requests';
import { stenobirdError } from '@/utils/stenobird/errors';

const T = { now: 1_000_000_000_000, baseMs: 5 * 60_000 };
const record = (phase: CatalogueRecord['phase'], extra: Partial<CatalogueRecord> = {}): CatalogueRecord => ({
  key: 'p/e',
  kind: 'catalogue',
  source: 'stenobird',
  pageUrl: 'https://stenobird.com/podcast/p/e',
  title: 'E',
  podcastSlug: 'p',
  episodeSlug: 'e',
  phase,
  state: phase === 'unsent' ? '' : 'queued',
  requestedAt: T.now - 60_000,
  updatedAt: T.now - 60_000,
  attempts: 0,
  ...extra,
});
const fail = (kind: Parameters<typeof stenobirdError>[0], detail = {}) => ({ ok: false as const, error: stenobirdError(kind, detail) });

describe('the follow-up schedule', () => {
  it('doubles from the configured interval up to six hours', () => {
    expect([0, 1, 2, 3].map((n) => waitFor('catalogue', n, T) / 60_000)).toEqual([5, 10, 20, 40]);
    expect([4, 5, 6, 12, 10_000].map((n) => waitFor('catalogue', n, T) / 60_000)).toEqual([80, 160, 320, 360, 360]);
  });

  it('checks a followed request later each time nothing has changed', () => {
    const waiting = { ok: true as const, value: { slug: 'e', title: 'E', processing_state: 'processed' } as never };
    let r = record('following', { attempts: 0 });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      r = afterCheck(r, waiting, T);
      times.push((r.nextCheckAt! - T.now) / 60_000);
    }
    expect(times).toEqual([10, 20, 40]);
  });

  it('waits for a server’s hint when it is longer than the backoff', () => {
    const r = afterCheck(record('following'), fail('rate-limited', { retryAt: T.now + 3 * 3600_000 }), T);
    expect(r).toMatchObject({ phase: 'following', nextCheckAt: T.now + 3 * 3600_000, lastError: { kind: 'rate-limited' } });
  });
});

describe('afterSend', () => {
  it('keeps an unsent request for another try on transient failures only', () => {
    for (const kind of ['offline', 'timeout', 'rate-limited', 'service-error'] as const) {
      expect(afterSend(record('unsent'), undefined, fail(kind), 'user', T)).toMatchObject({ phase: 'unsent', attempts: 1, nextCheckAt: T.now + T.baseMs });
    }
    for (const kind of ['not-found', 'bad-request', 'unauthorised', 'malformed'] as const) {
      expect(afterSend(record('unsent'), undefined, fail(kind), 'user', T)).toBeUndefined();
    }
  });

  it('leaves a request that Stenobird already accepted as it was when asking again fails', () => {
    const accepted = record('following', { nextCheckAt: T.now + 1 });
    expect(afterSend(accepted, accepted, fail('not-found'), 'user', T)).toEqual(accepted);
    expect(afterSend(accepted, accepted, fail('service-error'), 'user', T)).toMatchObject({ phase: 'following', nextCheckAt: T.now + 1 });
  });

  it('ends a queued request the follow-up cannot send, so the user hears of it', () => {
    expect(afterSend(record('unsent'), record('unsent'), fail('not-found'), 'follow-up', T)).toMatchObject({ phase: 'failed', lastError: { kind: 'not-found' } });
  });

  it('reads "available" as the end, anything else as "follow it"', () => {
    expect(afterSend(record('unsent'), undefined, { ok: true, value: { status: 'available', transcript_url: 'https://stenobird.com/t', retry_after_seconds: undefined } }, 'user', T)).toMatchObject({
      phase: 'available',
      transcriptUrl: 'https://stenobird.com/t',
    });
    expect(afterSend(record('unsent'), undefined, { ok: true, value: { status: 'on_hold', transcript_url: undefined, retry_after_seconds: undefined } }, 'user', T)).toMatchObject({
      phase: 'following',
      state: 'on_hold',
      nextCheckAt: T.now + T.baseMs,
    });
  });
});
