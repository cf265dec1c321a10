import { once } from '../in-flight';
import { reachableOrigins } from '../net/reach';
import { watchRedirect } from '../net/redirect-watch';
import { showFeeds } from '../storage';
import { ACCEPT_JSON, firesideGet, MAX_FEED_BYTES } from './http';
import { compactFeed, parseJsonFeed, type JsonFeed } from './json-feed';

/**
 * A show's JSON Feed (`<origin>/json`, or the address its page names), fetched by the Fireside
 * rules (`http.ts`: Accept header, time and size caps, no cookies, every hop checked), for a
 * right-clicked link (`utils/links/resolve-link.ts`, always fresh: it is read to find a new
 * episode) and for a page that does not name its show (`showFeed`, at most once a day).
 */

/** How long a feed read for its show's name counts: a show's name and back catalogue change seldom. */
export const FEED_TTL_MS = 24 * 3600_000;

export type FeedFetch =
  | { kind: 'feed'; feed: JsonFeed }
  /** The show's site answered, with no feed (an error status, too large, not a JSON Feed). */
  | { kind: 'none' }
  /** No answer to go by (offline, timeout, an address or redirect the extension does not fetch). */
  | { kind: 'failed' };

export async function fetchShowFeed(feedUrl: string): Promise<FeedFetch> {
  const answer = await firesideGet(feedUrl, { accept: ACCEPT_JSON, maxBytes: MAX_FEED_BYTES, reach: await reachableOrigins(), watch: watchRedirect });
  if (!answer.ok) return answer.reason === 'status' || answer.reason === 'too-large' ? { kind: 'none' } : { kind: 'failed' };
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return { kind: 'none' };
  }
  const feed = parseJsonFeed(body);
  return feed ? { kind: 'feed', feed } : { kind: 'none' };
}

/**
 * The show's feed as read within the last day, else read now and kept (what was answered, a
 * missing feed too, so a show without one is not asked at every popup). A failure to get any
 * answer is not kept: the next look-up asks again.
 */
export function showFeed(feedUrl: string): Promise<JsonFeed | undefined> {
  return once(`show-feed:${feedUrl}`, async () => {
    const now = Date.now();
    const stored = await showFeeds.get(feedUrl).catch(() => undefined);
    if (stored && stored.checkedAt <= now && now - stored.checkedAt < FEED_TTL_MS) {
      if (stored.feed === undefined) return undefined;
      // Read back through the feed's own parser; a damaged copy is read again from the site.
      const kept = parseJsonFeed(stored.feed);
      if (kept) return kept;
    }
    const fetched = await fetchShowFeed(feedUrl);
    if (fetched.kind === 'failed') return undefined;
    const feed = fetched.kind === 'feed' ? compactFeed(fetched.feed) : undefined;
    // Only a cache: one storage will not take still identifies this page now.
    await showFeeds.put(feedUrl, { checkedAt: now, ...(feed && { feed }) }).catch(() => undefined);
    return feed;
  });
}
