import * as z from 'zod/mini';
import { text } from './schema-helpers';
import { slugSchema } from './episode-schema';
import { stenobirdErrorSchema } from './stenobird/error-schema';

/**
 * A transcript request the user made, as kept in local storage and shown in the popup.
 * `state` is Stenobird's own word (`queued`, `already_requested`, `available`, …) or `failed`;
 * an unknown word is kept and shown verbatim.
 */
export const requestRecordSchema = z.object({
  key: text(700),
  podcastSlug: slugSchema,
  episodeSlug: slugSchema,
  title: text(10_000),
  showName: z.optional(text(2_000)),
  pageUrl: text(4096),
  state: text(100),
  requestedAt: z.number(),
  updatedAt: z.number(),
  transcriptUrl: z.optional(text(4096)),
  lastError: z.optional(stenobirdErrorSchema),
});
export type RequestRecord = z.output<typeof requestRecordSchema>;

export function requestKey(ref: { podcastSlug: string; episodeSlug: string }): string {
  return `${ref.podcastSlug}/${ref.episodeSlug}`;
}
