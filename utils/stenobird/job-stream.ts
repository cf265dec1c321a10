import { createParser } from 'eventsource-parser';
import { authorisation, type ClientOptions } from './client';
import { stenobirdError, type StenobirdError } from './errors';
import { fetchFollowing } from '../net/follow-redirects';
import { watchRedirect } from '../net/redirect-watch';
import { errorFromResponse, readErrorBody, sameSiteHop } from './http';
import { parseJobEvent, type JobEvent } from './job-events';

/**
 * Reads a transcript job's Server-Sent Events (contract §5) with `fetch` and a stream reader
 * rather than `EventSource`, which cannot send the `Authorization` header. The bytes go through
 * `eventsource-parser` (chunk and line boundaries anywhere, comments, `id:` and `retry:` fields);
 * each event's data through `parseJobEvent`. One call is one connection: reconnecting, and
 * falling back to polling, is the caller's decision (see `utils/job-machine.ts`).
 */

/** Until the response headers arrive. */
export const STREAM_CONNECT_TIMEOUT_MS = 10_000;
/**
 * With no byte at all (not even a comment) for this long, the connection is taken for dead and
 * closed, so the caller can reconnect: a proxy may hold a broken stream open forever.
 */
export const STREAM_IDLE_TIMEOUT_MS = 60_000;
/** One event's data may not grow beyond this (a hostile or broken server cannot fill memory). */
const MAX_EVENT_CHARS = 2_000_000;
/**
 * All the events of one job, over every connection the view makes while it is open: a long
 * episode's text, its status events and replays after reconnecting fit many times over; a
 * server that never stops sending does not.
 */
export const MAX_JOB_STREAM_BYTES = 32_000_000;

/** What a job's streams may still send; one per job while its view follows it. */
export interface StreamBudget {
  remaining: number;
}

export const jobStreamBudget = (): StreamBudget => ({ remaining: MAX_JOB_STREAM_BYTES });

export interface StreamHandlers {
  /** `id`: the event's `id:` field, when the server sends one (for `Last-Event-ID`). */
  onEvent(event: JobEvent, id: string | undefined): void;
  /** The server's `retry:` field: how long it asks clients to wait before reconnecting. */
  onRetry?(ms: number): void;
}

export interface StreamOptions {
  /** Sent as `Last-Event-ID`, so the server resumes after the last event this client has. */
  lastEventId?: string;
  /** Aborting it closes the connection (the view was closed). */
  signal?: AbortSignal;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  /**
   * Bytes the job's streams may still send, spent by this connection. Past it the connection
   * is closed with a `too-large` failure, and nothing of the chunk that crossed it is read.
   */
  budget?: StreamBudget;
}

/**
 * How a connection ended. `closed`: the server ended the stream (after `done`, or a drop the
 * caller recognises by the missing `done`). `failed`: no stream, an error status, a network
 * failure mid-stream, or silence beyond the idle timeout.
 */
export type StreamEnd = { kind: 'closed' } | { kind: 'failed'; error: StenobirdError } | { kind: 'aborted' };

export async function readJobEvents(client: ClientOptions, url: string, options: StreamOptions, handlers: StreamHandlers): Promise<StreamEnd> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop);
  let silent = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      silent = true;
      controller.abort();
    }, ms);
  };
  let overflow = false;
  const parser = createParser({
    onEvent: (message) => handlers.onEvent(parseJobEvent(message.event ?? 'message', message.data), message.id || undefined),
    onRetry: (ms) => handlers.onRetry?.(ms),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
    },
    maxBufferSize: MAX_EVENT_CHARS,
  });

  try {
    if (options.signal?.aborted) return { kind: 'aborted' };
    watch(options.connectTimeoutMs ?? STREAM_CONNECT_TIMEOUT_MS);
    const headers: Record<string, string> = { Accept: 'text/event-stream', ...authorisation(client, url) };
    if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
    const followed = await fetchFollowing(url, {
      send: (hop) => (client.fetch ?? fetch)(hop, { headers, signal: controller.signal, cache: 'no-store', redirect: 'manual' }),
      mayFollow: (hop) => sameSiteHop('GET', url, hop),
      watch: watchRedirect,
      signal: controller.signal,
    });
    if (!followed.ok) return { kind: 'failed', error: stenobirdError('redirected') };
    const { response } = followed;
    if (!response.ok) return { kind: 'failed', error: errorFromResponse(response.status, response.headers, await readErrorBody(response), (client.now ?? Date.now)()) };
    // A JSON or HTML answer where a stream was asked for is not one: poll instead.
    if (!response.body || !/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '')) {
      return { kind: 'failed', error: stenobirdError('malformed', { status: response.status }) };
    }
    const reader = response.body.getReader();
    // `stream: true` keeps a character split across two network chunks whole.
    const decoder = new TextDecoder();
    for (;;) {
      watch(options.idleTimeoutMs ?? STREAM_IDLE_TIMEOUT_MS);
      const { done, value } = await reader.read();
      if (done) {
        parser.feed(decoder.decode());
        return { kind: 'closed' };
      }
      const budget = options.budget;
      if (budget) {
        if (value.byteLength > budget.remaining) {
          budget.remaining = 0;
          await reader.cancel().catch(() => undefined);
          return { kind: 'failed', error: stenobirdError('too-large') };
        }
        budget.remaining -= value.byteLength;
      }
      parser.feed(decoder.decode(value, { stream: true }));
      if (overflow) {
        await reader.cancel().catch(() => undefined);
        return { kind: 'failed', error: stenobirdError('malformed') };
      }
    }
  } catch {
    if (options.signal?.aborted) return { kind: 'aborted' };
    return { kind: 'failed', error: stenobirdError(silent ? 'timeout' : 'offline') };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}
