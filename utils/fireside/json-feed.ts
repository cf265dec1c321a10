import * as z from 'zod/mini';
import { canonicalPageUrl, type Episode } from '../episode';
import { episodeSchema } from '../episode-schema';
import { lenientUrl, nullish, lazySchema } from '../schema-helpers';
import { cleanText, first, isoDate, wholeNumber } from '../detect/page-values';
import { firesideEnclosure, guessedRssUrl } from '../detect/fireside-urls';

/**
 * A Fireside show's JSON Feed (`<show origin>/json`, fireside-research.md §4) read for one
 * episode: the item whose `url` is the right-clicked link. Tolerant like every body we read:
 * unknown fields are ignored, and one malformed item does not spoil the others.
 */

const text = () => nullish(z.string());

// Built the first time a feed is read (`lazySchema`), not at every start of the background.
const feedSchema = lazySchema(() =>
  z.object({
    title: text(),
    feed_url: lenientUrl,
    _fireside: nullish(z.object({ image: lenientUrl })),
    items: z.array(z.unknown()),
  }),
);

const attachmentSchema = lazySchema(() => z.object({ url: lenientUrl, duration_in_seconds: nullish(z.number()) }));

const itemSchema = lazySchema(() =>
  z.object({
    url: lenientUrl,
    title: text(),
    date_published: text(),
    summary: text(),
    content_text: text(),
    image: lenientUrl,
    attachments: nullish(z.array(z.unknown())),
  }),
);

/**
 * The item's page is the link: the same URL, or the same path on the show's other host (the
 * feed of `<slug>.fireside.fm` may list its custom domain, and the other way round; the feed was
 * fetched from the link's own origin, so both name the same show).
 */
function sameEpisodePage(itemUrl: string, link: URL): boolean {
  const item = new URL(itemUrl);
  return canonicalPageUrl(item) === canonicalPageUrl(link) || canonicalPageUrl(item).slice(item.origin.length) === canonicalPageUrl(link).slice(link.origin.length);
}

/** The episode the link points at, read from the feed's body, or `undefined` (no such item, or a body that is not a feed). */
export function episodeFromJsonFeed(body: unknown, link: URL, feedUrl: string): Episode | undefined {
  const feed = feedSchema.safeParse(body);
  if (!feed.success) return undefined;
  const item = feed.data.items
    .map((raw) => itemSchema.safeParse(raw))
    .map((parsed) => (parsed.success ? parsed.data : undefined))
    .find((candidate) => candidate?.url && sameEpisodePage(candidate.url, link));
  const title = cleanText(item?.title);
  if (!item?.url || !title) return undefined;

  const attachment = (item.attachments ?? []).map((raw) => attachmentSchema.safeParse(raw)).find((parsed) => parsed.success && parsed.data.url);
  const audio = attachment?.success ? attachment.data : undefined;
  const pageUrl = new URL(item.url);
  const episode = episodeSchema.safeParse({
    source: 'fireside',
    pageUrl: canonicalPageUrl(pageUrl),
    title,
    showName: cleanText(feed.data.title, 2000),
    publishedAt: isoDate(item.date_published),
    durationSeconds: audio?.duration_in_seconds === undefined ? undefined : wholeNumber(Math.round(audio.duration_in_seconds), 1_000_000),
    audioUrl: audio?.url,
    fireside: firesideEnclosure(audio?.url),
    artworkUrl: first(item.image, feed.data._fireside?.image),
    description: cleanText(first(item.summary, item.content_text), 500),
    rssUrl: guessedRssUrl(pageUrl),
    jsonFeedUrl: first(feed.data.feed_url, feedUrl),
  });
  return episode.success ? episode.data : undefined;
}
