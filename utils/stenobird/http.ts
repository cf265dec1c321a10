import ky, { HTTPError, isNetworkError, isTimeoutError } from 'ky';
import { errorEnvelopeSchema } from './schemas';
import { stenobirdError, type StenobirdError } from './errors';

/**
 * The only place that performs HTTP for the Stenobird client (contract §7): a timeout on every
 * call, capped retries with backoff only where a call is safe to repeat, `Retry-After` honoured,
 * and every failure turned into a `StenobirdError` a user can read.
 */

export const DEFAULT_TIMEOUT_MS = 10_000;
/** A longer server-requested wait is not slept through inline: the caller schedules it. */
export const INLINE_RETRY_AFTER_CAP_MS = 20_000;
export const RETRY_LIMIT = 2;

export interface HttpOptions {
  method: 'GET' | 'POST';
  /** Only idempotent calls are retried. */
  idempotent: boolean;
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
  fetch?: typeof fetch;
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

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function kindForStatus(status: number): StenobirdError['kind'] {
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 402 || status === 403) return 'unauthorised';
  if (status >= 500) return 'service-error';
  return 'bad-request';
}

export function errorFromResponse(status: number, headers: Headers, body: unknown, now: number): StenobirdError {
  const envelope = errorEnvelopeSchema.safeParse(body);
  const retryAt = status === 429 || status === 503 ? parseRetryAfter(headers.get('retry-after'), now) : undefined;
  return stenobirdError(kindForStatus(status), {
    status,
    retryAt,
    serverMessage: envelope.success ? envelope.data.error.message : undefined,
  });
}

export async function stenobirdFetch(url: string, options: HttpOptions): Promise<HttpResult> {
  const now = options.now ?? Date.now;
  try {
    const response = await ky(url, {
      method: options.method,
      headers: { Accept: 'application/json', ...options.headers },
      json: options.json,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      fetch: options.fetch,
      // The extension's own cache is the per-episode store; a browser cache would hide a
      // transcript that became available since.
      cache: 'no-store',
      retry: {
        limit: options.idempotent ? RETRY_LIMIT : 0,
        methods: ['get', 'post'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [429, 503],
        backoffLimit: 5_000,
        shouldRetry: ({ error }) => {
          if (!(error instanceof HTTPError)) return undefined;
          const retryAt = parseRetryAfter(error.response.headers.get('retry-after'), now());
          if (retryAt !== undefined && retryAt - now() > INLINE_RETRY_AFTER_CAP_MS) return false;
          return undefined;
        },
      },
    });
    return { ok: true, status: response.status, body: await readBody(response), headers: response.headers };
  } catch (error) {
    if (error instanceof HTTPError) {
      return { ok: false, error: errorFromResponse(error.response.status, error.response.headers, error.data, now()) };
    }
    if (isTimeoutError(error)) return { ok: false, error: stenobirdError('timeout') };
    if (isNetworkError(error) || error instanceof TypeError) return { ok: false, error: stenobirdError('offline') };
    throw error;
  }
}
