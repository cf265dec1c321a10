import { describe, expect, it } from 'vitest';
import { candidateDetector, type DetectorName } from '@/utils/detect';
import { firesideExamples, isFiresideEpisodeUrl } from '@/utils/detect/fireside';
import { isStenobirdEpisodeUrl, stenobirdExamples } from '@/utils/detect/stenobird';

/**
 * Every detector lists example URLs; each must be claimed by its own detector's URL check and by
 * no other (the refined-github pattern), and `detectEpisode` must route it to that detector, or to
 * none. New detectors join this table.
 */
const detectors: Record<DetectorName, { matches: (url: URL) => boolean; examples: { episodes: string[]; notEpisodes: string[] } }> = {
  stenobird: { matches: (url) => isStenobirdEpisodeUrl(url), examples: stenobirdExamples },
  fireside: { matches: isFiresideEpisodeUrl, examples: firesideExamples },
};
const all = Object.entries(detectors) as [DetectorName, (typeof detectors)[DetectorName]][];

describe.each(all)('%s example URLs', (name, detector) => {
  // The tables below run once per example: an empty list would make them pass by running nothing.
  it('lists episode and non-episode examples', () => {
    expect(detector.examples.episodes.length).toBeGreaterThanOrEqual(3);
    expect(detector.examples.notEpisodes.length).toBeGreaterThanOrEqual(3);
  });
  it.each(detector.examples.episodes)('claims %s', (url) => {
    expect(detector.matches(new URL(url))).toBe(true);
    expect(candidateDetector(new URL(url))).toBe(name);
  });
  it.each(detector.examples.notEpisodes)('does not claim %s', (url) => {
    expect(detector.matches(new URL(url))).toBe(false);
    expect(candidateDetector(new URL(url))).toBeUndefined();
  });
  it.each(all.filter(([other]) => other !== name))('no example is also claimed by %s', (_other, other) => {
    for (const url of detector.examples.episodes) expect(other.matches(new URL(url))).toBe(false);
  });
});
