import { i18n } from '#i18n';
import { isFailedStatus, isTransient } from '@/utils/job-machine';
import type { CatalogueRecord } from './record';
import { checkAgain, failed, nextCheckAt, sendAgain, type Timing } from './policy';
import type { ClientResult } from '@/utils/stenobird/client';
import { stenobirdError } from '@/utils/stenobird/errors';
import type { CatalogueEpisode, TranscriptionRequestResponse } from '@/utils/stenobird/schemas';

/**
 * How a catalogue request (§3) moves on after each answer from Stenobird: after the
 * transcription-request POST, and after a check of its catalogue entry. Its waits and its
 * give-up age are the catalogue's policy (`policy.ts`).
 */

/** Failures that may pass by themselves: the request is kept and sent again. */
export const isRetryable = isTransient;

/**
 * After sending (`POST …/transcription-requests`) or failing to get as far as sending.
 * `before` is the record as it was before this attempt (undefined: a new request);
 * `current` is the stored record now. Returns the record to keep, or `undefined` to keep none.
 */
export function afterSend(
  current: CatalogueRecord,
  before: CatalogueRecord | undefined,
  result: ClientResult<TranscriptionRequestResponse>,
  via: 'user' | 'follow-up',
  t: Timing,
): CatalogueRecord | undefined {
  if (result.ok) {
    const { status, transcript_url, retry_after_seconds } = result.value;
    const base = { ...current, state: status, attempts: 0, lastError: undefined, updatedAt: t.now };
    if (status === 'available') return { ...base, phase: 'available', transcriptUrl: transcript_url, nextCheckAt: undefined };
    return { ...base, phase: 'following', nextCheckAt: nextCheckAt('catalogue', 0, t, undefined, (retry_after_seconds ?? 0) * 1000) };
  }

  const error = result.error;
  if (isRetryable(error)) return sendAgain(current, error, t, i18n.t('gaveUpSending'));

  // Not found, refused, unreadable: sending again will not help.
  if (via === 'follow-up') return failed(current, t, error);
  // The user sees this answer now; a request that stood before stays as it was.
  return before && before.phase !== 'unsent' ? before : undefined;
}

/** After checking a followed request's catalogue entry (`GET …/episodes/{e}`). */
export function afterCheck(current: CatalogueRecord, result: ClientResult<CatalogueEpisode | undefined>, t: Timing): CatalogueRecord {
  if (current.phase !== 'following') return current;

  if (result.ok && result.value?.transcript_url) {
    return { ...current, phase: 'available', state: 'available', transcriptUrl: result.value.transcript_url, nextCheckAt: undefined, lastError: undefined, updatedAt: t.now };
  }
  if (result.ok && !result.value) {
    return failed(current, t, stenobirdError('not-found'));
  }
  const state = result.ok ? (result.value?.transcription_request?.status ?? current.state) : current.state;
  if (isFailedStatus(state)) {
    return failed({ ...current, state }, t, { kind: 'service-error', message: i18n.t('transcriptRefused', [state]) });
  }
  return checkAgain({ ...current, state }, t, i18n.t('gaveUpChecking'), result.ok ? undefined : result.error);
}
