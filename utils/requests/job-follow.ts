import { updateHistory } from '@/utils/requests/history-writer';
import { jobLinksOf } from '@/utils/follow-job';
import { once } from '@/utils/in-flight';
import { jobUpdateOf } from '@/utils/job-machine';
import type { JobUpdate, RequestOutcome } from '@/utils/messages';
import type { Settings } from '@/utils/settings/store';
import { createTranscript, getTranscriptJob, jobUrls } from '@/utils/stenobird/client';
import { requestHistory, settings } from '@/utils/storage';
import { problemOf } from '@/utils/storage-problem';
import { commit, type Move } from './commit';
import { afterJobCheckFailed, afterJobCreate, afterJobUpdate } from './job-moves';
import { outcomeOf } from './outcome';
import { timingOf } from './policy';
import { jobClient, type JobRecord, type RequestRecord } from './record';

/**
 * A job's steps after it was asked for: its transcripts POST (sent again, with its stored
 * Idempotency-Key, until Stenobird accepts it), the follow-up's status checks, and what an open
 * transcript view saw. Each is one `commit`; an answer about a job that is no longer the one
 * stored under its key (replaced by a new ask) changes nothing.
 */

/** Moves the stored job only while it is the job this answer is about. */
function sameJob(isIt: (job: JobRecord['job']) => boolean, move: (current: JobRecord) => RequestRecord): Move {
  return (current) => (current?.kind === 'job' && isIt(current.job) ? move(current) : undefined);
}

/** Sends (or sends again) a job's transcripts POST, and records the answer. */
export function sendJob(record: JobRecord, via: 'user' | 'follow-up', configured: Settings): Promise<RequestOutcome> {
  return once(`send-job:${record.key}`, async () => {
    const { job } = record;
    const client = jobClient(job, configured);
    const result = await createTranscript(client, { audioUrl: job.audioUrl, idempotencyKey: job.idempotencyKey });
    const urls = result.ok ? jobUrls(client, result.value) : {};
    const t = timingOf(configured);
    const move = sameJob((stored) => stored.idempotencyKey === job.idempotencyKey, (current) => afterJobCreate(current, result, urls, t));
    try {
      const { next } = await commit(record.key, move, { settings: configured, end: via === 'follow-up' ? 'announce' : 'caller' });
      return outcomeOf(result, next);
    } catch (error) {
      // The answer could not be kept. The follow-up sends the POST again with the same key
      // (Stenobird answers with the same job); the caller is told what was not kept.
      if (via === 'follow-up') throw error;
      return outcomeOf(result, move(record, {}) ?? undefined, problemOf(error));
    }
  });
}

/** The follow-up's check of a running job: its status URL, then the record moved on. */
export function checkJob(record: JobRecord, configured: Settings): Promise<void> {
  return once(`check-job:${record.key}`, async () => {
    const links = jobLinksOf(record.job);
    if (!links) return;
    const result = await getTranscriptJob(jobClient(record.job, configured), links);
    const t = timingOf(configured);
    const move = (current: JobRecord) =>
      result.ok ? afterJobUpdate(current, jobUpdateOf(result.value), 'check', t) : afterJobCheckFailed(current, result.error, t);
    await commit(record.key, sameJob((job) => job.id === links.id, move), { settings: configured });
  });
}

/**
 * What an open transcript view saw in the event stream. An end the user watched happen in a
 * view in sight is not notified as well (it is marked as told).
 */
export async function applyViewUpdate(key: string, jobId: string, update: JobUpdate, seen: boolean): Promise<void> {
  const configured = await settings.get();
  const t = timingOf(configured);
  const move = sameJob((job) => job.id === jobId, (current) => afterJobUpdate(current, update, 'view', t));
  await commit(key, move, { settings: configured, end: seen ? 'seen' : 'announce' });
}

/**
 * Jobs recorded before records kept their base (issue 13) are bound to the base configured now,
 * at the background's start: the one they were most likely made on, and the one they would
 * otherwise follow to wherever the base moves next.
 */
export async function bindJobsToBase(): Promise<void> {
  const unbound = (records: Record<string, RequestRecord>) => Object.values(records).filter((r) => r.kind === 'job' && !r.job.baseUrl);
  // Only the jobs are read (the index names their kind): this runs at every start of the worker.
  const jobs = Object.entries(await requestHistory.index()).filter(([, s]) => s.kind === 'job').map(([key]) => key);
  const found = unbound(await requestHistory.getMany(jobs)).map((r) => r.key);
  if (found.length === 0) return;
  const { baseUrl } = await settings.get();
  await updateHistory(found, (records) => {
    for (const record of unbound(records)) if (record.kind === 'job') record.job = { ...record.job, baseUrl };
  });
}
