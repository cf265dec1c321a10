import * as z from 'zod/mini';
import { canonicalPageUrl, type Episode } from '../episode';
import { episodeSchema } from '../episode-schema';
import { lenientUrl, nullish, lazySchema } from '../schema-helpers';
import { cleanText, first, isoDate, wholeNumber } from '../detect/page-values';
import { firesideEnclosure, guessedRssUrl } from '../detect/fireside-urls';

/**
 * A Fireside show's JSON Feed (`<show origin>/json`, fireside-research.md §4) read for one
 * episode page: the item whose `url` is the page, or whose enclosure is the page's audio. Tolerant
 * like every body we read: unknown fields are ignored, and one malformed item does not spoil the
 * others.
 *
 * Only items on the page's own origin count (contract §6): a feed is whatever its host serves,
 * and the episode read from it is cached and requested under the page's address, so an item
 * naming another host (another show's page with the same path) must never speak for this page.
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

export type JsonFeed = z.output<typeof feedSchema>;
type Item = z.output<typeof itemSchema>;
type Attachment = z.output<typeof attachmentSchema>;

/** The feed's top level, or `undefined` when the body is not a feed. */
export function parseJsonFeed(body: unknown): JsonFeed | undefined {
  const feed = feedSchema.safeParse(body);
  return feed.success ? feed.data : undefined;
}

/** The show's name as the feed gives it (its top-level `title`). */
export function feedShowName(feed: JsonFeed): string | undefined {
  return cleanText(feed.title, 2000);
}

function attachmentsOf(item: Item): Attachment[] {
  return (item.attachments ?? []).flatMap((raw) => {
    const parsed = attachmentSchema.safeParse(raw);
    return parsed.success && parsed.data.url ? [parsed.data] : [];
  });
}

/** The same enclosure: the same episode file, whatever tracking prefix either address carries. */
function sameAudio(a: string, b: string): boolean {
  const [x, y] = [firesideEnclosure(a), firesideEnclosure(b)];
  return x && y ? x.enclosureUrl === y.enclosureUrl : a === b;
}

/** The item's page is on the page's origin, and is the page itself or carries the page's audio. */
function isPagesItem(item: Item, page: URL, audioUrl: string | undefined): boolean {
  if (!item.url || !URL.canParse(item.url)) return false;
  const itemUrl = new URL(item.url);
  if (itemUrl.origin !== page.origin) return false;
  if (canonicalPageUrl(itemUrl) === canonicalPageUrl(page)) return true;
  return !!audioUrl && attachmentsOf(item).some((attachment) => sameAudio(attachment.url!, audioUrl));
}

/**
 * The episode the page shows, read from a parsed feed, or `undefined` (no item of the page's
 * origin is the page or carries `audioUrl`). The episode is the page's: its `pageUrl` is the page.
 */
export function feedEpisode(feed: JsonFeed, page: URL, feedUrl: string, audioUrl?: string): Episode | undefined {
  const item = feed.items
    .map((raw) => itemSchema.safeParse(raw))
    .map((parsed) => (parsed.success ? parsed.data : undefined))
    .find((candidate) => candidate && isPagesItem(candidate, page, audioUrl));
  const title = cleanText(item?.title);
  if (!item || !title) return undefined;

  const audio = attachmentsOf(item)[0];
  const episode = episodeSchema.safeParse({
    source: 'fireside',
    pageUrl: canonicalPageUrl(page),
    title,
    showName: feedShowName(feed),
    publishedAt: isoDate(item.date_published),
    durationSeconds: audio?.duration_in_seconds == null ? undefined : wholeNumber(Math.round(audio.duration_in_seconds), 1_000_000),
    audioUrl: audio?.url,
    fireside: firesideEnclosure(audio?.url),
    artworkUrl: first(item.image, feed._fireside?.image),
    description: cleanText(first(item.summary, item.content_text), 500),
    rssUrl: guessedRssUrl(page),
    jsonFeedUrl: first(feed.feed_url, feedUrl),
  });
  return episode.success ? episode.data : undefined;
}

/** Items kept of a feed, newest first as feeds list them: far beyond a show's back catalogue that matters. */
const KEPT_ITEMS = 1000;

/**
 * What the extension keeps of a feed (`utils/fireside/show-feed.ts`): the fields read above and
 * nothing else (no show notes), still in the feed's own shape, so the one parser reads it back.
 */
export function compactFeed(feed: JsonFeed): JsonFeed {
  const items = feed.items.slice(0, KEPT_ITEMS).flatMap((raw) => {
    const parsed = itemSchema.safeParse(raw);
    if (!parsed.success || !parsed.data.url) return [];
    const { url, title, date_published, image } = parsed.data;
    const attachments = attachmentsOf(parsed.data).slice(0, 1).map(({ url, duration_in_seconds }) => ({ url, duration_in_seconds }));
    return [{ url, title: title?.slice(0, 1000), date_published, image, attachments }];
  });
  return { title: feed.title?.slice(0, 2000), feed_url: feed.feed_url, _fireside: feed._fireside && { image: feed._fireside.image }, items };
}
