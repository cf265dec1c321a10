import { i18n } from '#i18n';
import type { Episode } from '../episode';
import { isFiresideTranscriptFile } from '../detect/fireside-urls';
import { firesideGet, MAX_FEED_BYTES, type FetchedText } from '../fireside/http';
import type { WatchRedirect } from '../net/follow-redirects';
import { mayFetch } from '../net/fetch-policy';
import { once } from '../in-flight';
import type { Shown } from '../messages';
import { checkShown } from '../requests/shown';
import { currentReport } from '../tab-report';
import { parseTranscript } from './parse';
import { itemFor, pickTranscript, scanFeed, type FeedItem, type FeedTranscript } from './rss';
import type { PublisherRead } from './schemas';
import { feedCache, publisherOffers } from './store';

/**
 * The publisher's own transcript (contract §8), the background's half: which transcript an
 * episode has (the page's link, else its RSS item's `podcast:transcript`), the popup's action
 * approved for what it shows, and the file read for the view. Nothing here talks to Stenobird:
 * reading a publisher's transcript requests nothing there.
 *
 * Every fetch goes through `firesideGet` (Accept header, time and size caps, no cookies, every
 * address and redirect checked against the extension's host permissions).
 */

/** A transcript is text: an hour of speech is some 60 kB, a word-timed JSON of it a few MB. */
export const MAX_TRANSCRIPT_BYTES = 5_000_000;
export const TRANSCRIPT_TIMEOUT_MS = 15_000;
const ACCEPT_RSS = 'application/rss+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
const ACCEPT_TRANSCRIPT = 'application/json, text/vtt, application/x-subrip, text/html;q=0.9, text/plain;q=0.9, */*;q=0.8';

/** Where fetches may go and how they go (the extension's permissions; tests give a fake fetch). */
export interface Net {
  reach: readonly string[];
  watch?: WatchRedirect;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The feed's items that list transcripts: from the day's cache, else read now. A feed that is
 * missing (an error status), too large or no feed counts as read (none, for a day); a network
 * failure does not (the next popup tries again).
 */
async function feedItems(feedUrl: string, net: Net, now = Date.now()): Promise<FeedItem[] | undefined> {
  const cached = await feedCache.get(feedUrl, now);
  if (cached) return cached;
  return once(`publisher-feed:${feedUrl}`, async () => {
    const answer = await firesideGet(feedUrl, { accept: ACCEPT_RSS, maxBytes: MAX_FEED_BYTES, ...net });
    if (!answer.ok && answer.reason !== 'status' && answer.reason !== 'too-large') return undefined;
    const items = answer.ok ? scanFeed(answer.text) : [];
    // Not kept (storage full): the answer still stands for this popup.
    await feedCache.put(feedUrl, items, now).catch(() => undefined);
    return items;
  });
}

/**
 * The episode's publisher transcript, one the extension may fetch: the page's own link, else the
 * RSS item's preferred one. The feed is read only when the page links none (or only one out of
 * the extension's reach).
 */
export async function transcriptFor(episode: Episode, net: Net, now = Date.now()): Promise<FeedTranscript | undefined> {
  const usable = (url: string) => mayFetch(url, net.reach);
  const linked = episode.transcriptUrl;
  if (linked && usable(linked)) return { url: linked, ...(isFiresideTranscriptFile(linked) && { type: 'text/plain' }) };
  if (!episode.rssUrl || !usable(episode.rssUrl)) return undefined;
  const items = await feedItems(episode.rssUrl, net, now);
  const item = items && itemFor(items, episode);
  return item ? pickTranscript(item.transcripts, usable) : undefined;
}

/** `publisher-transcript`: the tab's episode's transcript, named with its page (the popup checks it is the one it shows). */
export async function publisherTranscriptOfTab(tabId: number, net: Net): Promise<{ pageUrl?: string; transcript?: FeedTranscript }> {
  const report = await currentReport(tabId);
  if (report?.status !== 'episode') return {};
  const { episode } = report;
  return { pageUrl: episode.pageUrl, transcript: await transcriptFor(episode, net).catch(() => undefined) };
}

const metaOf = (e: Episode) => ({
  title: e.title,
  ...(e.showName && { showName: e.showName }),
  ...(e.publishedAt && { publishedAt: e.publishedAt }),
  ...(e.durationSeconds !== undefined && { durationSeconds: e.durationSeconds }),
  ...(e.artworkUrl && { artworkUrl: e.artworkUrl }),
  pageUrl: e.pageUrl,
  ...(e.audioUrl && { audioUrl: e.audioUrl }),
});

/**
 * `open-publisher-transcript`: the popup's "Read the publisher's transcript", for the episode it
 * shows (refused, `movedOn`, when the tab shows another now) and the transcript this episode has
 * (nothing a page sends is fetched unless it is that one). Approved, it is kept for the view.
 */
export async function openPublisherTranscript(
  tabId: number,
  shown: Shown,
  transcriptUrl: string,
  net: Net,
): Promise<{ ok: true } | { ok: false; message: string; movedOn?: true }> {
  const check = await checkShown(tabId, shown, 'page');
  if (!check.ok) return { ok: false, message: check.outcome.error.message, movedOn: true };
  const transcript = await transcriptFor(check.episode, net).catch(() => undefined);
  if (transcript?.url !== transcriptUrl) return { ok: false, message: i18n.t('publisherNotOffered') };
  await publisherOffers.set(check.episode.pageUrl, { meta: metaOf(check.episode), transcript });
  return { ok: true };
}

function fetchProblem(answer: FetchedText & { ok: false }, url: string): string {
  const host = new URL(url).hostname;
  switch (answer.reason) {
    case 'too-large':
      return i18n.t('publisherTooLarge', [String(MAX_TRANSCRIPT_BYTES / 1_000_000)]);
    case 'timeout':
      return i18n.t('publisherTimeout', [host]);
    case 'status':
      return i18n.t('publisherStatus', [host, String(answer.status ?? '')]);
    case 'not-allowed':
    case 'refused':
      return i18n.t('publisherNotAllowed', [host]);
    default:
      return i18n.t('publisherOffline', [host]);
  }
}

/**
 * `read-publisher-transcript`: the transcript approved for this page, fetched and read. Every
 * way it can fail ends in a sentence: too large, too slow, unreachable, not a transcript, damaged.
 */
export async function readPublisherTranscript(pageUrl: string, net: Net): Promise<PublisherRead> {
  const offer = await publisherOffers.get(pageUrl);
  if (!offer) return { ok: false, message: i18n.t('publisherGone') };
  const { meta, transcript } = offer;
  const answer = await firesideGet(transcript.url, {
    accept: ACCEPT_TRANSCRIPT,
    maxBytes: MAX_TRANSCRIPT_BYTES,
    ...net,
    timeoutMs: net.timeoutMs ?? TRANSCRIPT_TIMEOUT_MS,
  });
  if (!answer.ok) return { ok: false, meta, message: fetchProblem(answer, transcript.url) };
  const parsed = parseTranscript(answer.text, { contentType: answer.contentType, declaredType: transcript.type });
  if (!parsed.ok) {
    const message = parsed.reason === 'empty' ? i18n.t('publisherEmpty') : parsed.reason === 'not-transcript' ? i18n.t('publisherNotText') : i18n.t('publisherMalformed');
    return { ok: false, meta, message };
  }
  return { ok: true, meta, sourceUrl: transcript.url, transcript: parsed.transcript };
}
