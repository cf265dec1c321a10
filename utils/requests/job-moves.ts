import { i18n } from '#i18n';
import { isFailedStatus, isTransient, jobUpdateOf } from '@/utils/job-machine';
import type { JobUpdate } from '@/utils/messages';
import type { JobRecord } from './record';
import { checkAgain, failed, nextCheckAt, sendAgain, type Timing } from './policy';
import type { ClientResult } from '@/utils/stenobird/client';
import type { StenobirdError } from '@/utils/stenobird/errors';
import type { TranscriptJob } from '@/utils/stenobird/schemas';

/**
 * How a job record (contract §5) moves on: after the transcripts POST, after a status
 * check, and after what an open transcript view saw in the event stream. Its waits and its
 * give-up age are the job's policy (`policy.ts`), its steps those every kind shares.
 */

/** The job's own URLs, as the client checked them (on the configured base). */
export interface JobUrls {
  status?: string;
  events?: string;
  result?: string;
}

const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * After something was learnt about the job. `via`: `check` (the follow-up's status check, which
 * counts towards the backoff), `created` (the POST's answer) or `view` (an open view's events).
 * A job that has ended keeps its phase; later news (the preview's message) is still recorded.
 */
export function afterJobUpdate(current: JobRecord, update: JobUpdate, via: 'created' | 'check' | 'view', t: Timing): JobRecord {
  const { status, stage, mode, resultReady, previewMessage, upgradeUrl } = update;
  const job = { ...current.job, ...defined({ stage, mode, resultReady, previewMessage, upgradeUrl }) };
  const state = status ?? current.state;
  const record: JobRecord = { ...current, job, state, updatedAt: t.now };
  if (current.phase === 'available' || current.phase === 'failed') return record;

  if (isFailedStatus(status)) {
    return failed(record, t, { kind: 'service-error', message: i18n.t('jobFailedStatus', [status!]) });
  }
  if (update.terminal) return { ...record, phase: 'available', attempts: 0, nextCheckAt: undefined, lastError: undefined };
  const hintMs = (update.retryAfterSeconds ?? 0) * 1000;
  // Only the follow-up's own checks count towards the backoff and the give-up age; the POST's
  // answer starts it again, and a view's events leave it as it was.
  if (via === 'check') return checkAgain({ ...record, phase: 'following' }, t, i18n.t('jobTooLong'), undefined, hintMs);
  const attempts = via === 'created' ? 0 : current.attempts;
  return { ...record, phase: 'following', attempts, lastError: undefined, nextCheckAt: nextCheckAt('job', attempts, t, undefined, hintMs) };
}

/** After the transcripts POST (or a failure to get it through). */
export function afterJobCreate(current: JobRecord, result: ClientResult<TranscriptJob>, urls: JobUrls, t: Timing): JobRecord {
  if (result.ok) {
    const job = result.value;
    const withJob: JobRecord = {
      ...current,
      job: { ...current.job, id: job.id, statusUrl: urls.status, eventsUrl: urls.events, resultUrl: urls.result },
    };
    return afterJobUpdate(withJob, jobUpdateOf(job), 'created', t);
  }
  const error = result.error;
  // Refused (not merely not through): sending again will not help, unless the job stood before.
  const accepted = current.phase === 'following' || current.phase === 'available';
  if (!accepted && !isTransient(error)) return failed(current, t, error);
  return sendAgain(current, error, t, i18n.t('jobNeverSent'));
}

/** After a status check that got no job back. */
export function afterJobCheckFailed(current: JobRecord, error: StenobirdError, t: Timing): JobRecord {
  if (current.phase !== 'following') return current;
  // Gone (404), or the key no longer accepted: checking again will not help.
  if (!isTransient(error) && error.kind !== 'malformed') return failed(current, t, error);
  return checkAgain(current, t, i18n.t('jobTooLong'), error);
}
