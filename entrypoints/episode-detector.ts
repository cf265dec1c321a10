import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { detectEpisode } from '@/utils/detect';
import type { ContentMessage, PageReportQuestion } from '@/utils/messages';

/**
 * The content script: detects the episode on the page, tells the background about an episode,
 * and tells the popup or the background what it found when asked (`utils/tab-report.ts`).
 *
 * One file, three ways in, so every page is read the same way: declared statically for Fireside
 * show sites and Stenobird episode pages (`EPISODE_CONTENT_SCRIPT` in wxt.config.ts), injected on
 * demand by the background (`detectInTab`), and registered for the sites the user chose
 * ("always detect on this site"). Fireside's service hosts match `*.fireside.fm` too: the URL
 * check in `detectEpisode` turns them away before any DOM work.
 *
 * A page with no episode sends nothing, so browsing a show's other pages leaves the background
 * asleep: the toolbar button is already idle there (browsers reset it on each page load), and
 * whoever needs to know asks. Only a page that reported an episode and no longer has one (an
 * injection on demand finding the page changed) says so.
 *
 * It is an unlisted script rather than a WXT content script so that neither
 * webextension-polyfill nor WXT's content-script context (≈ 3 kB gzip, more than the detector
 * itself) loads into every page: it sends one message and answers one question, which both
 * browsers' own namespaces do natively (`npm run bench` prints the sizes). Only types come from
 * `utils/messages`: zod stays out of the page.
 */
type Listener = (question: unknown, sender: unknown, answer: (report: ContentMessage) => void) => boolean | undefined;
type Runtime = { sendMessage(message: ContentMessage): Promise<unknown>; onMessage: { addListener(listener: Listener): void } };
const runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ?? (chrome as unknown as { runtime: Runtime })).runtime;

/**
 * What this page found, and the message telling the background (settled once it has stored it),
 * kept on the content script's own global (its isolated world, which the page cannot see, and
 * which lives as long as the document): an injection on demand into the same page finds it.
 */
const page = globalThis as { stenobirdPage?: { report: ContentMessage; told: Promise<boolean> } };

function tell(message: ContentMessage): Promise<boolean> {
  return runtime.sendMessage(message).then(
    () => true,
    // The background may be restarting (extension update); the next page load reports again.
    () => false,
  );
}

export default defineUnlistedScript(() => {
  const detection = detectEpisode(document, new URL(location.href));
  const report: ContentMessage =
    detection.kind === 'episode' ? { type: 'episode-detected', episode: detection.episode } : { type: 'no-episode', reason: detection.reason };
  const before = page.stenobirdPage;
  const told = report.type === 'episode-detected' || before?.report.type === 'episode-detected' ? tell(report) : Promise.resolve(true);
  page.stenobirdPage = { report, told };
  if (!before) {
    runtime.onMessage.addListener((question, _sender, answer) => {
      if ((question as PageReportQuestion | undefined)?.type !== 'current-report') return undefined;
      // Answered once the report has reached the background: an asker then finds it stored.
      const now = page.stenobirdPage!;
      void now.told.then(() => answer(now.report));
      return true;
    });
    // Back on this page from the back/forward cache: the browser has reset the toolbar button
    // (and the tab's stored report may be the page left's), so an episode is told again.
    addEventListener('pageshow', (event) => {
      const now = page.stenobirdPage!;
      if (event.persisted && now.report.type === 'episode-detected') now.told = tell(now.report);
    });
  }
  // Returned so an on-demand injection resolves once the background has stored the report.
  return told;
});
