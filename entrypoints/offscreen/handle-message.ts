import { browser, type Browser } from 'wxt/browser';
import { detectEpisodeInHtml } from '@/utils/detect/html';
import type { Detection } from '@/utils/episode';
import { offscreenMessageSchema } from '@/utils/messages';

/**
 * Chrome's MV3 service worker has no `DOMParser`; the offscreen document (reason DOM_PARSER)
 * reads a fetched page for it. It answers the background only, and only `detect-in-html`;
 * anything else is left for other listeners.
 */
export function handleOffscreenMessage(message: unknown, sender: Browser.runtime.MessageSender): Promise<Detection> | undefined {
  // The service worker: our extension, not a tab.
  if (sender.id !== browser.runtime.id || sender.tab) return undefined;
  const parsed = offscreenMessageSchema.safeParse(message);
  if (!parsed.success) return undefined;
  try {
    return Promise.resolve(detectEpisodeInHtml(parsed.data.html, parsed.data.url));
  } catch {
    return Promise.resolve({ kind: 'not-episode', reason: 'the page could not be read' });
  }
}
