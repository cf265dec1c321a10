import { vi } from 'vitest';

/** Scripted `fetch` for unit tests: answers in order, and fails loudly on a request nobody expected. */
export function respond(...responses: Array<Response | Error>) {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
    const next = responses.shift();
    if (!next) throw new Error('unexpected extra request');
    if (next instanceof Error) throw next;
    return next;
  });
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const text = (status: number, body: string, contentType = 'text/plain') =>
  new Response(body, { status, headers: { 'content-type': contentType } });

/** A server that never answers: the request ends only when its signal aborts. */
export function hangingFetch() {
  return vi.fn(
    (input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        const signal = init?.signal ?? (input as Request).signal;
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      }),
  );
}

/** The request a call handed to fetch, as a `Request` (an address and its options, or one already). */
export function requestOf(fetch: { mock: { calls: Array<[RequestInfo | URL, RequestInit?]> } }, call = 0): Request {
  const [input, init] = fetch.mock.calls[call]!;
  return input instanceof Request ? input : new Request(input, init);
}
