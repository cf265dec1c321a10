import { describe, expect, it } from 'vitest';
import { detectStenobirdEpisode } from '@/utils/detect/stenobird';
import { episodeSchema } from '@/utils/episode-schema';
import { loadFixture } from './load-fixture';

const PAGE = 'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim';

describe('detectStenobirdEpisode', () => {
  it('reads every field a Stenobird episode page carries', () => {
    const result = detectStenobirdEpisode(loadFixture('stenobird/episode-jose-valim.html'), new URL(`${PAGE}/?ref=x#top`));
    expect(result).toEqual({
      kind: 'episode',
      episode: expect.objectContaining({
        source: 'stenobird',
        pageUrl: PAGE,
        title: 'Set-Theoretic Types in Elixir with José Valim',
        showName: 'Elixir Wizards',
        publishedAt: '2025-07-10T00:00:00.000Z',
        durationSeconds: 2740,
        description: 'José Valim on the shift to set-theoretic types in Elixir.',
        stenobird: {
          podcastSlug: 'elixir-wizards',
          episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim',
          processingState: 'processed',
        },
      }),
    });
    if (result.kind === 'episode') expect(episodeSchema.safeParse(result.episode).success).toBe(true);
  });

  it('keeps hostile page text as inert text and drops unusable values', () => {
    const result = detectStenobirdEpisode(loadFixture('stenobird/episode-hostile.html'), new URL(PAGE));
    expect(result.kind).toBe('episode');
    if (result.kind !== 'episode') return;
    // Markup in the page arrives as the characters a reader sees, never as elements.
    expect(result.episode.title).toBe('<img src=x onerror=alert(1)>window.pwned = 1 Episode');
    expect(result.episode.showName).toBe('Evil <script>alert(1)</script>');
    expect(result.episode.publishedAt).toBeUndefined();
    expect(result.episode.durationSeconds).toBeUndefined();
    expect(result.episode.artworkUrl).toBeUndefined();
    // An unknown processing state is kept verbatim for the popup to show.
    expect(result.episode.stenobird?.processingState).toBe('transcoding-🚀');
    expect(episodeSchema.safeParse(result.episode).success).toBe(true);
  });

  it('falls back to the document title when the page has no h1, and refuses a page with neither', () => {
    const doc = loadFixture('stenobird/episode-no-title.html');
    expect(detectStenobirdEpisode(doc, new URL(PAGE))).toEqual({ kind: 'not-episode', reason: 'the page has no episode title' });
    doc.title = 'A title from the head';
    const again = detectStenobirdEpisode(doc, new URL(PAGE));
    expect(again.kind === 'episode' && again.episode.title).toBe('A title from the head');
  });

  it('refuses Stenobird pages that are not episodes, even with episode-like content', () => {
    const doc = loadFixture('stenobird/episode-jose-valim.html');
    for (const url of ['https://stenobird.com/docs', 'https://stenobird.com/podcast/elixir-wizards', `${PAGE}.md`]) {
      expect(detectStenobirdEpisode(doc, new URL(url)).kind).toBe('not-episode');
    }
    expect(detectStenobirdEpisode(loadFixture('stenobird/docs.html'), new URL('https://stenobird.com/docs')).kind).toBe('not-episode');
  });
});
