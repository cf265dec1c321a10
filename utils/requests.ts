import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { count, httpUrl, nonEmptyText, text } from './schema-helpers';
import { episodeSchema, slugSchema } from './episode-schema';
import { stenobirdErrorSchema } from './stenobird/error-schema';

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
export const requestPhaseSchema = z.enum(['unsent', 'following', 'available', 'failed']);

/**
 * A transcripts-API job (§5) as its record keeps it: what was asked (audio URL, preview or
 * full), the `Idempotency-Key` every retry of the POST reuses, and what Stenobird answered.
 */
export const jobStateSchema = z.object({
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
});
export type JobState = z.output<typeof jobStateSchema>;

export const requestRecordSchema = z.object({
  key: text(4200),
  kind: z._default(z.enum(['catalogue', 'job']), 'catalogue'),
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
});
export type RequestRecord = z.output<typeof requestRecordSchema>;

/** One record per catalogue episode; an episode not yet resolved is keyed by its page. */
export function requestKey(ref: { podcastSlug: string; episodeSlug: string }): string {
  return `${ref.podcastSlug}/${ref.episodeSlug}`;
}

export function unresolvedKey(pageUrl: string): string {
  return `page:${pageUrl}`;
}

/** One job record per audio URL: asking again for the same audio shows the same job. */
export function jobKey(audioUrl: string): string {
  return `job:${audioUrl}`;
}

/** A job's transcript view (`entrypoints/transcript/`), found by its record's key. */
export function transcriptViewPath(key: string): string {
  return `transcript.html?job=${encodeURIComponent(key)}`;
}

/** The view's full URL, for a link or a tab. */
export function transcriptViewUrl(key: string): string {
  return browser.runtime.getURL(`/${transcriptViewPath(key)}` as '/transcript.html');
}

export function refOf(record: RequestRecord): { podcastSlug: string; episodeSlug: string } | undefined {
  return record.podcastSlug && record.episodeSlug ? { podcastSlug: record.podcastSlug, episodeSlug: record.episodeSlug } : undefined;
}

export const isActive = (record: Pick<RequestRecord, 'phase'>) => record.phase === 'unsent' || record.phase === 'following';

/** Enough for a few months of heavy use; storage stays small (each record is well under 1 kB). */
export const HISTORY_CAP = 200;

/**
 * Trims the history to `cap` records: the oldest ended requests go first, and only if every
 * record is still being followed, the oldest of those. It counts, and deletes, what is stored
 * under each name, whatever a record says its key is.
 */
export function capHistory(records: Record<string, Pick<RequestRecord, 'phase' | 'requestedAt' | 'updatedAt'>>, cap = HISTORY_CAP): void {
  const all = Object.entries(records);
  if (all.length <= cap) return;
  const ended = all.filter(([, r]) => !isActive(r)).sort(([, a], [, b]) => a.updatedAt - b.updatedAt);
  const active = all.filter(([, r]) => isActive(r)).sort(([, a], [, b]) => a.requestedAt - b.requestedAt);
  for (const [name] of [...ended, ...active].slice(0, all.length - cap)) delete records[name];
}

const CATALOGUE_KEY = /^([a-z0-9-]{1,300})\/([a-z0-9-]{1,300})$/;

/**
 * A stored record as the follow-up can act on it. A record can pass its schema and still be
 * stuck: written by hand or by an older version, or damaged. What can be known again is
 * restored; what cannot is put back to a phase that finds it out again:
 * - its key is the name it is stored under (lookups and the cap go by that name);
 * - a catalogue request without slugs takes them from its key (`<podcast>/<episode>`), and if
 *   that fails too, while followed, it goes back to "unsent": it is looked up again and sent
 *   again (the POST is idempotent);
 * - a job followed without a job id goes back to "unsent": its POST is sent again with its own
 *   Idempotency-Key, which gives the same job back.
 * Anything the follow-up still cannot move on ends as failed there (`follow-up.ts`).
 */
export function repairRecord(storedKey: string, stored: RequestRecord): RequestRecord {
  let record = stored.key === storedKey ? stored : { ...stored, key: storedKey };
  if (record.kind === 'catalogue' && !refOf(record)) {
    const slugs = CATALOGUE_KEY.exec(storedKey);
    if (slugs) record = { ...record, podcastSlug: slugs[1], episodeSlug: slugs[2] };
    else if (record.phase === 'following') record = { ...record, phase: 'unsent' };
  }
  if (record.kind === 'job' && record.job && !record.job.id && record.phase === 'following') record = { ...record, phase: 'unsent' };
  return record;
}

/**
 * How to reach a job's Stenobird: its own base URL, and the API key only while that base is the
 * one configured now (the key is the configured base's; it never follows a job elsewhere).
 */
export function jobClient(job: JobState | undefined, configured: { baseUrl: string; apiKey?: string }): { baseUrl: string; apiKey?: string } {
  const baseUrl = job?.baseUrl ?? configured.baseUrl;
  return baseUrl === configured.baseUrl ? { baseUrl, apiKey: configured.apiKey } : { baseUrl };
}
