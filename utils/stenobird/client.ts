import { ACCEPTED_UNREAD } from './accepted';
import { stenobirdError, type StenobirdError } from './errors';
import { MAX_MARKDOWN_BYTES, MAX_TRANSCRIPT_BYTES, stenobirdFetch, type HttpOptions, type HttpResult } from './http';
import { parseEpisodeMarkdown } from './markdown';
import {
  catalogueEpisodeSchema,
  transcriptJobSchema,
  transcriptResultSchema,
  transcriptionRequestResponseSchema,
  type CatalogueEpisode,
  type TranscriptJob,
  type TranscriptResult,
  type TranscriptionRequestResponse,
} from './schemas';
import {
  connectionCheckUrl,
  episodeJsonUrl,
  episodeMarkdownUrl,
  isOnBase,
  transcriptJobUrls,
  transcriptionRequestUrl,
  transcriptsUrl,
  type CatalogueRef,
} from './urls';

/**
 * The typed Stenobird client (`../shared/reference/stenobird-contract.md`). Every call answers
 * a `ClientResult`: a zod-checked value, or one `StenobirdError` with a sentence for the user.
 */

export interface ClientOptions {
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` to the transcripts API, and only on the base URL's origin. */
  apiKey?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export type ClientResult<T> = { ok: true; value: T } | { ok: false; error: StenobirdError };

function call(client: ClientOptions, url: string, rest: Omit<HttpOptions, 'timeoutMs' | 'fetch' | 'now'>): Promise<HttpResult> {
  return stenobirdFetch(url, { ...rest, timeoutMs: client.timeoutMs, fetch: client.fetch, now: client.now });
}

function parsed<T>(result: HttpResult, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): ClientResult<T> {
  if (!result.ok) return result;
  const value = schema.safeParse(result.body);
  return value.success ? { ok: true, value: value.data } : { ok: false, error: stenobirdError('malformed', { status: result.status }) };
}

/**
 * §2: a catalogue episode, or `undefined` when it is not in the catalogue (a `404` is a normal
 * answer, not an error). A `200` whose JSON does not match the assumed schema is read from the
 * episode's Markdown twin, whose format is confirmed; only when both fail is it "malformed".
 */
export async function lookUpCatalogueEpisode(client: ClientOptions, ref: CatalogueRef): Promise<ClientResult<CatalogueEpisode | undefined>> {
  const result = await call(client, episodeJsonUrl(client.baseUrl, ref), { method: 'GET', idempotent: true });
  if (!result.ok) return result.error.kind === 'not-found' ? { ok: true, value: undefined } : result;
  const episode = catalogueEpisodeSchema.safeParse(result.body);
  if (episode.success) return { ok: true, value: episode.data };

  const markdown = await call(client, episodeMarkdownUrl(client.baseUrl, ref), {
    method: 'GET',
    idempotent: true,
    accept: 'text/markdown, text/plain;q=0.9',
    maxBytes: MAX_MARKDOWN_BYTES,
  });
  if (!markdown.ok && (markdown.error.kind === 'too-large' || markdown.error.kind === 'redirected')) return markdown;
  const fromMarkdown = markdown.ok && typeof markdown.body === 'string' ? parseEpisodeMarkdown(markdown.body, ref) : undefined;
  return fromMarkdown ? { ok: true, value: fromMarkdown } : { ok: false, error: stenobirdError('malformed', { status: result.status }) };
}

export { ACCEPTED_UNREAD };

/**
 * §3 `POST …/transcription-requests`: idempotent, so it is retried on transient failures. The
 * answer is `queued`, `already_requested`, `available` or a status shown verbatim; a `2xx` whose
 * body cannot be read is still an accepted request (`ACCEPTED_UNREAD`). An error status stays an
 * error whatever its body.
 */
export async function requestCatalogueTranscript(client: ClientOptions, ref: CatalogueRef): Promise<ClientResult<TranscriptionRequestResponse>> {
  const result = await call(client, transcriptionRequestUrl(client.baseUrl, ref), { method: 'POST', idempotent: true });
  if (!result.ok) return result;
  const answer = transcriptionRequestResponseSchema.safeParse(result.body);
  return { ok: true, value: answer.success ? answer.data : { status: ACCEPTED_UNREAD, transcript_url: undefined, retry_after_seconds: undefined } };
}

/** A fresh `Idempotency-Key`: make one per transcription the user asks for, keep it for every retry of it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export function authorisation(client: ClientOptions, url: string): Record<string, string> {
  return client.apiKey && isOnBase(url, client.baseUrl) ? { Authorization: `Bearer ${client.apiKey}` } : {};
}

/**
 * §5 `POST /v1/transcripts`: transcribe any public audio URL. The same `idempotencyKey` on every
 * retry (inline, or later from the request queue) means Stenobird makes one job, and bills once.
 */
export async function createTranscript(
  client: ClientOptions,
  request: { audioUrl: string; webhookUrl?: string; idempotencyKey: string },
): Promise<ClientResult<TranscriptJob>> {
  const url = transcriptsUrl(client.baseUrl);
  const result = await call(client, url, {
    method: 'POST',
    idempotent: true,
    headers: { 'Idempotency-Key': request.idempotencyKey, ...authorisation(client, url) },
    json: { audio_url: request.audioUrl, ...(request.webhookUrl ? { webhook_url: request.webhookUrl } : {}) },
  });
  return parsed(result, transcriptJobSchema);
}

/**
 * A job's URLs. The server's own URLs are used only when they are on the configured base (the
 * API key must not follow a link elsewhere); otherwise they are built from the job id.
 */
export type JobLinks = Pick<TranscriptJob, 'id' | 'status_url' | 'poll_url' | 'events_url' | 'result_url'>;

export function jobUrls(client: ClientOptions, job: JobLinks) {
  const built = transcriptJobUrls(client.baseUrl, job.id);
  const pick = (given: string | undefined, fallback: string | undefined) => (given && isOnBase(given, client.baseUrl) ? given : fallback);
  return {
    status: pick(job.poll_url ?? job.status_url, built?.status),
    events: pick(job.events_url, built?.events),
    result: pick(job.result_url, built?.result),
  };
}

/** The job's Server-Sent Events URL (§5), for the events UI to open. */
export function transcriptEventsUrl(client: ClientOptions, job: JobLinks): string | undefined {
  return jobUrls(client, job).events;
}

function noUrl(): ClientResult<never> {
  return { ok: false, error: stenobirdError('malformed') };
}

/** §5 `GET {status_url}`: the job now. */
export async function getTranscriptJob(client: ClientOptions, job: JobLinks): Promise<ClientResult<TranscriptJob>> {
  const url = jobUrls(client, job).status;
  if (!url) return noUrl();
  return parsed(await call(client, url, { method: 'GET', idempotent: true, headers: authorisation(client, url) }), transcriptJobSchema);
}

export type ResultState = { ready: true; transcript: TranscriptResult } | { ready: false; retryAt: number };

/** How long to wait on a `409 transcript_not_ready` that names no time. */
export const NOT_READY_DEFAULT_WAIT_MS = 2_000;

/**
 * §5 `GET {result_url}`: the transcript, or "not ready yet" with when to ask again (a `409
 * transcript_not_ready` and its `retry_after_seconds`), which is a normal answer, not an error.
 */
export async function getTranscriptResult(client: ClientOptions, job: JobLinks): Promise<ClientResult<ResultState>> {
  const url = jobUrls(client, job).result;
  if (!url) return noUrl();
  const result = await call(client, url, {
    method: 'GET',
    idempotent: true,
    headers: authorisation(client, url),
    accept: 'application/json, text/plain;q=0.9',
    maxBytes: MAX_TRANSCRIPT_BYTES,
  });
  if (!result.ok && result.error.status === 409 && (result.error.code ?? 'transcript_not_ready') === 'transcript_not_ready') {
    const now = (client.now ?? Date.now)();
    return { ok: true, value: { ready: false, retryAt: result.error.retryAt ?? now + NOT_READY_DEFAULT_WAIT_MS } };
  }
  const transcript = parsed(result, transcriptResultSchema);
  return transcript.ok ? { ok: true, value: { ready: true, transcript: transcript.value } } : transcript;
}

/**
 * "Test connection" (the options page): is there a Stenobird at this base URL, and does it take
 * this API key? One authenticated GET of a job that does not exist (`connectionCheckUrl`):
 * - `404` with Stenobird's error envelope, or any `2xx`: Stenobird answered, and the key (if
 *   any) was not refused; without a key, a `401` also means Stenobird is there;
 * - `401`/`403` with a key: the key was refused; `402`: the key is known, the account cannot pay;
 * - a `404` that is not Stenobird's JSON (a web server's page): not a Stenobird;
 * - anything else: the usual error (offline, timeout, rate limited, service trouble).
 */
export type ConnectionCheck =
  | { ok: true; withKey: boolean }
  | { ok: false; problem: 'key-refused' | 'payment-required' | 'not-stenobird' }
  | { ok: false; problem: 'unreachable'; error: StenobirdError };

export async function checkConnection(client: ClientOptions): Promise<ConnectionCheck> {
  const url = connectionCheckUrl(client.baseUrl);
  const withKey = !!client.apiKey;
  const result = await call(client, url, { method: 'GET', idempotent: true, headers: authorisation(client, url) });
  if (result.ok) return { ok: true, withKey };
  const { error } = result;
  if (error.status === 404) return error.code ? { ok: true, withKey } : { ok: false, problem: 'not-stenobird' };
  if (error.status === 402) return { ok: false, problem: 'payment-required' };
  if (error.status === 401 || error.status === 403) return withKey ? { ok: false, problem: 'key-refused' } : { ok: true, withKey };
  return { ok: false, problem: 'unreachable', error };
}
