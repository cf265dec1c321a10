import { vi } from 'vitest';
import type { fakeStenobird } from './fake-stenobird';

/**
 * The web as the background sees it in unit tests, installed as `fetch`: stenobird.com answered
 * by the in-memory Stenobird, every other address by the pages a test serves (404 otherwise).
 * Records each request to the other sites with the `Accept` header it carried.
 */
export function fakeWeb(stenobird: ReturnType<typeof fakeStenobird>) {
  const pages = new Map<string, () => Response>();
  const calls: Array<{ url: string; accept: string | null; credentials: string }> = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname === 'stenobird.com') return stenobird.fetch(request);
    calls.push({ url: url.href, accept: request.headers.get('accept'), credentials: init?.credentials ?? request.credentials });
    const page = pages.get(url.href);
    return page ? page() : new Response('<!doctype html><h1>Not found</h1>', { status: 404, headers: { 'content-type': 'text/html' } });
  });
  return {
    fetch,
    calls,
    page(url: string, html: string) {
      pages.set(url, () => new Response(html, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }));
    },
    json(url: string, body: unknown) {
      pages.set(url, () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
    },
    /** Any answer: a type of its own, a status, a body that streams or never ends. */
    serve(url: string, answer: () => Response | Promise<Response>) {
      pages.set(url, answer as () => Response);
    },
    callsTo: (url: string) => calls.filter((c) => c.url === url),
  };
}
