import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import { once } from '@/utils/in-flight';
import type { RequestOutcome } from '@/utils/messages';
import { httpUrl } from '@/utils/schema-helpers';
import { newIdempotencyKey } from '@/utils/stenobird/client';
import { settings } from '@/utils/storage';
import { problemOf } from '@/utils/storage-problem';
import { openTranscriptView } from '@/utils/transcript-view';
import { commit } from './commit';
import { sendJob } from './job-follow';
import { nextCheckAt, timingOf, type Timing } from './policy';
import { subjectOf, type AudioLink, type JobSubject, type TranscribeTarget } from './job-subject';
import { jobKey } from './keys';
import type { JobRecord, RequestRecord } from './record';

/**
 * The one service that transcribes an episode's audio through Stenobird's transcripts API
 * (contract §5). The popup calls it with its tab's episode, if still shown (`shown.ts`), and opens the view itself; the context menu and
 * keyboard command call `transcribeAndShow` with the episode behind a link, or a bare audio link. Asking again for the same audio shows the same
 * job: one record per audio URL, one `Idempotency-Key` per job, kept in storage and sent on
 * every retry, so a stopped worker or a double click never makes a second job (or bill).
 *
 * The text itself streams into the transcript view (`entrypoints/transcript/`); the background
 * keeps the record and follows the job to its end (`follow-up.ts`) for the notification.
 */
function freshJobRecord(key: string, subject: JobSubject, requested: 'preview' | 'full', baseUrl: string, t: Timing): JobRecord {
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
    nextCheckAt: nextCheckAt('job', 0, t),
    job: { audioUrl: subject.audioUrl, idempotencyKey: newIdempotencyKey(), requested, baseUrl },
  };
}

/**
 * Whether an existing record answers a new ask: yes unless it failed, or it is a preview and the
 * user now has an API key (the preview does not stand in for the whole transcript).
 */
function reusable(existing: RequestRecord | undefined, requested: 'preview' | 'full', baseUrl: string): existing is JobRecord {
  if (existing?.kind !== 'job' || existing.phase === 'failed') return false;
  // A job on another Stenobird (the base URL changed since) is that one's: a new ask goes to this one.
  if ((existing.job.baseUrl ?? baseUrl) !== baseUrl) return false;
  return !(requested === 'full' && existing.job.requested === 'preview');
}

export async function transcribeAudio(target: TranscribeTarget): Promise<RequestOutcome> {
  const subject = subjectOf(target);
  if (!subject) return { ok: false, error: { kind: 'bad-request', message: i18n.t('noAudio') } };
  const key = jobKey(subject.audioUrl);
  return once(`transcribe:${key}`, async () => {
    // Read once for the whole ask: the key decides preview or full, the base where it goes.
    const configured = await settings.get();
    const requested = configured.apiKey ? 'full' : 'preview';
    const t = timingOf(configured);
    let record: JobRecord;
    try {
      const move = (existing: RequestRecord | undefined) =>
        reusable(existing, requested, configured.baseUrl) ? existing : freshJobRecord(key, subject, requested, configured.baseUrl, t);
      // The move always keeps a job record (the one found, or a fresh one).
      record = (await commit(key, move, { settings: configured, end: 'caller' })).next as JobRecord;
    } catch (error) {
      // Not sent: without its record a job could be neither shown nor followed, and its
      // Idempotency-Key would be lost with it (a second ask would make, and bill, a second job).
      const unsaved = problemOf(error);
      return { ok: false, error: { kind: 'malformed', message: i18n.t(unsaved === 'full' ? 'jobNotKeptFull' : 'jobNotKeptFailed') }, unsaved };
    }
    // Already made (or being followed): the view picks it up; only an unsent one goes out now.
    if (record.phase !== 'unsent') return { ok: true, record };
    return sendJob(record, 'user', configured);
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

