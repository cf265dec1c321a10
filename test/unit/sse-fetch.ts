import { vi } from 'vitest';

/**
 * Server-Sent Events bodies for unit tests: real `Response`s whose bodies arrive in the chunks a
 * test chooses (down to single bytes), and may break or go silent, as networks do.
 */
const encoder = new TextEncoder();

export interface SseBody {
  /** Pieces of the stream, sent one by one; strings are UTF-8 encoded. */
  chunks: Array<string | Uint8Array>;
  /** After the chunks: `close` ends the stream, `break` fails it (a network error), `hang` sends nothing more. */
  then?: 'close' | 'break' | 'hang';
  status?: number;
  contentType?: string;
}

export function sseResponse(body: SseBody): Response {
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const chunk of body.chunks) {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
        // Each piece is its own network read. setImmediate, not setTimeout(0): a byte-by-byte
        // stream is hundreds of pieces, and each setTimeout costs at least a millisecond.
        await new Promise((r) => setImmediate(r));
      }
      if ((body.then ?? 'close') === 'close') controller.close();
      if (body.then === 'break') controller.error(new TypeError('network error'));
    },
  });
  return new Response(stream, { status: body.status ?? 200, headers: { 'content-type': body.contentType ?? 'text/event-stream' } });
}

/** The bytes of `text`, one per chunk: every line and every multi-byte character is split. */
export function byteByByte(text: string): Uint8Array[] {
  return [...encoder.encode(text)].map((b) => Uint8Array.of(b));
}

/** One SSE event as a server writes it. */
export function sseEvent(event: string, data: unknown, id?: number | string): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** As a browser's fetch does: aborting the request fails a body still being read. */
function abortable(response: Response, signal: AbortSignal | undefined): Response {
  if (!signal || !response.body) return response;
  const reader = response.body.getReader();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start: (c) => void (controller = c),
    async pull(c) {
      try {
        const { done, value } = await reader.read();
        if (done) c.close();
        else c.enqueue(value);
      } catch (error) {
        c.error(error);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  signal.addEventListener('abort', () => {
    controller.error(new DOMException('aborted', 'AbortError'));
    reader.cancel().catch(() => undefined);
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

/**
 * A fetch answering each request with the next answer for its URL (a function gets the request,
 * so a test can look at its headers); every request is kept for the test to read.
 */
export function routedFetch(routes: Record<string, Array<(request: Request) => Response | Promise<Response>>>) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    requests.push(request);
    const queue = routes[request.url];
    const next = queue?.shift();
    if (!next) throw new Error(`unexpected request: ${request.method} ${request.url}`);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return abortable(await next(request), signal);
  });
  return { fetch, requests };
}
