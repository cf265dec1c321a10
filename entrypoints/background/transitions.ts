import { i18n } from '#i18n';
import { backoff } from '@/utils/backoff';
import { isFailedStatus, isTransient } from '@/utils/job-machine';
import type { RequestRecord } from '@/utils/requests';
import type { ClientResult } from '@/utils/stenobird/client';
import { stenobirdError, type StenobirdError } from '@/utils/stenobird/errors';
import type { CatalogueEpisode, TranscriptionRequestResponse } from '@/utils/stenobird/schemas';

/**
 * How a request record moves on after each answer from Stenobird. Pure functions of the stored
 * record, the answer and the time, so the follow-up works the same whichever worker (or browser
 * session) runs it, and every rule is tested without a browser.
 */

export interface Timing {
  now: number;
  /** `settings.checkIntervalMinutes` in ms: the first wait, doubled after every further one. */
  baseMs: number;
}

export const MAX_WAIT_MS = 6 * 3600_000;
/** A request not accepted, or a transcript not made, within two weeks is given up on (and the user told). */
export const GIVE_UP_AFTER_MS = 14 * 24 * 3600_000;

/** The wait after `waits` earlier waits: base, 2×base, 4×base… capped at six hours. */
export function nextWait(waits: number, baseMs: number): number {
  return backoff(waits, baseMs, MAX_WAIT_MS);
}

/** Failures that may pass by themselves: the request is kept and sent again. */
export const isRetryable = isTransient;

function retryAt(error: StenobirdError | undefined, waits: number, t: Timing): number {
  return Math.max(error?.retryAt ?? 0, t.now + nextWait(waits, t.baseMs));
}

function gaveUp(record: RequestRecord, t: Timing, error: StenobirdError): RequestRecord {
  return { ...record, phase: 'failed', nextCheckAt: undefined, lastError: error, updatedAt: t.now };
}

function tooOld(record: RequestRecord, t: Timing): boolean {
  return t.now - record.requestedAt >= GIVE_UP_AFTER_MS;
}

const gaveUpSending = (): StenobirdError => ({
  kind: 'timeout',
  message: i18n.t('gaveUpSending'),
});

/**
 * After sending (`POST …/transcription-requests`) or failing to get as far as sending.
 * `before` is the record as it was before this attempt (undefined: a new request);
 * `current` is the stored record now. Returns the record to keep, or `undefined` to keep none.
 */
export function afterSend(
  current: RequestRecord,
  before: RequestRecord | undefined,
  result: ClientResult<TranscriptionRequestResponse>,
  via: 'user' | 'follow-up',
  t: Timing,
): RequestRecord | undefined {
  if (result.ok) {
    const { status, transcript_url, retry_after_seconds } = result.value;
    const base = { ...current, state: status, attempts: 0, lastError: undefined, updatedAt: t.now };
    if (status === 'available') return { ...base, phase: 'available', transcriptUrl: transcript_url, nextCheckAt: undefined };
    const hint = retry_after_seconds === undefined ? 0 : retry_after_seconds * 1000;
    return { ...base, phase: 'following', nextCheckAt: t.now + Math.max(nextWait(0, t.baseMs), hint) };
  }

  const error = result.error;
  if (isRetryable(error)) {
    // Already accepted earlier: that request stands, this failure changes nothing but the note.
    if (current.phase === 'following' || current.phase === 'available') return { ...current, lastError: error, updatedAt: t.now };
    if (tooOld(current, t)) return gaveUp(current, t, gaveUpSending());
    const attempts = current.attempts + 1;
    return { ...current, phase: 'unsent', attempts, nextCheckAt: retryAt(error, attempts - 1, t), lastError: error, updatedAt: t.now };
  }

  // Not found, refused, unreadable: sending again will not help.
  if (via === 'follow-up') return gaveUp(current, t, error);
  // The user sees this answer now; a request that stood before stays as it was.
  return before && before.phase !== 'unsent' ? before : undefined;
}

/** After checking a followed request's catalogue entry (`GET …/episodes/{e}`). */
export function afterCheck(current: RequestRecord, result: ClientResult<CatalogueEpisode | undefined>, t: Timing): RequestRecord {
  if (current.phase !== 'following') return current;
  const attempts = current.attempts + 1;

  if (result.ok && result.value?.transcript_url) {
    return { ...current, phase: 'available', state: 'available', transcriptUrl: result.value.transcript_url, nextCheckAt: undefined, lastError: undefined, updatedAt: t.now };
  }
  if (result.ok && !result.value) {
    return gaveUp(current, t, stenobirdError('not-found'));
  }
  const state = result.ok ? (result.value?.transcription_request?.status ?? current.state) : current.state;
  if (isFailedStatus(state)) {
    return gaveUp({ ...current, state }, t, { kind: 'service-error', message: i18n.t('transcriptRefused', [state]) });
  }
  if (tooOld(current, t)) {
    return gaveUp({ ...current, state }, t, {
      kind: 'timeout',
      message: i18n.t('gaveUpChecking'),
    });
  }
  const error = result.ok ? undefined : result.error;
  return { ...current, state, attempts, nextCheckAt: retryAt(error, attempts, t), lastError: error, updatedAt: t.now };
}
