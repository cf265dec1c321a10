import { MAX_REDIRECTS } from './fetch-policy';

/**
 * Redirects, followed by the extension itself rather than by `fetch`: every request is sent with
 * `redirect: 'manual'`, and each hop is checked (`mayFollow`) before a byte goes to it. A
 * redirect `fetch` followed by itself would reach any address a server names, the user's own
 * machine and network included (issue 13).
 *
 * Where the next address comes from: in both browsers' extension contexts (Chromium's service
 * worker, Firefox's background page, extension pages) a manual redirect answers an
 * `opaqueredirect` response, with no status and no `Location` header, so the header is read from
 * the extension's own `webRequest` event for that request (`redirect-watch.ts`). A response
 * that does show its `Location` (a plain 3xx, as a test's fake fetch gives) is read directly.
 * When neither says where, the redirect is not followed.
 */

/** Reads the `Location` of one request's redirect, if the request turns out to be one. */
export interface RedirectWatch {
  /** The `Location` the redirect named, or `undefined` when it cannot be known. */
  location(): Promise<string | undefined>;
  stop(): void;
}

/** Starts watching a request before it is sent (its events may arrive before or after `fetch` answers). */
export type WatchRedirect = (url: string, signal?: AbortSignal) => RedirectWatch;

/** For code without a way to read a redirect's address: every opaque redirect ends the request. */
export const noRedirectWatch: WatchRedirect = () => ({ location: async () => undefined, stop: () => undefined });

export type Followed =
  | { ok: true; response: Response; url: string }
  /** A redirect to an address `mayFollow` refused (`to`), or one whose address could not be read. */
  | { ok: false; reason: 'refused'; from: string; to?: string }
  | { ok: false; reason: 'too-many'; from: string };

export interface FollowOptions {
  /** One request, sent with `redirect: 'manual'`. */
  send(url: string): Promise<Response>;
  /** Whether a redirect may be followed to this address. */
  mayFollow(url: URL): boolean;
  watch?: WatchRedirect;
  signal?: AbortSignal;
  maxRedirects?: number;
}

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

export function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || REDIRECT_STATUS.has(response.status);
}

/**
 * Sends `url`, then follows each redirect `mayFollow` allows, at most `maxRedirects` (5). The
 * first request is the caller's to check; a failure of `send` (network, abort) is thrown as is.
 */
export async function fetchFollowing(url: string, options: FollowOptions): Promise<Followed> {
  const watch = options.watch ?? noRedirectWatch;
  const limit = options.maxRedirects ?? MAX_REDIRECTS;
  let current = url;
  for (let hops = 0; ; hops++) {
    const watching = watch(current, options.signal);
    let response: Response;
    try {
      response = await options.send(current);
    } catch (error) {
      watching.stop();
      throw error;
    }
    if (!isRedirect(response)) {
      watching.stop();
      return { ok: true, response, url: response.url || current };
    }
    void response.body?.cancel().catch(() => undefined);
    const location = response.headers.get('location') ?? (await watching.location());
    watching.stop();
    // Timed out while the address was awaited: the caller's timeout, not a refusal.
    options.signal?.throwIfAborted();
    if (hops >= limit) return { ok: false, reason: 'too-many', from: current };
    const next = location !== undefined && URL.canParse(location, current) ? new URL(location, current) : undefined;
    if (!next || !options.mayFollow(next)) return { ok: false, reason: 'refused', from: current, to: next?.href };
    next.hash = '';
    current = next.href;
  }
}
