import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { detectEpisode } from '@/utils/detect';
import type { ContentMessage } from '@/utils/messages';

/**
 * The content script: detects the episode on the page and reports it to the background.
 *
 * One file, three ways in, so every page is read the same way: declared statically for Fireside
 * show sites and Stenobird episode pages (`EPISODE_CONTENT_SCRIPT` in wxt.config.ts), injected on
 * demand by the background (`detectInTab`), and registered for the sites the user chose
 * ("always detect on this site"). Fireside's service hosts match `*.fireside.fm` too: the URL
 * check in `detectEpisode` turns them away before any DOM work.
 *
 * It is an unlisted script rather than a WXT content script so that neither
 * webextension-polyfill nor WXT's content-script context (≈ 3 kB gzip, more than the detector
 * itself) loads into every page: it sends one message, and both browsers' own namespaces
 * return a promise for that (`npm run bench` prints the sizes). Only types come from
 * `utils/messages`: zod stays out of the page.
 */
type Runtime = { sendMessage(message: ContentMessage): Promise<unknown> };
const runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ?? (chrome as unknown as { runtime: Runtime })).runtime;

export default defineUnlistedScript(() => {
  const detection = detectEpisode(document, new URL(location.href));
  const message: ContentMessage =
    detection.kind === 'episode'
      ? { type: 'episode-detected', episode: detection.episode }
      : { type: 'no-episode', reason: detection.reason };
  // Returned so an on-demand injection resolves once the background has stored the report.
  return runtime.sendMessage(message).then(
    () => true,
    // The background may be restarting (extension update); the next page load reports again.
    () => false,
  );
});
