import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { detectStenobirdEpisode } from '@/utils/detect/stenobird';
import type { ContentMessage } from '@/utils/messages';

/**
 * Runs on candidate episode pages only (see `matches`), detects, and reports to the background.
 * Imports only detectors and types: zod stays out of the page.
 */
export default defineContentScript({
  matches: ['https://stenobird.com/podcast/*/*'],
  runAt: 'document_idle',
  main() {
    const detection = detectStenobirdEpisode(document, new URL(location.href));
    const message: ContentMessage =
      detection.kind === 'episode'
        ? { type: 'episode-detected', episode: detection.episode }
        : { type: 'no-episode', reason: detection.reason };
    void browser.runtime.sendMessage(message).catch(() => {
      // The background may be restarting (extension update); the next page load reports again.
    });
  },
});
