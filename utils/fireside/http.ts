import { boundedFetch, isSuccess } from '../net/bounded-fetch';
import { mayFetch } from '../net/fetch-policy';
import type { WatchRedirect } from '../net/follow-redirects';
import { FIRESIDE_SHOW_SITES } from '../patterns';

/**
 * The only code that fetches from Fireside show sites: a link's JSON Feed (`<origin>/json`) or
 * its page, read by the background to resolve a right-clicked link without opening it. Stenobird
 * is never reached from here (see `utils/stenobird/http.ts` for that, and the boundary test).
 *
 * Every fetch has a timeout, a size cap (a feed or a page is a few MB at most) and no cookies
 * (the user's session on the show's site is none of Stenobird Companion's business). The address
 * and every redirect hop must pass `mayFetch` (https, a public host the extension holds a
 * permission for): a show's site cannot send the extension to the user's own network.
 */

export const FIRESIDE_TIMEOUT_MS = 10_000;

/** A show's whole feed, RSS or JSON (every episode, show notes included): far beyond any real one. */
export const MAX_FEED_BYTES = 20_000_000;

/**
 * Fireside answers 404 to requests without an `Accept` header (fireside-research.md §1.2), and
 * its `/json` is only known to answer with `text/html` accepted too: ask for both.
 */
export const ACCEPT_JSON = 'application/json, text/html;q=0.9, */*;q=0.8';
export const ACCEPT_HTML = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8';

/** Fireside's show sites: what the manifest's host permission covers. */
export const FIRESIDE_REACH: readonly string[] = [FIRESIDE_SHOW_SITES];

export type FetchedText =
  | { ok: true; status: number; url: string; contentType: string; text: string }
  /** `not-allowed`: the address itself is not one the extension may fetch; nothing was sent. */
  | { ok: false; reason: 'offline' | 'timeout' | 'too-large' | 'status' | 'not-allowed'; status?: number }
  /** A redirect to an address the extension may not fetch (`to`, when it could be read), or too many. */
  | { ok: false; reason: 'refused'; to?: string };

export interface FiresideFetchOptions {
  accept: string;
  maxBytes: number;
  /**
   * The match patterns the extension holds host permissions for (`permissions.getAll().origins`);
   * Fireside's own show sites when not given.
   */
  reach?: readonly string[];
  /** Reads a redirect's address (`utils/net/redirect-watch.ts` in the extension). */
  watch?: WatchRedirect;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** One GET, answered or failed within the timeout (body included). Not retried: a fallback follows. */
export async function firesideGet(url: string, options: FiresideFetchOptions): Promise<FetchedText> {
  const reach = options.reach ?? FIRESIDE_REACH;
  if (!mayFetch(url, reach)) return { ok: false, reason: 'not-allowed' };
  const answer = await boundedFetch(url, {
    headers: { Accept: options.accept },
    credentials: 'omit',
    timeoutMs: options.timeoutMs ?? FIRESIDE_TIMEOUT_MS,
    maxBytes: options.maxBytes,
    // An error page is not read: its status is all the fallback needs.
    maxErrorBytes: 0,
    mayFollow: (hop) => mayFetch(hop, reach),
    watch: options.watch,
    fetch: options.fetch,
  });
  if (!answer.ok) return answer;
  if (!isSuccess(answer.status)) return { ok: false, reason: 'status', status: answer.status };
  if (answer.text === undefined) return { ok: false, reason: 'too-large', status: answer.status };
  return { ok: true, status: answer.status, url: answer.url, contentType: answer.headers.get('content-type') ?? '', text: answer.text };
}
