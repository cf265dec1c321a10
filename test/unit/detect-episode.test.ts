import { describe, expect, it } from 'vitest';
import { detectEpisode } from '@/utils/detect';
import { firesideExamples } from '@/utils/detect/fireside';
import { stenobirdExamples } from '@/utils/detect/stenobird';
import { loadFixture } from './load-fixture';

/** A document that counts every property read on it, and on nothing else. */
function instrumented(doc: Document): { doc: Document; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(doc, {
    get(target, key) {
      reads++;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { doc: proxy, reads: () => reads };
}

describe('detectEpisode', () => {
  const page = loadFixture('fireside/lup-556.html');

  it.each([...firesideExamples.notEpisodes, ...stenobirdExamples.notEpisodes])(
    'does no DOM work on %s, which no detector claims',
    (url) => {
      const { doc, reads } = instrumented(page);
      expect(detectEpisode(doc, new URL(url))).toEqual({ kind: 'not-episode', reason: 'not an episode page address' });
      expect(reads()).toBe(0);
    },
  );

  it('reads the page once the address is a candidate (the counter works)', () => {
    const { doc, reads } = instrumented(page);
    expect(detectEpisode(doc, new URL('https://linuxunplugged.com/556')).kind).toBe('episode');
    expect(reads()).toBeGreaterThan(0);
  });

  it('gives the reason a candidate page is not an episode', () => {
    expect(detectEpisode(loadFixture('fireside/custom-page-contact.html'), new URL('https://linuxunplugged.com/contact'))).toEqual({
      kind: 'not-episode',
      reason: 'no Fireside episode audio on the page',
    });
    expect(detectEpisode(loadFixture('fireside/not-fireside-blog.html'), new URL('https://blog.example.org/favourite-episodes'))).toEqual({
      kind: 'not-episode',
      reason: 'not a Fireside site',
    });
  });

  it('reads a Fireside page served on stenobird.com as nothing: Stenobird’s site is never a Fireside site', () => {
    expect(detectEpisode(page, new URL('https://stenobird.com/556')).kind).toBe('not-episode');
  });
});
