import { storage } from 'wxt/utils/storage';
import { readParsed } from '../storage';
import type { FeedItem } from './rss';
import { cachedFeedSchema, publisherOfferSchema, type PublisherOffer } from './schemas';

/**
 * What the background keeps of publishers' transcripts, read back through zod (`schemas.ts`):
 * - a show's feed, as the items that list transcripts, for a day: opening the popup on the same
 *   show's episodes reads the feed once a day, not at every click (the badge and the catalogue
 *   answers live elsewhere, `utils/storage.ts`);
 * - the transcript the popup's action was approved for, per page (session storage): the view
 *   asks for a page, and is answered only with what the background approved for it.
 */

/** A feed read today is read again tomorrow: publishers add transcripts to episodes after release. */
export const FEED_CACHE_MS = 24 * 60 * 60 * 1000;

const feedKey = (feedUrl: string) => `local:publisherFeed:${feedUrl}` as const;
const offerKey = (pageUrl: string) => `session:publisherOffer:${pageUrl}` as const;

export const feedCache = {
  /** The feed's items as read less than a day before `now`, else `undefined` (never read, expired, unreadable). */
  async get(feedUrl: string, now: number): Promise<FeedItem[] | undefined> {
    const cached = await readParsed(feedKey(feedUrl), cachedFeedSchema, undefined);
    return cached && now - cached.fetchedAt >= 0 && now - cached.fetchedAt < FEED_CACHE_MS ? cached.items : undefined;
  },
  put: (feedUrl: string, items: FeedItem[], now: number) => storage.setItem(feedKey(feedUrl), { fetchedAt: now, items }),
};

export const publisherOffers = {
  get: (pageUrl: string) => readParsed<PublisherOffer | undefined>(offerKey(pageUrl), publisherOfferSchema, undefined),
  set: (pageUrl: string, offer: PublisherOffer) => storage.setItem(offerKey(pageUrl), offer),
};
