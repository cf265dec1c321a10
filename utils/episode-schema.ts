import * as z from 'zod/mini';
import type { Episode } from './episode';
import { count, httpUrl, nonEmptyText, text, lazySchema } from './schema-helpers';

/** A slug as Stenobird writes them: `[a-z0-9-]+`. */
export const slugSchema = lazySchema(() => z.string().check(z.regex(/^[a-z0-9-]+$/), z.maxLength(300)));

const uuid = lazySchema(() => z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)));

/**
 * The runtime check for an `Episode` arriving from a content script (or read back from storage).
 * Lengths are capped so a hostile page cannot fill storage through its metadata.
 */
export const episodeSchema = lazySchema(() => z.object({
  source: z.enum(['fireside', 'stenobird']),
  pageUrl: httpUrl,
  title: nonEmptyText(10_000),
  showName: z.optional(text(2_000)),
  publishedAt: z.optional(z.iso.datetime({ offset: true })),
  durationSeconds: z.optional(count(1_000_000)),
  audioUrl: z.optional(httpUrl),
  fireside: z.optional(z.object({ podcastId: uuid, episodeId: uuid, enclosureUrl: httpUrl })),
  artworkUrl: z.optional(httpUrl),
  season: z.optional(count(100_000)),
  episodeNumber: z.optional(count(10_000_000)),
  description: z.optional(text(20_000)),
  rssUrl: z.optional(httpUrl),
  jsonFeedUrl: z.optional(httpUrl),
  transcriptUrl: z.optional(httpUrl),
  stenobird: z.optional(
    z.object({
      podcastSlug: slugSchema,
      episodeSlug: slugSchema,
      processingState: z.optional(text(200)),
    }),
  ),
}) satisfies z.ZodMiniType<Episode>);
