import { backoff } from '../backoff';
import { boundedFetch, isSuccess } from '../net/bounded-fetch';
import { readCappedText } from '../net/capped-body';
import { mayFetch } from '../net/fetch-policy';
import type { WatchRedirect } from '../net/follow-redirects';
import { watchRedirect } from '../net/redirect-watch';
import { errorEnvelopeSchema, retryHintSchema } from './schemas';
import { stenobirdError, type StenobirdError } from './errors';

/**
 * The only place that performs HTTP for the Stenobird client (contract §7): a timeout on every
 * attempt (covering the body too), capped retries with backoff only where a call is safe to
 * repeat, `Retry-After` and `retry_after_seconds` honoured, and every failure turned into a
 * `StenobirdError` a user can read. Response bodies are read here and nowhere else, each up to
 * a size cap (below), and redirects are followed only within the address asked (`sameSiteHop`).
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Retries after the first attempt, for idempotent calls. */
export const RETRY_LIMIT = 2;
/** The wait before the first retry when the server gives no hint, doubling after, up to the cap. */
export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_CAP_MS = 4_000;
/**
 * A longer server-requested wait is not slept through while someone looks at a spinner: the
 * call fails with `retryAt` set and the caller schedules the retry (the request queue's alarm).
 */
export const INLINE_RETRY_AFTER_CAP_MS = 5_000;

/**
 * Body caps, each far beyond what the contract's answers hold and far below what would hurt:
 * a JSON answer (an episode, a job, a request's answer, an error) is a few kB; an episode's
 * Markdown twin can carry its whole transcript; a transcript result is a long episode's text
 * (10 hours of speech is about 4 MB). The event stream's own caps are in `job-stream.ts`.
 */
export const MAX_JSON_BYTES = 1_000_000;
export const MAX_MARKDOWN_BYTES = 5_000_000;
export const MAX_TRANSCRIPT_BYTES = 8_000_000;

/** Statuses worth repeating an idempotent call for; anything else will not change by retrying now. */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);

export interface HttpOptions {
  method: 'GET' | 'POST';
  /** Only idempotent calls are retried; a POST is only when its endpoint says so (§3) or it carries an Idempotency-Key (§5). */
  idempotent: boolean;
  headers?: Record<string, string>;
  json?: unknown;
  /** What to ask for; JSON unless a page's Markdown twin is wanted. */
  accept?: string;
  /** The largest body read ({@link MAX_JSON_BYTES} unless the call expects more). */
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Reads a redirect's address; the extension's `webRequest` reader by default. */
  watch?: WatchRedirect;
  now?: () => number;
}

export type HttpResult =
  | { ok: true; status: number; body: unknown; headers: Headers }
  | { ok: false; error: StenobirdError };

/** `Retry-After` as seconds or an HTTP date → epoch ms, or `undefined`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return now + Math.ceil(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(now, date);
}

/** `retry_after_seconds` in a body (top level or in the error envelope) → epoch ms. */
export function bodyRetryAt(body: unknown, now: number): number | undefined {
  const hint = retryHintSchema.safeParse(body);
  return hint.success ? now + Math.ceil(hint.data.retry_after_seconds * 1000) : undefined;
}

/** The later of the header's and the body's hint: a server that sends both gets the longer wait. */
function retryAtOf(headers: Headers, body: unknown, now: number): number | undefined {
  const hints = [parseRetryAfter(headers.get('retry-after'), now), bodyRetryAt(body, now)].filter((t) => t !== undefined);
  return hints.length ? Math.max(...hints) : undefined;
}

function kindForStatus(status: number): StenobirdError['kind'] {
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 408) return 'timeout';
  if (status === 401 || status === 402 || status === 403) return 'unauthorised';
  if (status >= 500) return 'service-error';
  return 'bad-request';
}

export function errorFromResponse(status: number, headers: Headers, body: unknown, now: number): StenobirdError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  return stenobirdError(kindForStatus(status), {
    status,
    retryAt: retryAtOf(headers, body, now),
    serverMessage: envelope.success ? (envelope.data.error.message ?? undefined) : undefined,
    code: envelope.success ? (envelope.data.error.code ?? undefined) : undefined,
  });
}

/** A body's text as JSON when it parses, else as text (`undefined` when empty). */
function bodyOf(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An error answer's body, for its envelope: read up to {@link MAX_JSON_BYTES}, else none. */
export async function readErrorBody(response: Response): Promise<unknown> {
  const text = await readCappedText(response, MAX_JSON_BYTES);
  return text === undefined ? undefined : bodyOf(text);
}

/**
 * Whether a Stenobird call may follow a redirect to `hop`: only a `GET` (a POST is never sent
 * again elsewhere), only on the origin it was sent to (the Stenobird address in the options,
 * where the API key may go), and only to an address `mayFetch` allows there.
 */
export function sameSiteHop(method: string, sentTo: string, hop: URL): boolean {
  const origin = new URL(sentTo);
  return method === 'GET' && hop.origin === origin.origin && mayFetch(hop, [`https://${origin.hostname}/*`]);
}

type Attempt = { status: number; headers: Headers; body: unknown } | { error: StenobirdError };

/**
 * One request, answered or failed within `timeoutMs` (headers and body together). A success's
 * body larger than its cap is refused; an error's (a proxy's huge error page) is just not read.
 */
async function attempt(url: string, options: HttpOptions): Promise<Attempt> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json', ...options.headers };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  const answer = await boundedFetch(url, {
    method: options.method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    // The extension's own cache is the per-episode store; a browser cache would hide a
    // transcript that became available since.
    cache: 'no-store',
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? MAX_JSON_BYTES,
    maxErrorBytes: MAX_JSON_BYTES,
    mayFollow: (hop) => sameSiteHop(options.method, url, hop),
    watch: options.watch ?? watchRedirect,
    fetch: options.fetch,
  });
  if (!answer.ok) return { error: stenobirdError(answer.reason === 'refused' ? 'redirected' : answer.reason) };
  if (isSuccess(answer.status) && answer.text === undefined) return { error: stenobirdError('too-large', { status: answer.status }) };
  return { status: answer.status, headers: answer.headers, body: answer.text === undefined ? undefined : bodyOf(answer.text) };
}

function isTransient(outcome: Attempt): boolean {
  return 'error' in outcome ? outcome.error.kind === 'offline' : TRANSIENT_STATUS.has(outcome.status);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Performs a call, retrying an idempotent one up to {@link RETRY_LIMIT} times on network
 * failures and transient statuses. Each wait is the backoff or the server's hint, whichever is
 * longer; a hint beyond {@link INLINE_RETRY_AFTER_CAP_MS} ends the call with `retryAt` set.
 * Timeouts are not retried inline: a server that does not answer in 10 s is not asked again
 * while the user waits (the request queue tries later).
 */
export async function stenobirdFetch(url: string, options: HttpOptions): Promise<HttpResult> {
  const now = options.now ?? Date.now;
  for (let retry = 1; ; retry++) {
    const outcome = await attempt(url, options);
    if (!('error' in outcome) && isSuccess(outcome.status)) {
      return { ok: true, status: outcome.status, body: outcome.body, headers: outcome.headers };
    }
    const error = 'error' in outcome ? outcome.error : errorFromResponse(outcome.status, outcome.headers, outcome.body, now());
    if (!options.idempotent || retry > RETRY_LIMIT || !isTransient(outcome)) return { ok: false, error };
    const wait = Math.max(backoff(retry - 1, BACKOFF_FIRST_MS, BACKOFF_CAP_MS), (error.retryAt ?? 0) - now());
    if (wait > INLINE_RETRY_AFTER_CAP_MS) return { ok: false, error };
    await sleep(wait);
  }
}
