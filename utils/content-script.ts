import { DEFAULT_STENOBIRD_BASE } from './stenobird/urls';

/**
 * The content script (`entrypoints/episode-detector.ts`, built as this file) and where it runs
 * statically. wxt.config.ts declares it from here; the background injects and registers the same
 * file, so a page is read the same way however detection starts.
 */
export const EPISODE_DETECTOR_JS = '/episode-detector.js';

/**
 * Fireside show sites (service hosts are turned away in code) and Stenobird episode pages, over
 * https only: a page sent over plain http can be rewritten by anyone on the network, and the
 * detector would read the rewrite (issue 13). Fireside serves every show over https.
 */
export const EPISODE_MATCHES = ['https://*.fireside.fm/*', `${DEFAULT_STENOBIRD_BASE}/podcast/*/*`];

/**
 * Whether the extension already knows how to treat this site's pages without being asked:
 * Fireside's own hosts (the static script runs there) and Stenobird (whose episode pages it
 * covers and whose other pages are never episodes). Elsewhere detection is on demand, and the
 * popup offers "look again" and "always detect on this site".
 */
export function coveredStatically(pageUrl: string, base: string = DEFAULT_STENOBIRD_BASE): boolean {
  if (!URL.canParse(pageUrl) || !URL.canParse(base)) return false;
  const host = new URL(pageUrl).hostname;
  return host === new URL(base).hostname || host === 'fireside.fm' || host.endsWith('.fireside.fm');
}
