import { readCappedText } from './capped-body';
import { fetchFollowing, type WatchRedirect } from './follow-redirects';

/**
 * One HTTP request as every fetch of the extension makes it (Stenobird's API through
 * `utils/stenobird/http.ts`, Fireside's show sites through `utils/fireside/http.ts`): bounded in
 * time (one timeout covering the headers and the whole body), in size (the body read up to a
 * cap, `capped-body.ts`) and in where it goes (redirects followed one checked hop at a time,
 * `follow-redirects.ts`). Retries, statuses and what an answer means are the callers' business.
 * It knows nothing of Stenobird or Fireside.
 */

export interface BoundedRequest {
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Sent as it is; a JSON body's `Content-Type` is the caller's to set. */
  body?: string;
  credentials?: RequestCredentials;
  cache?: RequestCache;
  timeoutMs: number;
  /** The largest body read from a `2xx` answer. */
  maxBytes: number;
  /** The largest body read from any other answer (`0`: not read, only its status is wanted). */
  maxErrorBytes: number;
  /** Whether a redirect may be followed to this address (the first address is the caller's to check). */
  mayFollow(hop: URL): boolean;
  watch?: WatchRedirect;
  fetch?: typeof fetch;
}

export type BoundedAnswer =
  /** `text`: the body, `undefined` when it was larger than its cap (nothing of it is kept) or not read. */
  | { ok: true; status: number; headers: Headers; url: string; text: string | undefined }
  /** `timeout`: no whole answer within `timeoutMs`; `offline`: the request failed on the network. */
  | { ok: false; reason: 'offline' | 'timeout' }
  /** A redirect `mayFollow` refused (`to`, when its address could be read), or one too many. */
  | { ok: false; reason: 'refused'; to?: string };

export const isSuccess = (status: number): boolean => status >= 200 && status < 300;

export async function boundedFetch(url: string, request: BoundedRequest): Promise<BoundedAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  const init: RequestInit = { method: request.method ?? 'GET', headers: request.headers, redirect: 'manual', signal: controller.signal };
  // Only what the caller set: the defaults stay the browser's.
  if (request.body !== undefined) init.body = request.body;
  if (request.credentials) init.credentials = request.credentials;
  if (request.cache) init.cache = request.cache;
  try {
    const followed = await fetchFollowing(url, {
      send: (hop) => (request.fetch ?? fetch)(hop, init),
      mayFollow: request.mayFollow,
      watch: request.watch,
      signal: controller.signal,
    });
    if (!followed.ok) return { ok: false, reason: 'refused', to: followed.reason === 'refused' ? followed.to : undefined };
    const { response } = followed;
    const cap = isSuccess(response.status) ? request.maxBytes : request.maxErrorBytes;
    let text: string | undefined;
    if (cap > 0) text = await readCappedText(response, cap);
    else void response.body?.cancel().catch(() => undefined);
    return { ok: true, status: response.status, headers: response.headers, url: followed.url, text };
  } catch {
    // The abort is the timeout's (headers or body); any other failure is the network's.
    return { ok: false, reason: controller.signal.aborted ? 'timeout' : 'offline' };
  } finally {
    clearTimeout(timer);
  }
}
