import { jobUpdateOf, jobUpdateOfEvent, nextStep, reduce, type JobAction, type JobProgress } from './job-machine';
import type { JobUpdate } from './messages';
import type { JobState } from './requests';
import { getTranscriptJob, getTranscriptResult, jobUrls, type ClientOptions, type JobLinks } from './stenobird/client';
import { stenobirdError } from './stenobird/errors';
import { jobStreamBudget, readJobEvents } from './stenobird/job-stream';

/** A job's URLs as the client takes them, or `undefined` before Stenobird has made the job. */
export function jobLinksOf(job: JobState | undefined): JobLinks | undefined {
  if (!job?.id) return undefined;
  return { id: job.id, status_url: job.statusUrl, poll_url: undefined, events_url: job.eventsUrl, result_url: job.resultUrl };
}

/**
 * Performs the steps `job-machine.ts` decides, until the job is finished or failed or `signal`
 * aborts: reads the event stream (resuming with `Last-Event-ID`), polls the status URL, fetches
 * the result (waiting on `409 transcript_not_ready`). The transcript view calls it and draws
 * each progress it reports.
 */
export interface FollowOptions {
  client: ClientOptions;
  links: JobLinks;
  start: JobProgress;
  signal: AbortSignal;
  /** Every change, for the view to draw (and save). */
  onProgress(progress: JobProgress): void;
  /** What the job record should learn (the background keeps it). */
  onUpdate(update: JobUpdate): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
  now?(): number;
}

function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

export async function followJob(options: FollowOptions): Promise<JobProgress> {
  const { client, links, signal } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepFor;
  let progress = options.start;
  // Every connection to the job's events draws on one budget (see MAX_JOB_STREAM_BYTES).
  const budget = jobStreamBudget();
  const dispatch = (action: JobAction) => {
    progress = reduce(progress, action, now());
    if (!signal.aborted) options.onProgress(progress);
  };

  const stream = async (lastEventId: string | undefined) => {
    dispatch({ type: 'connect', resume: lastEventId !== undefined });
    const url = jobUrls(client, links).events;
    if (!url) return dispatch({ type: 'stream-ended', error: stenobirdError('malformed') });
    const connection = new AbortController();
    const stop = () => connection.abort();
    signal.addEventListener('abort', stop, { once: true });
    const end = await readJobEvents(client, url, { lastEventId, signal: connection.signal, budget }, {
      onEvent: (event, id) => {
        dispatch({ type: 'event', event, id });
        const update = jobUpdateOfEvent(event);
        if (update) options.onUpdate(update);
        // `done` (or a terminal status) arrived: the result comes from result_url, not this stream.
        if (progress.phase !== 'streaming') connection.abort();
      },
      onRetry: (ms) => dispatch({ type: 'retry', ms }),
    });
    signal.removeEventListener('abort', stop);
    dispatch({ type: 'stream-ended', error: end.kind === 'failed' ? end.error : undefined });
  };

  const poll = async () => {
    const answer = await getTranscriptJob(client, links);
    if (answer.ok) options.onUpdate(jobUpdateOf(answer.value));
    dispatch(answer.ok ? { type: 'polled', job: answer.value } : { type: 'poll-failed', error: answer.error });
  };

  const result = async () => {
    const answer = await getTranscriptResult(client, links);
    if (!answer.ok) return dispatch({ type: 'result-failed', error: answer.error });
    dispatch(answer.value.ready ? { type: 'result', text: answer.value.transcript.text } : { type: 'result-not-ready', retryAt: answer.value.retryAt });
  };

  for (;;) {
    const step = nextStep(progress, now());
    if (step.do === 'stop' || signal.aborted) return progress;
    await sleep(step.delayMs, signal);
    if (signal.aborted) return progress;
    if (step.do === 'stream') await stream(step.lastEventId);
    else if (step.do === 'poll') await poll();
    else await result();
  }
}
