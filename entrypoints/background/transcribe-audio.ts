import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import { jobUpdateOf } from '@/utils/job-machine';
import type { JobUpdate, RequestOutcome } from '@/utils/messages';
import { jobLinksOf } from '@/utils/follow-job';
import { isActive, jobClient, jobKey, type RequestRecord } from '@/utils/requests';
import { httpUrl } from '@/utils/schema-helpers';
import { createTranscript, getTranscriptJob, jobUrls, newIdempotencyKey } from '@/utils/stenobird/client';
import { stenobirdError } from '@/utils/stenobird/errors';
import { requestHistory, settings, tabReports } from '@/utils/storage';
import { updateHistory } from './request-history';
import { openTranscriptView } from '@/utils/transcript-view';
import { once } from './in-flight';
import { afterJobCheckFailed, afterJobCreate, afterJobUpdate, jobWait } from './job-transitions';
import { announce } from './notify';
import { scheduleFollowUp } from './schedule';
import { outcomeOf, timing } from './send-request';
import type { Timing } from './transitions';
import { problemOf } from '@/utils/storage-problem';

/**
 * The one service that transcribes an episode's audio through Stenobird's transcripts API
 * (contract §5). The popup calls it with a tab (and opens the view itself); the context menu and
 * keyboard command call `transcribeAndShow` with the episode behind a link, or a bare audio link. Asking again for the same audio shows the same
 * job: one record per audio URL, one `Idempotency-Key` per job, kept in storage and sent on
 * every retry, so a stopped worker or a double click never makes a second job (or bill).
 *
 * The text itself streams into the transcript view (`entrypoints/transcript/`); the background
 * keeps the record and follows the job to its end (`follow-up.ts`) for the notification.
 */
export type AudioLink = { audioUrl: string; title?: string; pageUrl?: string };
export type TranscribeTarget = Episode | AudioLink | { tabId: number };

/** The episode a job is about, as its record keeps it. */
interface JobSubject {
  audioUrl: string;
  title: string;
  pageUrl: string;
  source?: Episode['source'];
  showName?: string;
  publishedAt?: string;
  durationSeconds?: number;
}

/** A bare link's title: its file name, readable. */
function titleFromUrl(audioUrl: string): string {
  const file = new URL(audioUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  let name = file;
  try {
    name = decodeURIComponent(file);
  } catch {
    // Not valid percent-encoding: the raw name will do.
  }
  return name.slice(0, 200) || i18n.t('untitledAudio');
}

async function subjectOf(target: TranscribeTarget): Promise<JobSubject | undefined> {
  if ('tabId' in target) {
    const report = await tabReports.get(target.tabId);
    return report?.status === 'episode' ? subjectOf(report.episode) : undefined;
  }
  if (!target.audioUrl || !httpUrl.safeParse(target.audioUrl).success) return undefined;
  const pageUrl = target.pageUrl && httpUrl.safeParse(target.pageUrl).success ? target.pageUrl : target.audioUrl;
  const title = target.title?.trim().slice(0, 10_000) || titleFromUrl(target.audioUrl);
  if (!('source' in target)) return { audioUrl: target.audioUrl, title, pageUrl };
  const { source, showName, publishedAt, durationSeconds } = target;
  return { audioUrl: target.audioUrl, title, pageUrl, source, showName, publishedAt, durationSeconds };
}

function freshJobRecord(key: string, subject: JobSubject, requested: 'preview' | 'full', baseUrl: string, t: Timing): RequestRecord {
  const now = t.now;
  return {
    key,
    kind: 'job',
    source: subject.source,
    pageUrl: subject.pageUrl,
    title: subject.title,
    showName: subject.showName,
    publishedAt: subject.publishedAt,
    durationSeconds: subject.durationSeconds,
    phase: 'unsent',
    state: '',
    requestedAt: now,
    updatedAt: now,
    attempts: 0,
    // Written before the POST goes out: if the worker stops mid-request, the follow-up sends it
    // again with the same key.
    nextCheckAt: now + jobWait(0, t),
    job: { audioUrl: subject.audioUrl, idempotencyKey: newIdempotencyKey(), requested, baseUrl },
  };
}

/**
 * Whether an existing record answers a new ask: yes unless it failed, or it is a preview and the
 * user now has an API key (the preview does not stand in for the whole transcript).
 */
function reusable(existing: RequestRecord | undefined, requested: 'preview' | 'full', baseUrl: string): existing is RequestRecord {
  if (!existing?.job || existing.phase === 'failed') return false;
  // A job on another Stenobird (the base URL changed since) is that one's: a new ask goes to this one.
  if ((existing.job.baseUrl ?? baseUrl) !== baseUrl) return false;
  return !(requested === 'full' && existing.job.requested === 'preview');
}

export async function transcribeAudio(target: TranscribeTarget): Promise<RequestOutcome> {
  const subject = await subjectOf(target);
  if (!subject) return { ok: false, error: { kind: 'bad-request', message: i18n.t('noAudio') } };
  const key = jobKey(subject.audioUrl);
  return once(`transcribe:${key}`, async () => {
    const configured = await settings.get();
    const requested = configured.apiKey ? 'full' : 'preview';
    const t = await timing();
    let record: RequestRecord;
    try {
      record = await updateHistory([key], (records) => {
        const existing = records[key];
        if (reusable(existing, requested, configured.baseUrl)) return existing;
        return (records[key] = freshJobRecord(key, subject, requested, configured.baseUrl, t));
      });
    } catch (error) {
      // Not sent: without its record a job could be neither shown nor followed, and its
      // Idempotency-Key would be lost with it (a second ask would make, and bill, a second job).
      const unsaved = problemOf(error);
      return { ok: false, error: { kind: 'malformed', message: i18n.t(unsaved === 'full' ? 'jobNotKeptFull' : 'jobNotKeptFailed') }, unsaved };
    }
    // Already made (or being followed): the view picks it up; only an unsent one goes out now.
    if (record.phase !== 'unsent') return { ok: true, record };
    await scheduleFollowUp();
    return sendJob(record, 'user');
  });
}

/**
 * For an entry point holding the user's gesture (a context-menu click, a keyboard command):
 * opens the job's transcript view (the side panel of `tabId`, else a tab) in this same turn, as
 * the side panel requires, then starts or finds the job. The view waits for the job's record.
 */
export function transcribeAndShow(target: Episode | AudioLink, tabId?: number): Promise<RequestOutcome> {
  if (target.audioUrl && httpUrl.safeParse(target.audioUrl).success) void openTranscriptView(jobKey(target.audioUrl), tabId).catch(() => undefined);
  return transcribeAudio(target);
}

/**
 * Sends (or sends again) a job's transcripts POST with its stored key, and records the
 * answer. Used by `transcribeAudio` and by the follow-up for jobs not accepted yet.
 */
export function sendJob(record: RequestRecord, via: 'user' | 'follow-up'): Promise<RequestOutcome> {
  return once(`send-job:${record.key}`, async () => {
    const job = record.job;
    if (!job) return outcomeOf({ ok: false, error: stenobirdError('malformed') }, undefined);
    const client = jobClient(job, await settings.get());
    const result = await createTranscript(client, { audioUrl: job.audioUrl, idempotencyKey: job.idempotencyKey });
    const urls = result.ok ? jobUrls(client, result.value) : {};
    const t = await timing();
    const apply = (records: Record<string, RequestRecord>) => {
      const current = records[record.key];
      // Replaced meanwhile by another job for this audio: this answer is about the old one.
      if (current?.job?.idempotencyKey !== job.idempotencyKey) return undefined;
      const next = afterJobCreate(current, result, urls, t);
      records[record.key] = next;
      return { previous: current, next };
    };
    let change: ReturnType<typeof apply>;
    try {
      change = await updateHistory([record.key], apply);
    } catch (error) {
      // The answer could not be kept. The follow-up sends the POST again with the same key
      // (Stenobird answers with the same job); the caller is told what was not kept.
      if (via === 'follow-up') throw error;
      return outcomeOf(result, apply({ [record.key]: record })?.next, problemOf(error));
    }
    await scheduleFollowUp();
    if (change && via === 'follow-up' && isActive(change.previous) && !isActive(change.next)) await announce(change.next);
    return outcomeOf(result, change?.next);
  });
}

/** The follow-up's check of a running job: its status URL, then the record moved on. */
export function checkJob(record: RequestRecord): Promise<void> {
  return once(`check-job:${record.key}`, async () => {
    const links = jobLinksOf(record.job);
    if (!links) return;
    const result = await getTranscriptJob(jobClient(record.job, await settings.get()), links);
    const t = await timing();
    await settleJob(record.key, links.id, (current) =>
      result.ok ? afterJobUpdate(current, jobUpdateOf(result.value), 'check', t) : afterJobCheckFailed(current, result.error, t),
    );
  });
}

/**
 * What an open transcript view saw in the event stream. An end the user watched happen in a
 * view in sight is not notified as well (it is marked as told).
 */
export async function applyViewUpdate(key: string, jobId: string, update: JobUpdate, seen: boolean): Promise<void> {
  const t = await timing();
  await settleJob(key, jobId, (current) => afterJobUpdate(current, update, 'view', t), seen);
}

async function settleJob(key: string, jobId: string, move: (current: RequestRecord) => RequestRecord, seen = false): Promise<void> {
  const change = await updateHistory([key], (records) => {
    const current = records[key];
    if (current?.job?.id !== jobId) return undefined;
    let next = move(current);
    const ended = isActive(current) && !isActive(next);
    if (ended && seen) next = { ...next, notifiedAt: next.updatedAt };
    records[key] = next;
    return { ended: ended && !seen, next };
  });
  await scheduleFollowUp();
  if (change?.ended) await announce(change.next);
}

/**
 * Jobs recorded before records kept their base (issue 13) are bound to the base configured now,
 * at the background's start: the one they were most likely made on, and the one they would
 * otherwise follow to wherever the base moves next.
 */
export async function bindJobsToBase(): Promise<void> {
  const unbound = (records: Record<string, RequestRecord>) => Object.values(records).filter((r) => r.job && !r.job.baseUrl);
  if (unbound(await requestHistory.all()).length === 0) return;
  const { baseUrl } = await settings.get();
  await updateHistory((records) => {
    for (const record of unbound(records)) record.job = { ...record.job!, baseUrl };
  });
}
