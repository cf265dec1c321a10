import type { StenobirdError } from './errors';
import { stenobirdError } from './errors';
import { stenobirdFetch, type HttpOptions } from './http';
import { transcriptionRequestResponseSchema, type TranscriptionRequestResponse } from './schemas';
import { transcriptionRequestUrl, type CatalogueRef } from './urls';

export interface ClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type ClientResult<T> = { ok: true; value: T } | { ok: false; error: StenobirdError };

function httpOptions(client: ClientOptions, rest: Pick<HttpOptions, 'method' | 'idempotent'>): HttpOptions {
  return { ...rest, timeoutMs: client.timeoutMs, fetch: client.fetch };
}

/**
 * `POST …/transcription-requests` (contract §3): idempotent, so it is retried on transient
 * failures. The answer is `queued`, `already_requested`, `available` or a status shown verbatim.
 */
export async function requestCatalogueTranscript(
  client: ClientOptions,
  ref: CatalogueRef,
): Promise<ClientResult<TranscriptionRequestResponse>> {
  const result = await stenobirdFetch(
    transcriptionRequestUrl(client.baseUrl, ref),
    httpOptions(client, { method: 'POST', idempotent: true }),
  );
  if (!result.ok) return result;
  const parsed = transcriptionRequestResponseSchema.safeParse(result.body);
  if (!parsed.success) return { ok: false, error: stenobirdError('malformed', { status: result.status }) };
  return { ok: true, value: parsed.data };
}
