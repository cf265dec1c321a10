import { backoff } from '@/utils/backoff';
import type { StenobirdError } from '@/utils/stenobird/errors';
import type { RequestRecord } from './record';

/**
 * How long each kind of record is followed, and how often: one policy per kind, and the steps
 * every move shares (wait, retry, give up). The moves themselves are `catalogue-moves.ts` and
 * `job-moves.ts`; like them, everything here is a pure function of the record and the time, so
 * the follow-up works the same whichever worker (or browser session) runs it.
 */

export interface Timing {
  now: number;
  /** `settings.checkIntervalMinutes` in ms: the first wait, doubled after every further one. */
  baseMs: number;
}

export interface Policy {
  /** The first wait before a record is sent again or checked. */
  firstMs(t: Timing): number;
  /** No wait is longer, however many went before. */
  capMs: number;
  /** A record neither accepted nor ended this long after it was asked for is given up on (the user told). */
  giveUpAfterMs: number;
}

export const POLICIES: Record<RequestRecord['kind'], Policy> = {
  // A catalogue transcript takes days to be made: checked from the configured interval up to
  // every six hours, for two weeks.
  catalogue: { firstMs: (t) => t.baseMs, capMs: 6 * 3600_000, giveUpAfterMs: 14 * 24 * 3600_000 },
  // A job takes minutes: its first check comes sooner (at most 30 s), its checks stay frequent
  // (at most 15 min apart), and one not finished within a day will not finish.
  job: { firstMs: (t) => Math.min(t.baseMs, 30_000), capMs: 15 * 60_000, giveUpAfterMs: 24 * 3600_000 },
};

/** The wait after `waits` earlier waits: first, 2×first, 4×first… up to the kind's cap. */
export function waitFor(kind: RequestRecord['kind'], waits: number, t: Timing): number {
  const policy = POLICIES[kind];
  return backoff(waits, policy.firstMs(t), policy.capMs);
}

/**
 * When to try again after `waits` earlier waits: never sooner than Stenobird asked, by the
 * error's `Retry-After` (an instant) or an answer's `retry_after_seconds` (`hintMs`).
 */
export function nextCheckAt(kind: RequestRecord['kind'], waits: number, t: Timing, error?: StenobirdError, hintMs = 0): number {
  return Math.max(error?.retryAt ?? 0, t.now + Math.max(waitFor(kind, waits, t), hintMs));
}

export function tooOld(record: RequestRecord, t: Timing): boolean {
  return t.now - record.requestedAt >= POLICIES[record.kind].giveUpAfterMs;
}

/** The end of a record that will not get anywhere: failed, with what to tell the user. */
export function failed<R extends RequestRecord>(record: R, t: Timing, error: StenobirdError): R {
  return { ...record, phase: 'failed', nextCheckAt: undefined, lastError: error, updatedAt: t.now };
}

/**
 * A send (the transcription-request or transcripts POST) that did not get through, for a
 * reason that may pass: the record is kept and sent again after the backoff, or given up on
 * (`neverSent`) once too old. One accepted earlier (a repeat POST failed) stands as it was.
 */
export function sendAgain<R extends RequestRecord>(current: R, error: StenobirdError, t: Timing, neverSent: string): R {
  if (current.phase === 'following' || current.phase === 'available') return { ...current, lastError: error, updatedAt: t.now };
  if (tooOld(current, t)) return failed(current, t, { kind: 'timeout', message: neverSent });
  const attempts = current.attempts + 1;
  return { ...current, phase: 'unsent', attempts, nextCheckAt: nextCheckAt(current.kind, attempts - 1, t, error), lastError: error, updatedAt: t.now };
}

/**
 * A check of a followed record that found it not ended yet (or could not tell): checked again,
 * later each time, or given up on (`tooLong`) once too old. `error`: why the check could not tell.
 */
export function checkAgain<R extends RequestRecord>(current: R, t: Timing, tooLong: string, error?: StenobirdError, hintMs = 0): R {
  if (tooOld(current, t)) return failed(current, t, { kind: 'timeout', message: tooLong });
  const attempts = current.attempts + 1;
  return { ...current, attempts, nextCheckAt: nextCheckAt(current.kind, attempts, t, error, hintMs), lastError: error, updatedAt: t.now };
}

/** The time of a step, with the first wait the settings ask for (read once for the step). */
export function timingOf(configured: { checkIntervalMinutes: number }, now = Date.now()): Timing {
  return { now, baseMs: configured.checkIntervalMinutes * 60_000 };
}
