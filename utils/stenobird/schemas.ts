import * as z from 'zod/mini';
import { integer, lenientUrl, nonEmptyText, nullish, lazySchema } from '../schema-helpers';

/**
 * Response bodies as `../shared/reference/stenobird-contract.md` describes them. Tolerant by
 * design: unknown fields are ignored, unknown enum values pass through as strings (the UI shows
 * them verbatim), and optional fields may be absent or `null`.
 *
 * Each schema is built the first time a body is checked against it (`lazySchema`), not when the
 * background starts: most worker starts read no Stenobird body at all, and building zod schemas
 * is most of what evaluating `background.js` costs (`npm run bench`, the worker's figure).
 */

const seconds = () => nullish(z.number().check(z.nonnegative()));

/** §3: the answer to `POST …/transcription-requests`. */
const transcriptionRequestResponse = () =>
  z.object({
    status: nonEmptyText(100),
    transcript_url: lenientUrl,
    retry_after_seconds: seconds(),
  });
export const transcriptionRequestResponseSchema = lazySchema(transcriptionRequestResponse);
export type TranscriptionRequestResponse = z.output<ReturnType<typeof transcriptionRequestResponse>>;

/** §2: a catalogue episode. Only slug, title and processing_state are required. */
const catalogueEpisode = () =>
  z.object({
    slug: nonEmptyText(300),
    title: nonEmptyText(10_000),
    processing_state: nonEmptyText(100),
    podcast: nullish(z.object({ slug: nullish(z.string()), title: nullish(z.string()) })),
    published_at: nullish(z.string()),
    duration_seconds: seconds(),
    episode_url: lenientUrl,
    audio_url: lenientUrl,
    page_url: lenientUrl,
    markdown_url: lenientUrl,
    transcript_url: lenientUrl,
    transcription_request: nullish(z.object({ status: nonEmptyText(100), requested_at: nullish(z.string()) })),
  });
export const catalogueEpisodeSchema = lazySchema(catalogueEpisode);
export type CatalogueEpisode = z.output<ReturnType<typeof catalogueEpisode>>;

/** §4: the error envelope, in each of the shapes the contract says to accept. */
const errorEnvelope = () =>
  z.union([
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
export const errorEnvelopeSchema = lazySchema(errorEnvelope);

const flag = () => nullish(z.boolean());

/**
 * §5: a TranscriptJob, as `POST /v1/transcripts` and `GET {status_url}` return it, and as each
 * `event: status` carries it (plus `stage`). `status`, `mode` and `stage` are open sets.
 */
const transcriptJob = () =>
  z.object({
    id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/)),
    status: nonEmptyText(100),
    mode: nullish(nonEmptyText(100)),
    stage: nullish(nonEmptyText(100)),
    status_url: lenientUrl,
    poll_url: lenientUrl,
    events_url: lenientUrl,
    result_url: lenientUrl,
    terminal: flag(),
    result_ready: flag(),
    retry_after_seconds: seconds(),
  });
export const transcriptJobSchema = lazySchema(transcriptJob);
export type TranscriptJob = z.output<ReturnType<typeof transcriptJob>>;

/** §5 `event: transcript`: one chunk of text. */
const transcriptChunk = () =>
  z.object({
    text: z.string().check(z.maxLength(1_000_000)),
    chunk_index: nullish(integer().check(z.nonnegative(), z.lte(100_000))),
    stage: nullish(nonEmptyText(100)),
  });
export const transcriptChunkSchema = lazySchema(transcriptChunk);

/** §5 `event: preview_locked`: the free preview ended. */
const previewLocked = () =>
  z.object({
    message: nullish(z.string().check(z.maxLength(2_000))),
    upgrade_url: lenientUrl,
  });
export const previewLockedSchema = lazySchema(previewLocked);

/** §5 `event: done`. */
const jobDone = () =>
  z.object({
    status: nullish(nonEmptyText(100)),
    terminal: flag(),
    result_ready: flag(),
    result_url: lenientUrl,
  });
export const jobDoneSchema = lazySchema(jobDone);

/**
 * §5 `GET {result_url}`: the body's shape is not published. Accept `{ text }`, `{ transcript }`,
 * or a plain-text body; an HTML page is not a transcript.
 */
const transcriptResult = () =>
  z.union([
    z.pipe(
      z.object({ text: z.string() }),
      z.transform((v) => ({ text: v.text })),
    ),
    z.pipe(
      z.object({ transcript: z.string() }),
      z.transform((v) => ({ text: v.transcript })),
    ),
    z.pipe(
      z.string().check(z.refine((v) => !/^\s*</.test(v), 'plain text')),
      z.transform((v) => ({ text: v })),
    ),
  ]);
export const transcriptResultSchema = lazySchema(transcriptResult);
export type TranscriptResult = z.output<ReturnType<typeof transcriptResult>>;

const hintSeconds = () => z.number().check(z.nonnegative(), z.lte(7 * 24 * 3600));

/**
 * A retry hint in a body (job bodies, 409 `transcript_not_ready`, 429s): `retry_after_seconds`
 * at the top level or inside the error envelope.
 */
const retryHint = () =>
  z.union([
    z.object({ retry_after_seconds: hintSeconds() }),
    z.pipe(
      z.object({ error: z.object({ retry_after_seconds: hintSeconds() }) }),
      z.transform((v) => ({ retry_after_seconds: v.error.retry_after_seconds })),
    ),
  ]);
export const retryHintSchema = lazySchema(retryHint);
