import { browser } from 'wxt/browser';
import { detectEpisodeInHtml } from '@/utils/detect/html';
import type { Detection } from '@/utils/episode';
import { detectionSchema, type OffscreenMessage } from '@/utils/messages';
import { once } from '@/utils/in-flight';

/**
 * Detection on a page the background fetched (a right-clicked link). Firefox's background is a
 * page with a DOM: `DOMParser` is right here. Chrome's MV3 service worker has none, so the page
 * goes to an offscreen document (reason DOM_PARSER) and the answer comes back checked.
 * `import.meta.env.BROWSER` is fixed at build time, so each browser's bundle holds only its own
 * branch; the unit tests run both (see test/unit/vitest.firefox.config.ts).
 */

const OFFSCREEN_PATH = '/offscreen.html';
const offscreenUrl = () => browser.runtime.getURL(OFFSCREEN_PATH);

/** Parses in flight, so the offscreen document is closed only when the last one is done. */
let parsing = 0;

function ensureOffscreenDocument(): Promise<void> {
  return once('offscreen-document', async () => {
    const open = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [offscreenUrl()] });
    if (open.length > 0) return;
    await browser.offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['DOM_PARSER'],
      justification: 'Read a podcast episode page the user right-clicked a link to, without opening it.',
    });
  });
}

async function detectOffscreen(html: string, url: string): Promise<Detection> {
  parsing++;
  try {
    await ensureOffscreenDocument();
    const message: OffscreenMessage = { type: 'detect-in-html', html, url };
    const answer = detectionSchema.safeParse(await browser.runtime.sendMessage(message).catch(() => undefined));
    return answer.success ? answer.data : { kind: 'not-episode', reason: 'the page reader sent an answer that could not be read' };
  } finally {
    if (--parsing === 0) await browser.offscreen.closeDocument().catch(() => undefined);
  }
}

export function detectInFetchedPage(html: string, url: string): Promise<Detection> {
  if (import.meta.env.BROWSER === 'firefox') return Promise.resolve(detectEpisodeInHtml(html, url));
  return detectOffscreen(html, url);
}
