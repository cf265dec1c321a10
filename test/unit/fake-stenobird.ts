import { vi } from 'vitest';

/**
 * A small in-memory Stenobird for background unit tests, installed as the global `fetch`. It
 * follows the contract by default (catalogue JSON, idempotent transcription requests); a test
 * queues deviations with `next(...)` and reads back what it was asked.
 */
export interface FakeEpisode {
  title: string;
  transcriptUrl?: string;
  requestStatus?: string;
}

export function fakeStenobird() {
  const catalogue = new Map<string, FakeEpisode>();
  const calls: Array<{ method: string; path: string }> = [];
  const scripted: Array<{ method: string; path: RegExp; answer: () => Response | Promise<Response> }> = [];
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    calls.push({ method: request.method, path: url.pathname });
    const script = scripted.findIndex((s) => s.method === request.method && s.path.test(url.pathname));
    if (script >= 0) return scripted.splice(script, 1)[0]!.answer();

    const match = /^\/v1\/public\/podcasts\/([a-z0-9-]+)\/episodes\/([a-z0-9-]+)(\/transcription-requests)?$/.exec(url.pathname);
    const episode = match ? catalogue.get(`${match[1]}/${match[2]}`) : undefined;
    if (!match || !episode) return json(404, { error: { code: 'episode_not_found', message: 'No such episode.' } });
    if (request.method === 'GET' && !match[3]) {
      return json(200, {
        slug: match[2],
        title: episode.title,
        processing_state: 'processed',
        transcript_url: episode.transcriptUrl ?? null,
        transcription_request: episode.requestStatus ? { status: episode.requestStatus, requested_at: '2026-01-01T00:00:00Z' } : null,
      });
    }
    if (request.method === 'POST' && match[3]) {
      if (episode.transcriptUrl) return json(200, { status: 'available', transcript_url: episode.transcriptUrl });
      const already = !!episode.requestStatus;
      episode.requestStatus ??= 'queued';
      return json(202, { status: already ? 'already_requested' : 'queued' });
    }
    return json(405, {});
  });

  return {
    fetch,
    catalogue,
    calls,
    json,
    add(key: string, episode: FakeEpisode) {
      catalogue.set(key, episode);
    },
    /** The next request matching method and path gets this answer instead of the default. */
    next(method: string, path: RegExp, answer: () => Response | Promise<Response>) {
      scripted.push({ method, path, answer });
    },
    callsTo(method: string, path: RegExp) {
      return calls.filter((c) => c.method === method && path.test(c.path));
    },
  };
}
