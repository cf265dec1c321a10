import { describe, expect, it } from 'vitest';
import { isStenobirdEpisodeUrl, stenobirdExamples } from '@/utils/detect/stenobird';

/**
 * Every detector lists example URLs; each must be claimed by its own detector's URL check and by
 * no other (the refined-github pattern). New detectors join this table.
 */
const detectors: Record<string, { matches: (url: URL) => boolean; examples: { episodes: string[]; notEpisodes: string[] } }> = {
  stenobird: { matches: (url) => isStenobirdEpisodeUrl(url), examples: stenobirdExamples },
};

describe.each(Object.entries(detectors))('%s example URLs', (name, detector) => {
  it.each(detector.examples.episodes)('claims %s', (url) => {
    expect(detector.matches(new URL(url))).toBe(true);
  });
  it.each(detector.examples.notEpisodes)('does not claim %s', (url) => {
    expect(detector.matches(new URL(url))).toBe(false);
  });
  it.each(Object.entries(detectors).filter(([other]) => other !== name))('no example is also claimed by %s', (_other, other) => {
    for (const url of detector.examples.episodes) expect(other.matches(new URL(url))).toBe(false);
  });
});
