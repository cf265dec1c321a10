import { describe, expect, it } from 'vitest';
import type { Episode } from '@/utils/episode';
import type { RequestRecord } from '@/utils/requests';
import { BADGE, toolbarLook } from '@/utils/toolbar-look';

const episode: Episode = { source: 'stenobird', pageUrl: 'https://stenobird.com/podcast/p/e', title: 'An episode' };
const record = (over: Partial<RequestRecord>): RequestRecord => ({
  key: 'p/e', kind: 'catalogue', source: 'stenobird', podcastSlug: 'p', episodeSlug: 'e', title: 'An episode', pageUrl: episode.pageUrl,
  phase: 'following', state: 'queued', requestedAt: 0, updatedAt: 0, attempts: 0, ...over,
});

describe('toolbarLook', () => {
  it('is inactive and blank where there is nothing to do', () => {
    for (const state of [{ status: 'unknown' as const }, { status: 'not-episode' as const, reason: 'x' }]) {
      expect(toolbarLook(state)).toMatchObject({ active: false, badgeText: '', title: expect.stringMatching(/no episode/) });
    }
  });

  it.each([
    ['an episode', undefined, BADGE.episode.text, /episode found — An episode/],
    ['a requested transcript', record({ state: 'queued' }), BADGE.requested.text, /transcript requested/],
    ['an unknown request state', record({ state: 'mulling' }), BADGE.requested.text, /transcript requested/],
    ['an available transcript', record({ phase: 'available', state: 'available', transcriptUrl: 'https://stenobird.com/t' }), BADGE.available.text, /transcript available/],
    ['a failed request', record({ phase: 'failed', state: 'rejected' }), BADGE.error.text, /request failed/],
    ['a request not sent because its last attempt errored', record({ phase: 'unsent', state: '', lastError: { kind: 'offline', message: 'x' } }), BADGE.error.text, /request failed/],
    ['a followed request whose re-send hiccuped', record({ phase: 'following', lastError: { kind: 'service-error', message: 'x' } }), BADGE.requested.text, /transcript requested/],
  ])('shows %s', (_name, request, badge, title) => {
    const look = toolbarLook({ status: 'episode', episode, request });
    expect(look.active).toBe(true);
    expect(look.badgeText).toBe(badge);
    expect(look.title).toMatch(title);
  });

  it('shortens a very long title in the tooltip', () => {
    const look = toolbarLook({ status: 'episode', episode: { ...episode, title: 'x'.repeat(5000) } });
    expect(look.title.length).toBeLessThan(200);
    expect(look.title.endsWith('…')).toBe(true);
  });
});
