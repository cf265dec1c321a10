import { DEFAULT_STENOBIRD_BASE } from './stenobird/urls';

/**
 * The content script (`entrypoints/episode-detector.ts`, built as this file). wxt.config.ts
 * declares it from here, where it runs statically (`EPISODE_MATCHES`) from `utils/patterns.ts`;
 * the background injects and registers the same file, so a page is read the same way however
 * detection starts.
 */
export const EPISODE_DETECTOR_JS = '/episode-detector.js';

/**
 * Whether the extension already knows how to treat this site's pages without being asked:
 * Fireside's own hosts (the static script runs there) and Stenobird (whose episode pages it
 * covers and whose other pages are never episodes). Elsewhere detection is on demand, and the
 * popup offers "look again" and "always detect on this site".
 */
export function coveredStatically(pageUrl: string, base: string = DEFAULT_STENOBIRD_BASE): boolean {
  if (!URL.canParse(pageUrl) || !URL.canParse(base)) return false;
  const host = new URL(pageUrl).hostname;
  // Spelled here rather than imported from the detector's URL rules: the popup imports this, and
  // those rules would move into its shared chunk (its size budget).
  return host === new URL(base).hostname || host === 'fireside.fm' || host.endsWith('.fireside.fm');
}
