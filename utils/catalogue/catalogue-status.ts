import { isFailedStatus } from '@/utils/job-machine';
import type { CatalogueEpisode } from '@/utils/stenobird/schemas';
import type { CatalogueStatus } from '@/utils/storage';

/**
 * The catalogue's status of an episode (contract §2 "Freshness"): which slugs an episode has
 * changes almost never and is cached for days (`resolve-episode.ts`); its status (processing
 * state, a transcript request by anyone, a published transcript) changes within hours, so it is
 * taken as it stands for `STATUS_FRESH_MS` only. After that the popup draws it at once and reads it
 * again (`refresh-status.ts`). Pure: no storage, no requests.
 */

export type { CatalogueStatus } from '@/utils/storage';

export const STATUS_FRESH_MS = 15 * 60_000;

/** The status a catalogue answer gives, read at `now`. An unreadable `requested_at` is left out, the request kept. */
export function statusFromEntry(entry: CatalogueEpisode, now: number): CatalogueStatus {
  const request = entry.transcription_request;
  const requestedAt = request?.requested_at ? Date.parse(request.requested_at) : Number.NaN;
  return {
    checkedAt: now,
    processingState: entry.processing_state.slice(0, 200),
    ...(request && { request: { status: request.status, ...(Number.isFinite(requestedAt) && { requestedAt }) } }),
    ...(entry.transcript_url && { transcriptUrl: entry.transcript_url }),
  };
}

/**
 * Whether a status may be used without asking again. A status from the future (the clock was
 * put back) is not trusted: it would otherwise stay "fresh" for as long as the clock was off.
 */
export function isFresh(status: CatalogueStatus | undefined, now: number): boolean {
  if (!status) return false;
  const age = now - status.checkedAt;
  return age >= 0 && age < STATUS_FRESH_MS;
}

/**
 * Somebody has asked Stenobird for this transcript and it is not there yet: the popup's action
 * is then to follow it ("Notify me when it's ready") rather than to request it. A request
 * Stenobird reports as failed is not one to follow: it can be asked for again.
 */
export function requestedByAnyone(status: Pick<CatalogueStatus, 'request' | 'transcriptUrl'> | undefined): boolean {
  return !!status?.request && !status.transcriptUrl && !isFailedStatus(status.request.status);
}
