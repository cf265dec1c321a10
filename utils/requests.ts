import * as z from 'zod/mini';
import { count, httpUrl, text } from './schema-helpers';
import { episodeSchema, slugSchema } from './episode-schema';
import { stenobirdErrorSchema } from './stenobird/error-schema';

/**
 * A transcript request the user made, as kept in local storage: the request history, and the
 * only state the follow-up works from (the MV3 worker keeps nothing between wake-ups).
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
export type RequestPhase = z.output<typeof requestPhaseSchema>;

export const requestRecordSchema = z.object({
  key: text(4200),
  // What the user asked about: enough to resolve it again while it is still unsent.
  source: episodeSchema.shape.source,
  pageUrl: httpUrl,
  title: text(10_000),
  showName: z.optional(text(2_000)),
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
});
export type RequestRecord = z.output<typeof requestRecordSchema>;

/** One record per catalogue episode; an episode not yet resolved is keyed by its page. */
export function requestKey(ref: { podcastSlug: string; episodeSlug: string }): string {
  return `${ref.podcastSlug}/${ref.episodeSlug}`;
}

export function unresolvedKey(pageUrl: string): string {
  return `page:${pageUrl}`;
}

export function refOf(record: RequestRecord): { podcastSlug: string; episodeSlug: string } | undefined {
  return record.podcastSlug && record.episodeSlug ? { podcastSlug: record.podcastSlug, episodeSlug: record.episodeSlug } : undefined;
}

export const isActive = (record: RequestRecord) => record.phase === 'unsent' || record.phase === 'following';

/** Enough for a few months of heavy use; storage stays small (each record is well under 1 kB). */
export const HISTORY_CAP = 200;

/**
 * Trims the history to `cap` records: the oldest ended requests go first, and only if every
 * record is still being followed, the oldest of those.
 */
export function capHistory(records: Record<string, RequestRecord>, cap = HISTORY_CAP): void {
  const all = Object.values(records);
  if (all.length <= cap) return;
  const ended = all.filter((r) => !isActive(r)).sort((a, b) => a.updatedAt - b.updatedAt);
  const active = all.filter(isActive).sort((a, b) => a.requestedAt - b.requestedAt);
  for (const record of [...ended, ...active].slice(0, all.length - cap)) delete records[record.key];
}
