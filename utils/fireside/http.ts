/**
 * The only code that fetches from Fireside show sites: a link's JSON Feed (`<origin>/json`) or
 * its page, read by the background to resolve a right-clicked link without opening it. Stenobird
 * is never reached from here (see `utils/stenobird/http.ts` for that, and the boundary test).
 *
 * Every fetch has a timeout, a size cap (a feed or a page is a few MB at most) and no cookies
 * (the user's session on the show's site is none of Stenobird Companion's business).
 */

export const FIRESIDE_TIMEOUT_MS = 10_000;

/**
 * Fireside answers 404 to requests without an `Accept` header (fireside-research.md §1.2), and
 * its `/json` is only known to answer with `text/html` accepted too: ask for both.
 */
export const ACCEPT_JSON = 'application/json, text/html;q=0.9, */*;q=0.8';
export const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8';

export type FetchedText =
  | { ok: true; status: number; url: string; contentType: string; text: string }
  | { ok: false; reason: 'offline' | 'timeout' | 'too-large' | 'status'; status?: number };

export interface FiresideFetchOptions {
  accept: string;
  maxBytes: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The body as text, or `undefined` once it grows past `maxBytes`. */
async function cappedText(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** One GET, answered or failed within the timeout (body included). Not retried: a fallback follows. */
export async function firesideGet(url: string, options: FiresideFetchOptions): Promise<FetchedText> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? FIRESIDE_TIMEOUT_MS);
  try {
    const response = await (options.fetch ?? fetch)(url, {
      headers: { Accept: options.accept },
      credentials: 'omit',
      redirect: 'follow',
      signal: controller.signal,
    });
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: 'status', status: response.status };
    }
    const text = await cappedText(response, options.maxBytes);
    if (text === undefined) return { ok: false, reason: 'too-large', status: response.status };
    return { ok: true, status: response.status, url: response.url || url, contentType: response.headers.get('content-type') ?? '', text };
  } catch {
    return { ok: false, reason: controller.signal.aborted ? 'timeout' : 'offline' };
  } finally {
    clearTimeout(timer);
  }
}
