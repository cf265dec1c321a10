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

/** A job of the transcripts API (§5); a test moves it on by editing `status`. */
export interface FakeJob {
  id: string;
  audioUrl: string;
  mode: 'preview' | 'full';
  status: string;
  terminal: boolean;
}

export function fakeStenobird() {
  const catalogue = new Map<string, FakeEpisode>();
  const jobs = new Map<string, FakeJob>();
  const jobsByKey = new Map<string, string>();
  const calls: Array<{ method: string; path: string; headers: Headers; body: string }> = [];
  const scripted: Array<{ method: string; path: RegExp; answer: () => Response | Promise<Response> }> = [];
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    calls.push({ method: request.method, path: url.pathname, headers: request.headers, body: await request.clone().text() });
    const script = scripted.findIndex((s) => s.method === request.method && s.path.test(url.pathname));
    if (script >= 0) return scripted.splice(script, 1)[0]!.answer();

    if (url.pathname === '/v1/transcripts' && request.method === 'POST') {
      const { audio_url: audioUrl } = JSON.parse(calls.at(-1)!.body) as { audio_url: string };
      const key = request.headers.get('idempotency-key') ?? crypto.randomUUID();
      const id = jobsByKey.get(key) ?? `tr_${jobs.size + 1}`;
      if (!jobs.has(id)) jobs.set(id, { id, audioUrl, mode: request.headers.has('authorization') ? 'full' : 'preview', status: 'queued', terminal: false });
      jobsByKey.set(key, id);
      return json(201, jobBody(jobs.get(id)!));
    }
    const jobMatch = /^\/v1\/transcripts\/(tr_\w+)$/.exec(url.pathname);
    if (jobMatch && request.method === 'GET') {
      const job = jobs.get(jobMatch[1]!);
      return job ? json(200, jobBody(job)) : json(404, { error: { code: 'transcript_not_found', message: 'No such transcript.' } });
    }

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

  function jobBody(job: FakeJob) {
    const url = `https://stenobird.com/v1/transcripts/${job.id}`;
    return {
      id: job.id,
      status: job.status,
      mode: job.mode,
      status_url: url,
      poll_url: url,
      events_url: `${url}/events`,
      result_url: `${url}/result`,
      terminal: job.terminal,
      result_ready: job.terminal,
      retry_after_seconds: 2,
    };
  }

  return {
    fetch,
    catalogue,
    jobs,
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
