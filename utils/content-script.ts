import { DEFAULT_STENOBIRD_BASE } from './stenobird/urls';

/**
 * The content script (`entrypoints/episode-detector.ts`, built as this file) and where it runs
 * statically. wxt.config.ts declares it from here; the background injects and registers the same
 * file, so a page is read the same way however detection starts.
 */
export const EPISODE_DETECTOR_JS = '/episode-detector.js';

/** Fireside show sites (service hosts are turned away in code) and Stenobird episode pages. */
export const EPISODE_MATCHES = ['*://*.fireside.fm/*', `${DEFAULT_STENOBIRD_BASE}/podcast/*/*`];
