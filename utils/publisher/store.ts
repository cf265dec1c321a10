import * as z from 'zod/mini';
import * as storage from '../storage-areas';
import { readParsed, serialised } from '../storage';
import { lazySchema } from '../schema-helpers';
import type { FeedItem } from './rss';
import { cachedFeedSchema, publisherOfferSchema, type PublisherOffer } from './schemas';

/**
 * What the background keeps of publishers' transcripts, read back through zod (`schemas.ts`):
 * - a show's feed, as the items that list transcripts, for a day: opening the popup on the same
 *   show's episodes reads the feed once a day, not at every click (the badge and the catalogue
 *   answers live elsewhere, `utils/storage.ts`). A key per feed, and an index of them: the few
 *   shows read last are kept, the rest dropped, so the cache never crowds out the history;
 * - the transcript the popup's action was approved for, per page (session storage): the view
 *   asks for a page, and is answered only with what the background approved for it.
 */

/** A feed read today is read again tomorrow: publishers add transcripts to episodes after release. */
export const FEED_CACHE_MS = 24 * 60 * 60 * 1000;
/** The shows whose feeds are kept: the ones being listened to now. */
export const FEED_CACHE_SHOWS = 3;
/**
 * A feed's transcript list kept at most this large (some hundreds of episodes, each with its files):
 * a larger one is not kept, and read again at the next popup, rather than filling the extension's
 * storage, which the request history needs.
 */
export const MAX_CACHED_FEED_CHARS = 500_000;

const feedKey = (feedUrl: string) => `local:publisherFeed:${feedUrl}` as const;
const FEED_INDEX = 'local:publisherFeeds' as const;
const offerKey = (pageUrl: string) => `session:publisherOffer:${pageUrl}` as const;
/** The kept feeds, by when each was read. */
const feedIndexSchema = lazySchema(() => z.record(z.string(), z.number()));
const indexWrites = serialised();

export const feedCache = {
  /** The feed's items as read less than a day before `now`, else `undefined` (never read, expired, dropped, unreadable). */
  async get(feedUrl: string, now: number): Promise<FeedItem[] | undefined> {
    const cached = await readParsed(feedKey(feedUrl), cachedFeedSchema, undefined);
    return cached && now - cached.fetchedAt >= 0 && now - cached.fetchedAt < FEED_CACHE_MS ? cached.items : undefined;
  },
  /** Keeps the feed's items (unless too large), and drops the feeds read longest ago beyond the cap. */
  put: (feedUrl: string, items: FeedItem[], now: number) =>
    indexWrites(async () => {
      if (JSON.stringify(items).length > MAX_CACHED_FEED_CHARS) return;
      const index = { ...(await readParsed(FEED_INDEX, feedIndexSchema, {})), [feedUrl]: now };
      const byAge = Object.entries(index).sort(([, a], [, b]) => b - a);
      await storage.setItem(feedKey(feedUrl), { fetchedAt: now, items });
      await storage.setItem(FEED_INDEX, Object.fromEntries(byAge.slice(0, FEED_CACHE_SHOWS)));
      const dropped = byAge.slice(FEED_CACHE_SHOWS).map(([url]) => feedKey(url));
      if (dropped.length) await storage.removeItems(dropped);
    }),
};

export const publisherOffers = {
  get: (pageUrl: string) => readParsed<PublisherOffer | undefined>(offerKey(pageUrl), publisherOfferSchema, undefined),
  set: (pageUrl: string, offer: PublisherOffer) => storage.setItem(offerKey(pageUrl), offer),
};
