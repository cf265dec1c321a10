import ky, { isNetworkError } from 'ky';
import { readCappedText } from '../net/capped-body';
import { mayFetch } from '../net/fetch-policy';
import { fetchFollowing, type WatchRedirect } from '../net/follow-redirects';
import { watchRedirect } from '../net/redirect-watch';
import { errorEnvelopeSchema, retryHintSchema } from './schemas';
import { stenobirdError, type StenobirdError } from './errors';
import { backoff } from '../backoff';

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
export const BACKOFF_BASE_MS = 500;
export const BACKOFF_LIMIT_MS = 4_000;
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

/** The wait before retry number `retry` (1-based) when the server gives no hint: 500 ms, 1 s, 2 s… capped. */
export function backoffDelay(retry: number): number {
  return backoff(retry - 1, BACKOFF_BASE_MS, BACKOFF_LIMIT_MS);
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

/** Read in place of a body larger than its cap. */
const TOO_LARGE = Symbol('too large');

/**
 * A response body as JSON when it parses, else as text (`undefined` when empty), or
 * {@link TOO_LARGE} past `maxBytes`: then nothing of it is parsed or kept.
 */
async function cappedBody(response: Response, maxBytes: number): Promise<unknown> {
  const text = await readCappedText(response, maxBytes);
  if (text === undefined) return TOO_LARGE;
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** An error answer's body, for its envelope: read up to {@link MAX_JSON_BYTES}, else none. */
export async function readErrorBody(response: Response): Promise<unknown> {
  const body = await cappedBody(response, MAX_JSON_BYTES);
  return body === TOO_LARGE ? undefined : body;
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

/** One request, answered or failed within `timeoutMs` (headers and body together). */
async function attempt(url: string, options: HttpOptions): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    const followed = await fetchFollowing(url, {
      send: (hop) =>
        ky(hop, {
          method: options.method,
          headers: { Accept: options.accept ?? 'application/json', ...options.headers },
          json: options.json,
          signal: controller.signal,
          // This module owns timeouts (body included), retries, redirects and status handling.
          timeout: false,
          retry: 0,
          throwHttpErrors: false,
          redirect: 'manual',
          fetch: options.fetch,
          // The extension's own cache is the per-episode store; a browser cache would hide a
          // transcript that became available since.
          cache: 'no-store',
        }),
      mayFollow: (hop) => sameSiteHop(options.method, url, hop),
      watch: options.watch ?? watchRedirect,
      signal: controller.signal,
    });
    if (!followed.ok) return { error: stenobirdError('redirected') };
    const { response } = followed;
    const success = response.status >= 200 && response.status < 300;
    const body = success ? await cappedBody(response, options.maxBytes ?? MAX_JSON_BYTES) : await readErrorBody(response);
    if (body === TOO_LARGE) return { error: stenobirdError('too-large', { status: response.status }) };
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    if (controller.signal.aborted) return { error: stenobirdError('timeout') };
    if (isNetworkError(error) || error instanceof TypeError) return { error: stenobirdError('offline') };
    throw error;
  } finally {
    clearTimeout(timer);
  }
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
    if (!('error' in outcome) && outcome.status >= 200 && outcome.status < 300) {
      return { ok: true, status: outcome.status, body: outcome.body, headers: outcome.headers };
    }
    const error = 'error' in outcome ? outcome.error : errorFromResponse(outcome.status, outcome.headers, outcome.body, now());
    if (!options.idempotent || retry > RETRY_LIMIT || !isTransient(outcome)) return { ok: false, error };
    const wait = Math.max(backoffDelay(retry), (error.retryAt ?? 0) - now());
    if (wait > INLINE_RETRY_AFTER_CAP_MS) return { ok: false, error };
    await sleep(wait);
  }
}
