import { describe, expect, it } from 'vitest';
import {
  joinChunks,
  nextStep,
  reduce,
  startProgress,
  transcriptText,
  type JobAction,
  type JobProgress,
} from '@/utils/job-machine';
import { stenobirdError } from '@/utils/stenobird/errors';
import { transcriptJobSchema, type TranscriptJob } from '@/utils/stenobird/schemas';

/** The transcript view's job state machine: pure rules, driven action by action. */

/**
 * How long the view keeps trying before it says so, written out here rather than read from the
 * code: reconnects of a stream that brings nothing, failed polls in a row, result fetches.
 */
const MAX_RECONNECTS = 3;
const MAX_POLL_FAILURES = 10;
const MAX_RESULT_ATTEMPTS = 30;
const T = 1_000_000;
const running = () => startProgress({ phase: 'following', state: 'queued' });
const run = (s: JobProgress, ...actions: JobAction[]) => actions.reduce((acc, a) => reduce(acc, a, T), s);
const chunk = (text: string, chunkIndex?: number, id?: string): JobAction => ({ type: 'event', event: { type: 'transcript', text, chunkIndex }, id });
const parseJob = (over: Record<string, unknown>): TranscriptJob => transcriptJobSchema.parse({ id: 'tr_1', status: 'transcribing', ...over });
const status = (job: Record<string, unknown>, id?: string): JobAction => ({ type: 'event', event: { type: 'status', job: parseJob(job) }, id });
const done = (status = 'completed', resultReady = true): JobAction => ({ type: 'event', event: { type: 'done', status, resultReady } });
const connect = (resume = false): JobAction => ({ type: 'connect', resume });

describe('where following a job starts', () => {
  it('a running job streams; an ended one goes to its result; a failed one shows why; saved text is shown at once', () => {
    expect(nextStep(running(), T)).toEqual({ do: 'stream', lastEventId: undefined, delayMs: 0 });
    expect(nextStep(startProgress({ phase: 'available', state: 'completed', resultReady: true }), T)).toEqual({ do: 'result', delayMs: 0 });
    const error = stenobirdError('bad-request', { status: 400 });
    expect(startProgress({ phase: 'failed', lastError: error })).toMatchObject({ phase: 'failed', error });
    const resumed = startProgress({ phase: 'following' }, { chunks: ['Hello', 'again'], lastEventId: '7' });
    expect(transcriptText(resumed)).toBe('Hello again');
    expect(nextStep(resumed, T)).toEqual({ do: 'stream', lastEventId: '7', delayMs: 0 });
    expect(startProgress({ phase: 'following' }, { chunks: ['x'], finalText: 'The whole text.' })).toMatchObject({ phase: 'finished', finalText: 'The whole text.' });
  });
});

describe('text from transcript events', () => {
  it('places chunks by chunk_index, so a replayed or out-of-order chunk does not repeat', () => {
    const s = run(running(), connect(), chunk('one', 0), chunk('three', 2), chunk('two', 1), chunk('one', 0));
    expect(s.chunks).toEqual(['one', 'two', 'three']);
    expect(transcriptText(s)).toBe('one two three');
  });

  it('chunks without an index: a replay from the start lands on itself; a resume (Last-Event-ID) continues after the known text', () => {
    let s = run(running(), connect(), chunk('a'), chunk('b'), { type: 'stream-ended' });
    s = run(s, connect(false), chunk('a'), chunk('b'), chunk('c'));
    expect(transcriptText(s)).toBe('a b c');
    s = run(s, { type: 'stream-ended' }, connect(true), chunk('d'));
    expect(transcriptText(s)).toBe('a b c d');
  });

  it('keeps the last event id (an empty id resets it) and the stage', () => {
    let s = run(running(), connect(), status({ stage: 'submitted' }, '1'), chunk('x', 0, '2'));
    expect(s).toMatchObject({ lastEventId: '2', stage: 'submitted' });
    s = run(s, chunk('y', 1, ''));
    expect(s.lastEventId).toBeUndefined();
  });

  it('joins chunks with one space unless one already has whitespace', () => {
    expect(joinChunks(['Hello,', 'world.', ' Next', null, 'line\n', 'end'])).toBe('Hello, world. Next line\nend');
  });

  it('keeps the preview’s message and upgrade link, then ends at done', () => {
    const s = run(
      running(),
      connect(),
      chunk('Fifteen seconds', 0),
      { type: 'event', event: { type: 'preview-locked', message: 'Preview ended.', upgradeUrl: 'https://stenobird.com/pricing' } },
      done('preview_complete'),
    );
    expect(s).toMatchObject({ phase: 'fetching-result', status: 'preview_complete', previewLocked: { message: 'Preview ended.', upgradeUrl: 'https://stenobird.com/pricing' } });
  });

  it('ignores unknown and unreadable events', () => {
    const before = run(running(), connect(), chunk('x', 0));
    const after = run(before, { type: 'event', event: { type: 'unknown', event: 'heartbeat' } }, { type: 'event', event: { type: 'malformed', event: 'transcript' } });
    expect(transcriptText(after)).toBe('x');
    expect(after.phase).toBe('streaming');
  });
});

describe('a stream that breaks', () => {
  it('reconnects after the server’s retry, or after a doubling backoff, resuming from the last id', () => {
    let s = run(running(), connect(), chunk('x', 0, '3'), { type: 'stream-ended', error: stenobirdError('offline') });
    expect(s.phase).toBe('reconnecting');
    expect(nextStep(s, T)).toEqual({ do: 'stream', lastEventId: '3', delayMs: 1_000 });
    s = run(s, connect(true), { type: 'stream-ended' });
    expect(nextStep(s, T)).toMatchObject({ delayMs: 2_000 });
    s = run(s, { type: 'retry', ms: 250 }, connect(true), { type: 'stream-ended' });
    expect(nextStep(s, T)).toMatchObject({ delayMs: 250 });
  });

  it(`falls back to polling the status URL after ${MAX_RECONNECTS} reconnects that bring nothing`, () => {
    let s = run(running(), connect());
    for (let i = 0; i < MAX_RECONNECTS; i++) s = run(s, { type: 'stream-ended', error: stenobirdError('offline') }, connect(true));
    expect(s.phase).toBe('streaming');
    s = run(s, { type: 'stream-ended', error: stenobirdError('offline') });
    expect(nextStep(s, T)).toEqual({ do: 'poll', delayMs: 0 });
  });

  it('an event resets the count: a long stream that drops now and then keeps streaming', () => {
    let s = run(running(), connect());
    for (let i = 0; i < MAX_RECONNECTS * 3; i++) s = run(s, chunk(`c${i}`, i), { type: 'stream-ended' }, connect(true));
    expect(s.phase).toBe('streaming');
    expect(s.chunks).toHaveLength(MAX_RECONNECTS * 3);
  });

  it('a refusal that reconnecting will not fix (no stream served, a bad key) polls at once', () => {
    const s = run(running(), connect(), { type: 'stream-ended', error: stenobirdError('malformed', { status: 200 }) });
    expect(nextStep(s, T)).toEqual({ do: 'poll', delayMs: 0 });
  });
});

describe('polling', () => {
  const polling = () => run(running(), connect(), { type: 'stream-ended', error: stenobirdError('unauthorised', { status: 401 }) });
  const job = parseJob;

  it('waits retry_after_seconds between polls, and moves to the result when the job is terminal', () => {
    let s = run(polling(), { type: 'polled', job: job({ retry_after_seconds: 3, stage: 'transcribing' }) });
    expect(nextStep(s, T)).toEqual({ do: 'poll', delayMs: 3_000 });
    s = run(s, { type: 'polled', job: job({ status: 'completed', terminal: true, result_ready: true }) });
    expect(nextStep(s, T)).toEqual({ do: 'result', delayMs: 0 });
  });

  it('stops with the error when polling is refused, or after many failures in a row', () => {
    const refused = stenobirdError('unauthorised', { status: 401 });
    expect(run(polling(), { type: 'poll-failed', error: refused })).toMatchObject({ phase: 'failed', error: refused });
    let s = polling();
    for (let i = 0; i < MAX_POLL_FAILURES; i++) s = run(s, { type: 'poll-failed', error: stenobirdError('offline') });
    expect(s.phase).toBe('polling');
    s = run(s, { type: 'poll-failed', error: stenobirdError('offline') });
    expect(s).toMatchObject({ phase: 'failed', error: { kind: 'offline' } });
  });

  it('a status Stenobird calls failed ends the job as failed', () => {
    expect(run(polling(), { type: 'polled', job: job({ status: 'rejected' }) })).toMatchObject({ phase: 'failed', failedStatus: 'rejected' });
    expect(run(running(), connect(), done('failed', false))).toMatchObject({ phase: 'failed', failedStatus: 'failed' });
  });
});

describe('the result', () => {
  const ended = () => run(running(), connect(), chunk('streamed', 0), done());

  it('409 transcript_not_ready waits until retry_after_seconds, then the result replaces the streamed text', () => {
    let s = run(ended(), { type: 'result-not-ready', retryAt: T + 5_000 });
    expect(nextStep(s, T)).toEqual({ do: 'result', delayMs: 5_000 });
    s = run(s, { type: 'result', text: 'The whole transcript.' });
    expect(s.phase).toBe('finished');
    expect(transcriptText(s)).toBe('The whole transcript.');
    expect(nextStep(s, T)).toEqual({ do: 'stop' });
  });

  it('a result that never comes, or is refused, leaves the streamed text, saying so', () => {
    let s = ended();
    for (let i = 0; i <= MAX_RESULT_ATTEMPTS; i++) s = run(s, { type: 'result-not-ready', retryAt: T + 1_000 });
    expect(s).toMatchObject({ phase: 'finished', resultError: { kind: 'timeout' } });
    expect(transcriptText(s)).toBe('streamed');
    expect(run(ended(), { type: 'result-failed', error: stenobirdError('unauthorised', { status: 401 }) })).toMatchObject({ phase: 'finished', resultError: { kind: 'unauthorised' } });
  });

  it('a stream closing after done changes nothing', () => {
    const s = ended();
    expect(run(s, { type: 'stream-ended' })).toBe(s);
  });
});
