import { i18n } from '#i18n';
import { backoff } from '@/utils/backoff';
import { isFailedStatus, isTransient, jobUpdateOf } from '@/utils/job-machine';
import type { JobUpdate } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import type { ClientResult } from '@/utils/stenobird/client';
import type { StenobirdError } from '@/utils/stenobird/errors';
import type { TranscriptJob } from '@/utils/stenobird/schemas';
import type { Timing } from './transitions';

/**
 * How a job record (contract §5) moves on: after the transcripts POST, after a status
 * check, and after what an open transcript view saw in the event stream. Pure functions of the
 * stored record, the answer and the time, like `transitions.ts` for catalogue requests.
 */

/** The first check of a running job comes sooner than a catalogue request's: a job takes minutes, not days. */
export const JOB_FIRST_CHECK_MS = 30_000;
export const JOB_MAX_WAIT_MS = 15 * 60_000;
/** A job not finished within a day will not finish: the user is told, and checks stop. */
export const JOB_GIVE_UP_AFTER_MS = 24 * 3600_000;

/** The wait before the next check: from the configured interval (at most 30 s), doubling, capped; never sooner than Stenobird asks. */
export function jobWait(waits: number, t: Timing, hintSeconds?: number): number {
  const wait = backoff(waits, Math.min(t.baseMs, JOB_FIRST_CHECK_MS), JOB_MAX_WAIT_MS);
  return Math.max(wait, (hintSeconds ?? 0) * 1000);
}

/** The job's own URLs, as the client checked them (on the configured base). */
export interface JobUrls {
  status?: string;
  events?: string;
  result?: string;
}

const defined = <T extends object>(value: T) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function tooOld(record: RequestRecord, t: Timing): boolean {
  return t.now - record.requestedAt >= JOB_GIVE_UP_AFTER_MS;
}

function failed(record: RequestRecord, t: Timing, error: StenobirdError): RequestRecord {
  return { ...record, phase: 'failed', nextCheckAt: undefined, lastError: error, updatedAt: t.now };
}

/**
 * After something was learnt about the job. `via`: `check` (the follow-up's status check, which
 * counts towards the backoff), `created` (the POST's answer) or `view` (an open view's events).
 * A job that has ended keeps its phase; later news (the preview's message) is still recorded.
 */
export function afterJobUpdate(current: RequestRecord, update: JobUpdate, via: 'created' | 'check' | 'view', t: Timing): RequestRecord {
  if (!current.job) return current;
  const { status, stage, mode, resultReady, previewMessage, upgradeUrl } = update;
  const job = { ...current.job, ...defined({ stage, mode, resultReady, previewMessage, upgradeUrl }) };
  const state = status ?? current.state;
  const record: RequestRecord = { ...current, job, state, updatedAt: t.now };
  if (current.phase === 'available' || current.phase === 'failed') return record;

  if (isFailedStatus(status)) {
    return failed(record, t, { kind: 'service-error', message: i18n.t('jobFailedStatus', [status!]) });
  }
  if (update.terminal) return { ...record, phase: 'available', attempts: 0, nextCheckAt: undefined, lastError: undefined };
  if (via === 'check' && tooOld(current, t)) {
    return failed(record, t, { kind: 'timeout', message: i18n.t('jobTooLong') });
  }
  const attempts = via === 'check' ? current.attempts + 1 : via === 'created' ? 0 : current.attempts;
  return { ...record, phase: 'following', attempts, lastError: undefined, nextCheckAt: t.now + jobWait(attempts, t, update.retryAfterSeconds) };
}

/** After the transcripts POST (or a failure to get it through). */
export function afterJobCreate(current: RequestRecord, result: ClientResult<TranscriptJob>, urls: JobUrls, t: Timing): RequestRecord {
  if (!current.job) return current;
  if (result.ok) {
    const job = result.value;
    const withJob: RequestRecord = {
      ...current,
      job: { ...current.job, id: job.id, statusUrl: urls.status, eventsUrl: urls.events, resultUrl: urls.result },
    };
    return afterJobUpdate(withJob, jobUpdateOf(job), 'created', t);
  }
  const error = result.error;
  // Accepted earlier (a repeat POST failed): the job stands.
  if (current.phase === 'following' || current.phase === 'available') return { ...current, lastError: error, updatedAt: t.now };
  if (!isTransient(error)) return failed(current, t, error);
  if (tooOld(current, t)) return failed(current, t, { kind: 'timeout', message: i18n.t('jobNeverSent') });
  const attempts = current.attempts + 1;
  const nextCheckAt = Math.max(error.retryAt ?? 0, t.now + jobWait(attempts - 1, t));
  return { ...current, phase: 'unsent', attempts, nextCheckAt, lastError: error, updatedAt: t.now };
}

/** After a status check that got no job back. */
export function afterJobCheckFailed(current: RequestRecord, error: StenobirdError, t: Timing): RequestRecord {
  if (current.phase !== 'following') return current;
  // Gone (404), or the key no longer accepted: checking again will not help.
  if (!isTransient(error) && error.kind !== 'malformed') return failed(current, t, error);
  if (tooOld(current, t)) return failed(current, t, { kind: 'timeout', message: i18n.t('jobTooLong') });
  const attempts = current.attempts + 1;
  return { ...current, attempts, lastError: error, updatedAt: t.now, nextCheckAt: Math.max(error.retryAt ?? 0, t.now + jobWait(attempts, t)) };
}
