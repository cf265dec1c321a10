import { describe, expect, it } from 'vitest';
import type { Episode } from '@/utils/episode';
import type { CatalogueRecord } from '@/utils/requests';
import { linkToolbarLook, toolbarLook } from '@/utils/toolbar/look';

/**
 * The toolbar button as the user reads it (README, "What it looks like"): `●` episode here,
 * `…` transcript requested, `✓` transcript available, `!` the request failed, and a tooltip
 * that says the same in words. The texts are written out here, not taken from the code.
 */
const IDLE = 'Stenobird Companion: no episode detected on this page';

const episode: Episode = { source: 'stenobird', pageUrl: 'https://stenobird.com/podcast/p/e', title: 'An episode' };
const record = (over: Partial<CatalogueRecord>): CatalogueRecord => ({
  key: 'p/e', kind: 'catalogue', source: 'stenobird', podcastSlug: 'p', episodeSlug: 'e', title: 'An episode', pageUrl: episode.pageUrl,
  phase: 'following', state: 'queued', requestedAt: 0, updatedAt: 0, attempts: 0, ...over,
});

describe('toolbarLook', () => {
  it('is inactive and blank where there is nothing to do', () => {
    for (const state of [{ status: 'unknown' as const }, { status: 'not-episode' as const, reason: 'x' }]) {
      expect(toolbarLook(state)).toMatchObject({ active: false, badgeText: '', title: IDLE });
    }
  });

  it.each([
    ['an episode', undefined, '●', 'Stenobird Companion: episode found — An episode'],
    ['a requested transcript', record({ state: 'queued' }), '…', 'Stenobird Companion: transcript requested — An episode'],
    ['an unknown request state', record({ state: 'mulling' }), '…', 'Stenobird Companion: transcript requested — An episode'],
    ['an available transcript', record({ phase: 'available', state: 'available', transcriptUrl: 'https://stenobird.com/t' }), '✓', 'Stenobird Companion: transcript available — An episode'],
    ['a failed request', record({ phase: 'failed', state: 'rejected' }), '!', 'Stenobird Companion: the request failed — open for details'],
    ['a request not sent because its last attempt errored', record({ phase: 'unsent', state: '', lastError: { kind: 'offline', message: 'x' } }), '!', 'Stenobird Companion: the request failed — open for details'],
    ['a followed request whose re-send hiccuped', record({ phase: 'following', lastError: { kind: 'service-error', message: 'x' } }), '…', 'Stenobird Companion: transcript requested — An episode'],
  ])('shows %s', (_name, request, badge, title) => {
    const look = toolbarLook({ status: 'episode', episode, request });
    expect(look).toMatchObject({ active: true, badgeText: badge, title });
  });

  it('shows ✓ for an episode whose transcript the catalogue already has, with no request', () => {
    const look = toolbarLook({ status: 'episode', episode, catalogue: { status: 'found', podcastSlug: 'p', episodeSlug: 'e', transcriptUrl: 'https://stenobird.com/t' } });
    expect(look).toMatchObject({ active: true, badgeText: '✓', title: 'Stenobird Companion: transcript available — An episode' });
  });

  it('gives each state its own badge colour', () => {
    const colours = [undefined, record({}), record({ phase: 'available', transcriptUrl: 'https://stenobird.com/t' }), record({ phase: 'failed' })].map(
      (request) => toolbarLook({ status: 'episode', episode, request }).badgeColor,
    );
    expect(new Set(colours).size).toBe(4);
  });

  it('shortens a very long title in the tooltip', () => {
    const look = toolbarLook({ status: 'episode', episode: { ...episode, title: 'x'.repeat(5000) } });
    expect(look.title.length).toBeLessThan(200);
    expect(look.title.endsWith('…')).toBe(true);
  });
});

describe('linkToolbarLook (a link right-clicked on the tab)', () => {
  const NOW = 1_000_000_000;

  it.each([
    ['being read', { status: 'working' as const, at: NOW }, undefined, '…', 'Stenobird Companion: reading the linked episode…'],
    ['requested', { status: 'requested' as const, key: 'p/e', title: 'An episode' }, record({}), '…', 'Stenobird Companion: transcript requested for the linked episode — An episode'],
    ['available', { status: 'requested' as const, key: 'p/e', title: 'An episode' }, record({ phase: 'available', transcriptUrl: 'https://stenobird.com/t' }), '✓', 'Stenobird Companion: transcript available for the linked episode — An episode'],
    ['not readable', { status: 'failed' as const, message: 'That link does not lead to a podcast episode page.' }, undefined, '!', 'Stenobird Companion: the linked episode — That link does not lead to a podcast episode page.'],
  ])('shows a link %s', (_name, link, request, badge, title) => {
    expect(linkToolbarLook(link, request, NOW)).toMatchObject({ active: true, badgeText: badge, title });
  });
});
