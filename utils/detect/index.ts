import type { Detection } from '../episode';
import { DEFAULT_STENOBIRD_BASE } from '../stenobird/urls';
import { detectFiresideEpisode, isFiresideEpisodeUrl } from './fireside';
import { detectStenobirdEpisode, isStenobirdEpisodeUrl } from './stenobird';

/**
 * The one detection entry every context uses (static content script, on-demand injection, the
 * "always detect" registration): a cheap URL check picks the detector, and a URL no detector
 * claims is answered without touching the document.
 */

export type DetectorName = 'stenobird' | 'fireside';

const STENOBIRD_ORIGIN = new URL(DEFAULT_STENOBIRD_BASE).origin;

/** Which detector may claim this URL. Stenobird's own site is never read as a Fireside site. */
export function candidateDetector(url: URL): DetectorName | undefined {
  if (url.origin === STENOBIRD_ORIGIN) return isStenobirdEpisodeUrl(url) ? 'stenobird' : undefined;
  return isFiresideEpisodeUrl(url) ? 'fireside' : undefined;
}

export function detectEpisode(doc: Document, url: URL): Detection {
  switch (candidateDetector(url)) {
    case 'stenobird':
      return detectStenobirdEpisode(doc, url);
    case 'fireside':
      return detectFiresideEpisode(doc, url);
    default:
      return { kind: 'not-episode', reason: 'not an episode page address' };
  }
}
