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
 * `path`: the address's path it was found at (see `current` below).
 */
const page = globalThis as { stenobirdPage?: { report: ContentMessage; told: Promise<boolean>; path: string } };

function tell(message: ContentMessage): Promise<boolean> {
  return runtime.sendMessage(message).then(
    () => true,
    // The background may be restarting (extension update); the next page load reports again.
    () => false,
  );
}

function detectNow(): ContentMessage {
  const detection = detectEpisode(document, new URL(location.href));
  return detection.kind === 'episode' ? { type: 'episode-detected', episode: detection.episode } : { type: 'no-episode', reason: detection.reason };
}

/**
 * Reads the page, and tells the background an episode (or an episode gone). `again`: read again
 * when asked (see `current`), and told only if it changed: the background has the same report.
 */
function read(again = false): NonNullable<typeof page.stenobirdPage> {
  const before = page.stenobirdPage;
  const report = detectNow();
  const told =
    again && before && JSON.stringify(before.report) === JSON.stringify(report)
      ? before.told
      : report.type === 'episode-detected' || before?.report.type === 'episode-detected'
        ? tell(report)
        : Promise.resolve(true);
  return (page.stenobirdPage = { report, told, path: location.pathname });
}

const trimmed = (path: string) => path.replace(/\/+$/, '');

/**
 * What the page shows now. A same-document navigation keeps the page (a `#t=` link, a query the
 * player adds), but a single-page site may `pushState` to another episode's address and draw it
 * in place: when the path differs from the one the page was read at, or from the path of the
 * episode it reported, the page is read again, once asked (no listener on the page's history;
 * by then the site has drawn the page it moved to).
 */
function current(): NonNullable<typeof page.stenobirdPage> {
  const now = page.stenobirdPage!;
  const path = trimmed(location.pathname);
  const reported = now.report.type === 'episode-detected' && URL.canParse(now.report.episode.pageUrl) ? trimmed(new URL(now.report.episode.pageUrl).pathname) : undefined;
  return trimmed(now.path) !== path || (reported !== undefined && reported !== path) ? read(true) : now;
}

export default defineUnlistedScript(() => {
  const installed = page.stenobirdPage !== undefined;
  const { told } = read();
  if (!installed) {
    runtime.onMessage.addListener((question, _sender, answer) => {
      if ((question as PageReportQuestion | undefined)?.type !== 'current-report') return undefined;
      // Answered once the report has reached the background: an asker then finds it stored.
      const now = current();
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
