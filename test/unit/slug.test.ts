import { describe, expect, it } from 'vitest';
import { slugCandidates, slugify } from '@/utils/stenobird/slug';

describe('slugify (contract §1, confirmed on real episodes)', () => {
  it.each([
    ['Rustler: Bridging Elixir and Rust with Sonny Scroggin', 'rustler-bridging-elixir-and-rust-with-sonny-scroggin'],
    ['Set-Theoretic Types in Elixir with José Valim', 'set-theoretic-types-in-elixir-with-jos-valim'],
    ['Elixir Wizards', 'elixir-wizards'],
  ])('%s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('drops non-ASCII letters instead of transliterating them', () => {
    expect(slugify('Ça marche — Ærø & Straße')).toBe('a-marche-r-strae');
    expect(slugify('Über Zürich')).toBe('ber-zrich');
    expect(slugify('日本語のポッドキャスト')).toBe('');
    expect(slugify('Emoji 🎙️ talk')).toBe('emoji-talk');
  });

  it('collapses runs of spaces and hyphens and trims them', () => {
    expect(slugify('  -- A  -  B --  ')).toBe('a-b');
    expect(slugify('What’s new? (2025 edition)')).toBe('whats-new-2025-edition');
    expect(slugify('C++ & C#: 10 things')).toBe('c-c-10-things');
  });
});

describe('slugCandidates (contract §6)', () => {
  const refs = (show: string, title: string) => slugCandidates({ showName: show, title }).map((r) => `${r.podcastSlug}/${r.episodeSlug}`);

  it('tries the title as written first', () => {
    expect(refs('Elixir Wizards', 'Rustler: Bridging Elixir and Rust with Sonny Scroggin')).toEqual([
      'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin',
    ]);
  });

  it.each([
    ['LINUX Unplugged', 'LUP 556: Linux Action Shows', 'linux-unplugged/linux-action-shows'],
    ['Elixir Wizards', 'S14E05 - Rustler: Bridging Elixir and Rust', 'elixir-wizards/rustler-bridging-elixir-and-rust'],
    ['Coder Radio', 'Episode 12: The Rewrite', 'coder-radio/the-rewrite'],
    ['Self-Hosted', 'Ep. 100 - Backups | Self-Hosted', 'self-hosted/backups'],
    ['Elixir Wizards', 'Rustler | Elixir Wizards', 'elixir-wizards/rustler'],
    ['Elixir Wizards', 'Rustler - Elixir Wizards', 'elixir-wizards/rustler'],
  ])('%s: "%s" also tries %s', (show, title, expected) => {
    const candidates = refs(show, title);
    expect(candidates).toContain(expected);
    expect(candidates[0]).toBe(`${expected.split('/')[0]}/${slugify(title)}`);
  });

  it('never offers more than three candidates, nor repeats', () => {
    const candidates = refs('Elixir Wizards', 'Episode 12: Rustler | Elixir Wizards');
    expect(candidates).toEqual([
      'elixir-wizards/episode-12-rustler-elixir-wizards',
      'elixir-wizards/rustler',
      'elixir-wizards/episode-12-rustler',
    ]);
  });

  it('offers nothing when there is nothing to build a slug from', () => {
    expect(slugCandidates({ title: 'Rustler' })).toEqual([]);
    expect(slugCandidates({ title: '日本語', showName: 'Elixir Wizards' })).toEqual([]);
    expect(slugCandidates({ title: 'Rustler', showName: '日本語' })).toEqual([]);
  });

  it('keeps a title that merely starts with a number intact as the first candidate', () => {
    expect(refs('Changelog', '2025: A year in review')[0]).toBe('changelog/2025-a-year-in-review');
  });
});
