import { backoff as doubling } from './backoff';
import { stenobirdError, type StenobirdError } from './stenobird/errors';
import type { JobEvent } from './stenobird/job-events';
import type { TranscriptJob } from './stenobird/schemas';
import type { JobUpdate } from './messages';

/**
 * A transcript job as the transcript view follows it (contract §5): a pure state machine, so
 * every rule (reconnecting, falling back to polling, waiting on `409 transcript_not_ready`,
 * placing text chunks) is tested without a browser or a server. `reduce` takes what happened;
 * `nextStep` says what to do next and when. The view performs the steps; nothing here waits or
 * does I/O.
 *
 * - `starting` → `streaming`: reading `events_url`.
 * - a stream that ends before `done` → `reconnecting` (with `Last-Event-ID` when the server sent
 *   ids), after the server's `retry:` or a short backoff; after {@link MAX_RECONNECTS} connections
 *   in a row that brought nothing, or an error that reconnecting will not fix → `polling` the
 *   status URL.
 * - `done`, or a terminal status → `fetching-result` (waiting on 409s) → `finished`; a status
 *   Stenobird calls failed → `failed`.
 */

export type JobPhase = 'starting' | 'streaming' | 'reconnecting' | 'polling' | 'fetching-result' | 'finished' | 'failed';

export interface JobProgress {
  phase: JobPhase;
  /** Stenobird's words, shown verbatim when unknown. */
  status?: string;
  stage?: string;
  mode?: string;
  /** Text by chunk index (`null`: not received); a chunk that comes again (a replayed stream) replaces itself. */
  chunks: Array<string | null>;
  /** The last `id:` the server sent, for `Last-Event-ID` on reconnect. */
  lastEventId?: string;
  /** Where the current connection's chunks without `chunk_index` go: `base + position`. */
  base: number;
  position: number;
  /** The server's `retry:` in ms. */
  retryMs?: number;
  /** Connections in a row that ended without bringing an event. */
  drops: number;
  /** Poll or result attempts in a row that failed or found it not ready. */
  attempts: number;
  /** When the next step may run (epoch ms). */
  notBefore: number;
  /** A poll's wait, from the job's `retry_after_seconds`. */
  pollMs: number;
  resultReady: boolean;
  previewLocked?: { message?: string; upgradeUrl?: string };
  /** The transcript from `result_url`; until then the streamed chunks are the text. */
  finalText?: string;
  /** The result could not be fetched: the streamed text is all there is. */
  resultError?: StenobirdError;
  /** Why following the job stopped (`failed`). */
  error?: StenobirdError;
  /** Stenobird's status when it reported the job failed. */
  failedStatus?: string;
}

export type JobAction =
  | { type: 'connect'; resume: boolean }
  | { type: 'event'; event: JobEvent; id?: string }
  | { type: 'retry'; ms: number }
  | { type: 'stream-ended'; error?: StenobirdError }
  | { type: 'polled'; job: TranscriptJob }
  | { type: 'poll-failed'; error: StenobirdError }
  | { type: 'result'; text: string }
  | { type: 'result-not-ready'; retryAt: number }
  | { type: 'result-failed'; error: StenobirdError };

export type JobStep =
  | { do: 'stream'; lastEventId?: string; delayMs: number }
  | { do: 'poll'; delayMs: number }
  | { do: 'result'; delayMs: number }
  | { do: 'stop' };

export const MAX_RECONNECTS = 3;
export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_LIMIT_MS = 8_000;
export const POLL_DEFAULT_MS = 2_000;
export const POLL_LIMIT_MS = 30_000;
/** Failed polls in a row (offline, service trouble) before the view stops and says so. */
export const MAX_POLL_FAILURES = 10;
/** `409 transcript_not_ready` answers (or failed fetches) before the streamed text is taken as it is. */
export const MAX_RESULT_ATTEMPTS = 30;

/** Stenobird's words for a job that will not produce a transcript (assumed; see the contract's open questions). */
export const FAILED_STATES = new Set(['failed', 'rejected', 'canceled', 'cancelled', 'error']);
export const isFailedStatus = (status: string | undefined) => !!status && FAILED_STATES.has(status.toLowerCase());

/** Failures that may pass by themselves. */
export function isTransient(error: StenobirdError): boolean {
  return error.kind === 'offline' || error.kind === 'timeout' || error.kind === 'rate-limited' || error.kind === 'service-error';
}

const backoff = (n: number) => doubling(n - 1, RECONNECT_BASE_MS, RECONNECT_LIMIT_MS);
const clamp = (ms: number, low: number, high: number) => Math.min(high, Math.max(low, ms));

/** What the view kept of a job it showed before (storage), to carry on from. */
export interface SavedProgress {
  chunks: Array<string | null>;
  lastEventId?: string;
  finalText?: string;
}

/**
 * Where following a job starts: from its record (the background's view of it) and what a view
 * saved earlier. An ended job goes straight to its result; a running one to its events.
 */
export function startProgress(record: { phase: string; state?: string; stage?: string; mode?: string; resultReady?: boolean; lastError?: StenobirdError }, saved?: SavedProgress): JobProgress {
  const progress: JobProgress = {
    phase: 'starting',
    status: record.state || undefined,
    stage: record.stage,
    mode: record.mode,
    chunks: saved?.chunks ?? [],
    lastEventId: saved?.lastEventId,
    finalText: saved?.finalText,
    base: 0,
    position: 0,
    drops: 0,
    attempts: 0,
    notBefore: 0,
    pollMs: POLL_DEFAULT_MS,
    resultReady: record.resultReady ?? false,
  };
  if (saved?.finalText !== undefined) return { ...progress, phase: 'finished' };
  if (record.phase === 'failed') return { ...progress, phase: 'failed', error: record.lastError, failedStatus: isFailedStatus(record.state) ? record.state : undefined };
  if (record.phase === 'available') return { ...progress, phase: 'fetching-result' };
  return progress;
}

/** A terminal job moves on to its result, or to `failed` when Stenobird says it failed. */
function ended(s: JobProgress, status: string | undefined, now: number): JobProgress {
  if (isFailedStatus(status)) return { ...s, phase: 'failed', failedStatus: status };
  return { ...s, phase: 'fetching-result', attempts: 0, notBefore: now };
}

function onEvent(s: JobProgress, event: JobEvent, id: string | undefined, now: number): JobProgress {
  // Any event proves the connection works; an empty `id:` resets it (the SSE rule).
  let next: JobProgress = { ...s, drops: 0, lastEventId: id === undefined ? s.lastEventId : id || undefined };
  switch (event.type) {
    case 'status': {
      const job = event.job;
      next = { ...next, status: job.status, stage: job.stage ?? next.stage, mode: job.mode ?? next.mode, resultReady: job.result_ready ?? next.resultReady };
      if (job.retry_after_seconds !== undefined) next.pollMs = clamp(job.retry_after_seconds * 1000, 1_000, POLL_LIMIT_MS);
      return job.terminal || isFailedStatus(job.status) ? ended(next, job.status, now) : next;
    }
    case 'transcript': {
      const index = event.chunkIndex ?? next.base + next.position;
      const chunks = [...next.chunks];
      while (chunks.length < index) chunks.push(null);
      chunks[index] = event.text;
      return { ...next, chunks, position: next.position + 1, stage: event.stage ?? next.stage };
    }
    case 'preview-locked':
      return { ...next, previewLocked: { message: event.message, upgradeUrl: event.upgradeUrl } };
    case 'done': {
      const status = event.status ?? next.status;
      return ended({ ...next, status, resultReady: event.resultReady }, status, now);
    }
    default:
      // Unknown and unreadable events are skipped: a newer server may send more kinds.
      return next;
  }
}

export function reduce(s: JobProgress, action: JobAction, now: number): JobProgress {
  switch (action.type) {
    case 'connect':
      // Resuming (`Last-Event-ID` sent): new unindexed chunks follow the known ones. Starting
      // over: the server replays from the first event, and each chunk lands on itself again.
      return { ...s, phase: 'streaming', base: action.resume ? s.chunks.length : 0, position: 0 };
    case 'event':
      return s.phase === 'streaming' ? onEvent(s, action.event, action.id, now) : s;
    case 'retry':
      return { ...s, retryMs: action.ms };
    case 'stream-ended': {
      if (s.phase !== 'streaming') return s;
      const drops = s.drops + 1;
      // A refusal (key, missing job, no stream served) will not change by reconnecting: the
      // status URL says what is going on.
      const hopeless = action.error !== undefined && !isTransient(action.error);
      if (hopeless || drops > MAX_RECONNECTS) return { ...s, phase: 'polling', drops, attempts: 0, notBefore: now };
      return { ...s, phase: 'reconnecting', drops, notBefore: now + (s.retryMs ?? backoff(drops)) };
    }
    case 'polled': {
      if (s.phase !== 'polling') return s;
      const job = action.job;
      const next: JobProgress = {
        ...s,
        status: job.status,
        stage: job.stage ?? s.stage,
        mode: job.mode ?? s.mode,
        resultReady: job.result_ready ?? s.resultReady,
        attempts: 0,
        pollMs: job.retry_after_seconds !== undefined ? clamp(job.retry_after_seconds * 1000, 1_000, POLL_LIMIT_MS) : s.pollMs,
      };
      if (job.terminal || isFailedStatus(job.status)) return ended(next, job.status, now);
      return { ...next, notBefore: now + next.pollMs };
    }
    case 'poll-failed': {
      if (s.phase !== 'polling') return s;
      const attempts = s.attempts + 1;
      if (!isTransient(action.error) || attempts > MAX_POLL_FAILURES) return { ...s, phase: 'failed', error: action.error, attempts };
      return { ...s, attempts, notBefore: Math.max(action.error.retryAt ?? 0, now + Math.max(s.pollMs, backoff(attempts))) };
    }
    case 'result':
      return s.phase === 'fetching-result' ? { ...s, phase: 'finished', finalText: action.text, resultError: undefined } : s;
    case 'result-not-ready': {
      if (s.phase !== 'fetching-result') return s;
      const attempts = s.attempts + 1;
      if (attempts > MAX_RESULT_ATTEMPTS) return { ...s, phase: 'finished', attempts, resultError: stenobirdError('timeout') };
      return { ...s, attempts, notBefore: Math.max(action.retryAt, now + 500) };
    }
    case 'result-failed': {
      if (s.phase !== 'fetching-result') return s;
      const attempts = s.attempts + 1;
      if (!isTransient(action.error) || attempts > MAX_RESULT_ATTEMPTS) return { ...s, phase: 'finished', attempts, resultError: action.error };
      return { ...s, attempts, notBefore: Math.max(action.error.retryAt ?? 0, now + backoff(attempts)) };
    }
  }
}

export function nextStep(s: JobProgress, now: number): JobStep {
  const delayMs = Math.max(0, s.notBefore - now);
  switch (s.phase) {
    case 'starting':
    case 'reconnecting':
      return { do: 'stream', lastEventId: s.lastEventId, delayMs };
    case 'polling':
      return { do: 'poll', delayMs };
    case 'fetching-result':
      return { do: 'result', delayMs };
    default:
      return { do: 'stop' };
  }
}

/**
 * The chunks as one text. Chunks are joined with a space unless one side already has
 * whitespace: Stenobird's chunking (words, sentences) is not documented.
 */
export function joinChunks(chunks: readonly (string | null)[]): string {
  let text = '';
  for (const chunk of chunks) {
    if (!chunk) continue;
    text += text && !/\s$/.test(text) && !/^\s/.test(chunk) ? ` ${chunk}` : chunk;
  }
  return text;
}

/** The transcript as far as it is known: the result once fetched, else the streamed text. */
export function transcriptText(s: JobProgress): string {
  return s.finalText ?? joinChunks(s.chunks);
}

/** What a job body (the POST's answer, a status check, a `status` event) tells the job's record. */
export function jobUpdateOf(job: TranscriptJob): JobUpdate {
  return {
    status: job.status,
    stage: job.stage,
    mode: job.mode,
    terminal: job.terminal,
    resultReady: job.result_ready,
    retryAfterSeconds: job.retry_after_seconds,
  };
}

/** What an event tells the job's record, if anything (text chunks do not change it). */
export function jobUpdateOfEvent(event: JobEvent): JobUpdate | undefined {
  switch (event.type) {
    case 'status':
      return jobUpdateOf(event.job);
    case 'preview-locked':
      return { previewMessage: event.message?.slice(0, 2_000), upgradeUrl: event.upgradeUrl };
    case 'done':
      return { status: event.status, terminal: true, resultReady: event.resultReady };
    default:
      return undefined;
  }
}

export function savedProgress(s: JobProgress): SavedProgress {
  return { chunks: s.chunks, lastEventId: s.lastEventId, finalText: s.finalText };
}
