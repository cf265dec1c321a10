import * as z from 'zod/mini';
import type { Episode } from './episode';
import { count, httpUrl, nonEmptyText, text, lazySchema } from './schema-helpers';

/** A slug as Stenobird writes them: `[a-z0-9-]+`. */
export const slugSchema = lazySchema(() => z.string().check(z.regex(/^[a-z0-9-]+$/), z.maxLength(300)));

/**
 * An instant with its offset: exactly what `z.iso.datetime({ offset: true })` accepts (a real
 * calendar date, leap days included; seconds, any fraction; `Z` or ±hh:mm), as the regex it
 * builds. The ISO schema type itself costs the popup 0.4 kB gzip of its 20 kB budget. The
 * detectors write `toISOString()`; stored records of every version read as before.
 */
const ISO_DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))';
const HH_MM = '(?:[01]\\d|2[0-3]):[0-5]\\d';
export const isoInstant = lazySchema(() =>
  z.string().check(z.regex(new RegExp(`^${ISO_DATE}T${HH_MM}:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-]${HH_MM})$`))),
);
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
  publishedAt: z.optional(isoInstant),
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
