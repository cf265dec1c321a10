import * as z from 'zod/mini';
import { lenientUrl, nonEmptyText, nullish } from '../schema-helpers';

/**
 * Response bodies as `../shared/reference/stenobird-contract.md` describes them. Tolerant by
 * design: unknown fields are ignored, unknown enum values pass through as strings (the UI shows
 * them verbatim), and optional fields may be absent or `null`.
 */

const seconds = nullish(z.number().check(z.nonnegative()));

/** §3: the answer to `POST …/transcription-requests`. */
export const transcriptionRequestResponseSchema = z.object({
  status: nonEmptyText(100),
  transcript_url: lenientUrl,
  retry_after_seconds: seconds,
});
export type TranscriptionRequestResponse = z.output<typeof transcriptionRequestResponseSchema>;

/** §2: a catalogue episode. Only slug, title and processing_state are required. */
export const catalogueEpisodeSchema = z.object({
  slug: nonEmptyText(300),
  title: nonEmptyText(10_000),
  processing_state: nonEmptyText(100),
  podcast: nullish(z.object({ slug: nullish(z.string()), title: nullish(z.string()) })),
  published_at: nullish(z.string()),
  duration_seconds: seconds,
  episode_url: lenientUrl,
  audio_url: lenientUrl,
  page_url: lenientUrl,
  markdown_url: lenientUrl,
  transcript_url: lenientUrl,
  transcription_request: nullish(z.object({ status: nonEmptyText(100), requested_at: nullish(z.string()) })),
});
export type CatalogueEpisode = z.output<typeof catalogueEpisodeSchema>;

/** §4: the error envelope, in each of the shapes the contract says to accept. */
export const errorEnvelopeSchema = z.union([
  z.object({ error: z.object({ code: nullish(z.string()), message: nullish(z.string()) }) }),
  z.pipe(
    z.object({ error: z.string() }),
    z.transform((v) => ({ error: { code: undefined, message: v.error } })),
  ),
  z.pipe(
    z.object({ message: z.string() }),
    z.transform((v) => ({ error: { code: undefined, message: v.message } })),
  ),
]);
