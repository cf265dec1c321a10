import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { count, httpUrl, nonEmptyText, text, lazySchema } from '../schema-helpers';
import { episodeSchema, slugSchema } from '../episode-schema';
import { stenobirdErrorSchema } from '../stenobird/error-schema';

/**
 * A transcript request the user made, as kept in local storage: the request history, and the
 * only state the follow-up works from (the MV3 worker keeps nothing between wake-ups).
 *
 * `kind`: `catalogue`, a transcript requested for a catalogue episode (contract §3); `job`, an
 * audio URL transcribed through the transcripts API (§5), whose job is kept in `job`. Records
 * written before jobs existed have no `kind` and read as `catalogue`.
 *
 * `phase` is the extension's own view:
 * - `unsent`: not yet accepted by Stenobird (offline, timed out, rate limited, service trouble,
 *   or the worker stopped mid-request); sent again at `nextCheckAt`.
 * - `following`: accepted; the catalogue is checked again at `nextCheckAt`.
 * - `available` / `failed`: ended; the user was told (a notification, unless switched off).
 *
 * `state` is Stenobird's own word (`queued`, `already_requested`, `available`, …), shown
 * verbatim when unknown; empty until Stenobird has answered.
 */
export const requestPhaseSchema = lazySchema(() => z.enum(['unsent', 'following', 'available', 'failed']));

/**
 * A transcripts-API job (§5) as its record keeps it: what was asked (audio URL, preview or
 * full), the `Idempotency-Key` every retry of the POST reuses, and what Stenobird answered.
 */
export const jobStateSchema = lazySchema(() => z.object({
  audioUrl: httpUrl,
  /** Made once per job asked for, and sent on every retry, also after a worker restart: one job, one bill. */
  idempotencyKey: nonEmptyText(200),
  /** `full` when an API key was set at the time, else Stenobird's free 15-second `preview`. */
  requested: z.enum(['preview', 'full']),
  /**
   * The Stenobird base URL the job was made on: it is followed there, whatever the settings name
   * later, and the API key goes with it only while that is still the configured base (see
   * `jobClient`). Absent in records older than issue 13; the background binds those to the base
   * configured at its start (`bindJobsToBase`).
   */
  baseUrl: z.optional(httpUrl),
  id: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,200}$/))),
  /** Stenobird's words, shown verbatim when unknown. */
  mode: z.optional(text(100)),
  stage: z.optional(text(100)),
  statusUrl: z.optional(httpUrl),
  eventsUrl: z.optional(httpUrl),
  resultUrl: z.optional(httpUrl),
  resultReady: z.optional(z.boolean()),
  /** The `preview_locked` event's message and upgrade link. */
  previewMessage: z.optional(text(2_000)),
  upgradeUrl: z.optional(httpUrl),
}));
export type JobState = z.output<typeof jobStateSchema>;

/**
 * A record as stored by this version and every earlier one: one flat shape, `kind` absent
 * before jobs existed. It is read in this shape, then turned into the union below
 * (`migrateRecord`), so records written before the union keep reading.
 */
const storedRecordSchema = lazySchema(() => z.object({
  key: text(4200),
  // Absent before jobs existed: those were all catalogue requests.
  kind: z.pipe(z.optional(z.enum(['catalogue', 'job'])), z.transform((kind) => kind ?? 'catalogue')),
  // What the user asked about: enough to resolve it again while it is still unsent. A job for a
  // bare audio link has no detected source.
  source: z.optional(episodeSchema.shape.source),
  pageUrl: httpUrl,
  title: text(10_000),
  showName: z.optional(text(2_000)),
  // The episode's facts, for a transcript's header (jobs).
  publishedAt: episodeSchema.shape.publishedAt,
  durationSeconds: episodeSchema.shape.durationSeconds,
  podcastSlug: z.optional(slugSchema),
  episodeSlug: z.optional(slugSchema),
  phase: requestPhaseSchema,
  state: text(100),
  requestedAt: z.number(),
  updatedAt: z.number(),
  /** Sends or checks made since the last answer that moved the request on; drives the backoff. */
  attempts: count(100_000),
  nextCheckAt: z.optional(z.number()),
  transcriptUrl: z.optional(httpUrl),
  lastError: z.optional(stenobirdErrorSchema),
  notifiedAt: z.optional(z.number()),
  job: z.optional(jobStateSchema),
}));
type StoredRecord = z.output<typeof storedRecordSchema>;

type Shared = Omit<StoredRecord, 'kind' | 'job' | 'podcastSlug' | 'episodeSlug' | 'transcriptUrl'>;
/** A transcript asked of the catalogue (§3): its episode's slugs once resolved, its transcript's URL once made. */
export type CatalogueRecord = Shared & { kind: 'catalogue'; podcastSlug?: string; episodeSlug?: string; transcriptUrl?: string; job?: undefined };
/** An audio URL transcribed through the transcripts API (§5): always with its job. */
export type JobRecord = Shared & { kind: 'job'; job: JobState; podcastSlug?: undefined; episodeSlug?: undefined; transcriptUrl?: undefined };
/**
 * One record for everything followed to an end, a union on `kind`. Each variant declares the
 * other's own fields as absent, so `record.job?.…` reads on any record without narrowing.
 */
export type RequestRecord = CatalogueRecord | JobRecord;

const lostJobMark = 'lost';

/**
 * `recordDamaged` (locales/en.yml) through the browser's own i18n, not WXT's `#i18n`: this module
 * is also loaded outside the build (the bench, in Node), where that alias does not exist. Its
 * types know only the `@@` keys; the unit tests read the sentence.
 */
const damagedText = () => (browser.i18n.getMessage as (key: string) => string)('recordDamaged');

/**
 * A stored record (any version) as the union. A job record that lost its job (damaged, or
 * written by hand) cannot be sent or checked again, nor its transcript found: it reads as
 * failed, saying so, with its audio URL taken back from its key (`job:<audio URL>`). Its job's
 * Idempotency-Key is lost too; a failed record is never sent again (a new ask makes a new job).
 */
export function migrateRecord(stored: StoredRecord): RequestRecord {
  const { kind, job, podcastSlug, episodeSlug, transcriptUrl, ...shared } = stored;
  if (kind === 'catalogue') {
    return { ...shared, kind, ...(podcastSlug && { podcastSlug }), ...(episodeSlug && { episodeSlug }), ...(transcriptUrl && { transcriptUrl }) };
  }
  if (job) return { ...shared, kind, job };
  const fromKey = shared.key.startsWith('job:') ? shared.key.slice(4) : '';
  const audioUrl = httpUrl.safeParse(fromKey).success ? fromKey : shared.pageUrl;
  return {
    ...shared,
    kind,
    job: { audioUrl, idempotencyKey: lostJobMark, requested: 'preview' },
    phase: 'failed',
    nextCheckAt: undefined,
    lastError: { kind: 'malformed', message: damagedText() },
  };
}

export const requestRecordSchema = lazySchema(() => z.pipe(storedRecordSchema, z.transform(migrateRecord)));

export function refOf(record: RequestRecord): { podcastSlug: string; episodeSlug: string } | undefined {
  return record.podcastSlug && record.episodeSlug ? { podcastSlug: record.podcastSlug, episodeSlug: record.episodeSlug } : undefined;
}

export const isActive = (record: Pick<RequestRecord, 'phase'>) => record.phase === 'unsent' || record.phase === 'following';

/**
 * How to reach a job's Stenobird: its own base URL, and the API key only while that base is the
 * one configured now (the key is the configured base's; it never follows a job elsewhere).
 */
export function jobClient(job: JobState | undefined, configured: { baseUrl: string; apiKey?: string }): { baseUrl: string; apiKey?: string } {
  const baseUrl = job?.baseUrl ?? configured.baseUrl;
  return baseUrl === configured.baseUrl ? { baseUrl, apiKey: configured.apiKey } : { baseUrl };
}

/** How to reach the configured Stenobird for a catalogue request: the settings' base URL and key. */
export function catalogueClient(configured: { baseUrl: string; apiKey?: string }): { baseUrl: string; apiKey?: string } {
  return { baseUrl: configured.baseUrl, apiKey: configured.apiKey };
}
