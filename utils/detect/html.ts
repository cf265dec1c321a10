import type { Detection } from '../episode';
import { detectEpisode } from './index';

/**
 * Detection on a page's HTML fetched in the background (a right-clicked link), with the same
 * detectors as a loaded page. `DOMParser` builds an inert document: no script runs, nothing
 * loads. It exists in Firefox's background page and in Chrome's offscreen document, not in
 * Chrome's service worker (see `utils/pages/parse-page.ts`).
 */
export function detectEpisodeInHtml(html: string, pageUrl: string): Detection {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return detectEpisode(doc, new URL(pageUrl));
}
