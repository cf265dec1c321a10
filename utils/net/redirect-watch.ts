import { browser } from 'wxt/browser';
import type { RedirectWatch, WatchRedirect } from './follow-redirects';

/**
 * The `Location` of the extension's own redirected request, read from its `webRequest` event
 * (see `follow-redirects.ts` for why `fetch` cannot tell). The listener exists only while one
 * request is on its way, admits only `fetch` requests to that one URL made by this extension
 * (Chromium's `initiator`, Firefox's `originUrl`), and only reads their headers: it never blocks
 * or changes a request, and never sees a page the user opens.
 *
 * Not registered at start-up like the background's other listeners: nothing needs to wake the
 * worker for it, and a request in flight keeps it awake.
 */

interface HeadersDetails {
  url: string;
  statusCode: number;
  responseHeaders?: Array<{ name: string; value?: string }>;
  /** Chromium. */
  initiator?: string;
  /** Firefox. */
  originUrl?: string;
}

const withoutHash = (url: string) => url.replace(/#.*$/, '');

export const watchRedirect: WatchRedirect = (url: string, signal?: AbortSignal): RedirectWatch => {
  let settle: (location: string | undefined) => void = () => undefined;
  const seen = new Promise<string | undefined>((resolve) => (settle = resolve));
  const target = withoutHash(url);
  // `chrome-extension://<id>` / `moz-extension://<uuid>` (not `URL.origin`: some parsers call
  // such an origin "null").
  const ownOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  const fromUs = (d: HeadersDetails) => [d.initiator, d.originUrl].some((origin) => origin === ownOrigin || !!origin?.startsWith(`${ownOrigin}/`));
  const listener = (details: HeadersDetails) => {
    if (withoutHash(details.url) !== target || details.statusCode < 300 || details.statusCode > 399 || !fromUs(details)) return;
    settle(details.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value);
  };
  const events = browser.webRequest?.onHeadersReceived;
  let listening = false;
  try {
    const { origin } = new URL(url);
    events.addListener(listener as never, { urls: [`${origin.replace(/:\d+$/, '')}/*`], types: ['xmlhttprequest'] }, ['responseHeaders']);
    listening = true;
  } catch {
    // No webRequest here (or a URL no pattern can name): the redirect's address stays unknown.
    settle(undefined);
  }
  const onAbort = () => settle(undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  return {
    location: () => seen,
    stop() {
      signal?.removeEventListener('abort', onAbort);
      if (listening) events.removeListener(listener as never);
      listening = false;
      settle(undefined);
    },
  };
};
