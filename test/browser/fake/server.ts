import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeCertificate } from './cert';
import {
  defaultCatalogue,
  episodeHtml,
  episodeJson,
  episodeMarkdown,
  simplePage,
  type FakeCatalogueEpisode,
} from './stenobird-pages';

/**
 * A local HTTPS fake of stenobird.com and of Fireside sites, reached by Chromium under the real
 * host names (see `harness.ts`). It follows `../shared/reference/stenobird-contract.md` by default;
 * a test scripts deviations (errors, delays, malformed bodies, hangs) and reads back what it got.
 */

export interface RecordedRequest {
  method: string;
  host: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  delayMs?: number;
  /** Never answer (the request stays open until the server closes). */
  hang?: boolean;
  /** Server-Sent Events, sent at once and then the stream ends. */
  events?: Array<{ event: string; data: unknown }>;
  /** A job's live event stream (the default for `GET …/events`). */
  stream?: FakeJob;
}


interface Script {
  method: string;
  path: RegExp;
  host?: string;
  responses: FakeResponse[];
}

/** One Server-Sent Event of a job; its `id:` is its 1-based position in the job's events. */
export interface FakeJobEvent {
  event: string;
  data: Record<string, unknown>;
}

/**
 * A transcript job of the fake's §5 API. It runs on the server by itself: `released` events have
 * happened (the status URL reports the latest), and every open events stream gets each one as
 * it is released, by the job's pace or by the test (`advance`).
 */
export interface FakeJob {
  id: string;
  audioUrl: string;
  mode: 'preview' | 'full';
  events: FakeJobEvent[];
  released: number;
  /** The result answers 409 transcript_not_ready this many more times after `done`. */
  notReady: number;
  /** The whole text the result gives. */
  text: string;
}

/**
 * How the fake runs the jobs it makes (set before the POST). `paceMs`: one event every so many
 * ms; `null`: nothing happens until the test calls `advance`.
 */
export interface JobScript {
  chunks: string[];
  /** How many chunks a preview gets (Stenobird stops after 15 seconds of audio). */
  previewChunks: number;
  paceMs: number | null;
  /** Send `id:` fields (and honour `Last-Event-ID`). */
  ids: boolean;
  /** A `retry:` field at the start of each stream, in ms. */
  retryMs?: number;
  /** The result's 409s after `done`. */
  notReady: number;
}

export const defaultJobScript = (): JobScript => ({
  chunks: ['Hello and welcome to Elixir Wizards.', 'Today we talk about Rustler,', 'bridging Elixir and Rust,', 'with Sonny Scroggin.'],
  previewChunks: 2,
  paceMs: 40,
  ids: true,
  retryMs: 300,
  notReady: 0,
});

/** An events connection being served. */
interface OpenStream {
  job: FakeJob;
  res: ServerResponse;
  next: number;
}

export const STENOBIRD_HOST = 'stenobird.com';
export const STENOBIRD_BASE = `https://${STENOBIRD_HOST}`;

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly catalogue = new Map<string, FakeCatalogueEpisode>();
  /** Arbitrary pages (Fireside sites and others) by `host + path`. */
  readonly pages = new Map<string, { body: string | Buffer; contentType: string }>();
  /** §5 jobs by id, and the Idempotency-Key each was made with. */
  readonly jobs = new Map<string, FakeJob>();
  private jobsByKey = new Map<string, string>();
  /** How new jobs run; a test changes it before the POST. */
  jobScript: JobScript = defaultJobScript();
  private streams = new Set<OpenStream>();
  private timers = new Set<ReturnType<typeof setInterval>>();
  /**
   * API keys Stenobird accepts; a request bearing any other key gets `401 invalid_api_key`.
   * Empty: every key is accepted (the contract's default, as far as it is known).
   */
  readonly apiKeys = new Set<string>();
  private scripts: Script[] = [];
  private server?: Server;
  private openResponses = new Set<ServerResponse>();
  port = 0;

  constructor(readonly extraHosts: string[] = []) {
    this.resetCatalogue();
  }

  resetCatalogue(): void {
    this.catalogue.clear();
    for (const e of defaultCatalogue()) this.addEpisode(e);
  }

  addEpisode(e: FakeCatalogueEpisode): void {
    this.catalogue.set(`${e.podcastSlug}/${e.slug}`, e);
  }

  episode(podcastSlug: string, slug: string): FakeCatalogueEpisode | undefined {
    return this.catalogue.get(`${podcastSlug}/${slug}`);
  }

  setPage(url: string, body: string | Buffer, contentType = 'text/html; charset=utf-8'): void {
    const u = new URL(url);
    this.pages.set(`${u.host}${u.pathname}`, { body, contentType });
  }

  /** The next matching requests get these responses, in order; then the default behaviour resumes. */
  script(method: string, path: RegExp, ...responses: FakeResponse[]): void {
    this.scripts.push({ method: method.toUpperCase(), path, responses });
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method.toUpperCase() && path.test(r.path));
  }

  /** Forget recorded requests, scripts and served pages; the catalogue and the jobs are reset too. */
  reset(): void {
    this.requests.length = 0;
    this.scripts = [];
    this.pages.clear();
    this.resetCatalogue();
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const stream of this.streams) stream.res.destroy();
    this.streams.clear();
    this.jobs.clear();
    this.jobsByKey.clear();
    this.jobScript = defaultJobScript();
    this.apiKeys.clear();
  }

  /** The job the extension made (there should be exactly one in most tests). */
  onlyJob(): FakeJob {
    const all = [...this.jobs.values()];
    if (all.length !== 1) throw new Error(`expected one job on the server, found ${all.length}`);
    return all[0]!;
  }

  /** Moves a job on by `count` events, sending each to every open events stream of the job. */
  advance(jobId: string, count = 1): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    job.released = Math.min(job.events.length, job.released + count);
    for (const stream of this.streams) if (stream.job === job) this.pump(stream);
  }

  /** Runs a job to its end. */
  finish(jobId: string): void {
    this.advance(jobId, Number.MAX_SAFE_INTEGER);
  }

  /**
   * Breaks every open events connection now, as a network failure does (the socket destroyed).
   * For a test that first saw the client show what it was sent: a socket reset right after a
   * write can discard data the client has not read yet, so "after N events" alone is a race.
   */
  breakStreams(): void {
    for (const stream of this.streams) stream.res.destroy();
    this.streams.clear();
  }

  /** Events connections open now. */
  openStreams(): number {
    return this.streams.size;
  }

  async start(): Promise<this> {
    const { key, cert } = makeCertificate(this.extraHosts);
    this.server = createServer({ key, cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const stream of this.streams) stream.res.destroy();
    for (const res of this.openResponses) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      host,
      path: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    // Browsers ask for a favicon on every page; it is noise in the request log.
    if (recorded.path !== '/favicon.ico') this.requests.push(recorded);
    const response = this.scripted(recorded) ?? this.route(recorded);
    if (response.stream) {
      this.serveStream(response.stream, recorded, res);
      return;
    }
    if (response.events) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      res.end(response.events.map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`).join(''));
      return;
    }
    if (response.hang) {
      this.openResponses.add(res);
      res.on('close', () => this.openResponses.delete(res));
      return;
    }
    if (response.delayMs) await new Promise((r) => setTimeout(r, response.delayMs));
    const isText = typeof response.body === 'string' || Buffer.isBuffer(response.body);
    const body = response.body === undefined ? '' : isText ? (response.body as string | Buffer) : JSON.stringify(response.body);
    res.writeHead(response.status ?? 200, {
      'content-type': isText ? 'text/html; charset=utf-8' : 'application/json',
      'cache-control': 'no-store',
      ...response.headers,
    });
    res.end(body);
  }

  private scripted(req: RecordedRequest): FakeResponse | undefined {
    const script = this.scripts.find(
      (s) => s.method === req.method && s.path.test(req.path) && (!s.host || s.host === req.host) && s.responses.length > 0,
    );
    return script?.responses.shift();
  }

  private route(req: RecordedRequest): FakeResponse {
    const path = req.path.split('?')[0]!;
    if (req.host === STENOBIRD_HOST) return this.refusedKey(req) ?? this.stenobird(req.method, path, req) ?? notFound();
    const page = this.pages.get(`${req.host}${path}`) ?? this.pages.get(`${req.host}${path.replace(/\/$/, '')}`);
    if (page && req.method === 'GET') return { body: page.body, headers: { 'content-type': page.contentType } };
    return notFound();
  }

  private stenobird(method: string, path: string, req?: RecordedRequest): FakeResponse | undefined {
    const routes: Array<[string, RegExp, (m: RegExpExecArray) => FakeResponse | undefined]> = [
      ['GET', /^\/podcast\/([a-z0-9-]+)\/([a-z0-9-]+)\.md$/, (m) => this.withEpisode(m, (e) => ({ body: episodeMarkdown(STENOBIRD_BASE, e), headers: { 'content-type': 'text/markdown; charset=utf-8' } }))],
      ['GET', /^\/podcast\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/, (m) => this.withEpisode(m, (e) => ({ body: episodeHtml(STENOBIRD_BASE, e) }))],
      ['GET', /^\/podcast\/([a-z0-9-]+)\/?$/, (m) => ({ body: simplePage(`Podcast ${m[1]}`, 'Episodes of this podcast.') })],
      ['GET', /^\/(docs|pricing)\/?$/, (m) => ({ body: simplePage(m[1]!, 'Stenobird documentation.') })],
      ['GET', /^\/v1\/public\/podcasts\/([a-z0-9-]+)\/episodes\/([a-z0-9-]+)$/, (m) => this.withEpisode(m, (e) => ({ body: episodeJson(STENOBIRD_BASE, e) }), true)],
      ['POST', /^\/v1\/public\/podcasts\/([a-z0-9-]+)\/episodes\/([a-z0-9-]+)\/transcription-requests$/, (m) => this.withEpisode(m, (e) => this.requestTranscript(e), true)],
      ['POST', /^\/v1\/transcripts$/, () => this.createJob(req!)],
      ['GET', /^\/v1\/transcripts\/(tr_[a-z0-9]+)$/, (m) => this.withJob(m, (j) => ({ body: this.jobJson(j) }))],
      ['GET', /^\/v1\/transcripts\/(tr_[a-z0-9]+)\/result$/, (m) => this.withJob(m, (j) => this.jobResult(j))],
      ['GET', /^\/v1\/transcripts\/(tr_[a-z0-9]+)\/events$/, (m) => this.withJob(m, (j) => ({ stream: j }))],
    ];
    for (const [routeMethod, pattern, handler] of routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return handler(match);
    }
    return undefined;
  }

  private refusedKey(req: RecordedRequest): FakeResponse | undefined {
    const key = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (key === undefined || this.apiKeys.size === 0 || this.apiKeys.has(key)) return undefined;
    return { status: 401, body: { error: { code: 'invalid_api_key', message: 'This API key is not valid.' } } };
  }

  private withEpisode(m: RegExpExecArray, ok: (e: FakeCatalogueEpisode) => FakeResponse, api = false): FakeResponse {
    const e = this.episode(m[1]!, m[2]!);
    if (e) return ok(e);
    return api
      ? { status: 404, body: { error: { code: 'episode_not_found', message: 'No such episode in the catalogue.' } } }
      : notFound();
  }

  /** Contract §5 `POST /v1/transcripts`: one job per Idempotency-Key; preview without a Bearer key. */
  private createJob(req: RecordedRequest): FakeResponse {
    let audioUrl: unknown;
    try {
      audioUrl = (JSON.parse(req.body) as { audio_url?: unknown }).audio_url;
    } catch {
      audioUrl = undefined;
    }
    if (typeof audioUrl !== 'string' || !/^https?:\/\//.test(audioUrl)) {
      return { status: 400, body: { error: { code: 'invalid_audio_url', message: 'audio_url must be a public audio URL.' } } };
    }
    const key = req.headers['idempotency-key'];
    const existing = typeof key === 'string' ? this.jobsByKey.get(key) : undefined;
    const job = existing ? this.jobs.get(existing)! : this.newJob(audioUrl, /^Bearer \S+$/.test(req.headers.authorization ?? '') ? 'full' : 'preview');
    if (typeof key === 'string') this.jobsByKey.set(key, job.id);
    return { status: 201, body: this.jobJson(job) };
  }

  private newJob(audioUrl: string, mode: 'preview' | 'full'): FakeJob {
    const script = this.jobScript;
    const id = `tr_${this.jobs.size + 1}${Math.random().toString(36).slice(2, 8)}`;
    const url = `${STENOBIRD_BASE}/v1/transcripts/${id}`;
    const chunks = mode === 'preview' ? script.chunks.slice(0, script.previewChunks) : script.chunks;
    const status = (status: string, stage: string, extra: Record<string, unknown> = {}) => ({
      id, status, stage, mode, status_url: url, poll_url: url, events_url: `${url}/events`, result_url: `${url}/result`, terminal: false, result_ready: false, retry_after_seconds: 1, ...extra,
    });
    const end = mode === 'preview' ? 'preview_complete' : 'completed';
    const events: FakeJobEvent[] = [
      { event: 'status', data: status('queued', 'validating_url') },
      { event: 'status', data: status('transcribing', 'submitted') },
      ...chunks.map((text, i) => ({ event: 'transcript', data: { id, status: 'transcribing', stage: 'transcribing', text, chunk_index: i } })),
      ...(mode === 'preview'
        ? [{ event: 'preview_locked', data: { id, status: end, terminal: true, result_ready: true, message: 'Preview ended. Add an API key to get the full transcript.', upgrade_url: `${STENOBIRD_BASE}/pricing` } }]
        : []),
      { event: 'done', data: { id, status: end, terminal: true, result_ready: true, result_url: `${url}/result` } },
    ];
    const job: FakeJob = { id, audioUrl, mode, events, released: 1, notReady: script.notReady, text: chunks.join(' ') };
    this.jobs.set(id, job);
    if (script.paceMs !== null) {
      const timer = setInterval(() => {
        if (job.released >= job.events.length || !this.jobs.has(id)) return clearInterval(timer);
        this.advance(id);
      }, script.paceMs);
      this.timers.add(timer);
    }
    return job;
  }

  /** Sends a job's events from after `Last-Event-ID` (or from the start), then each as it happens; ends after `done`. */
  private serveStream(job: FakeJob, req: RecordedRequest, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const last = Number(req.headers['last-event-id']);
    const stream: OpenStream = { job, res, next: this.jobScript.ids && Number.isInteger(last) && last > 0 ? last : 0 };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    // A comment first (as servers send to keep proxies from buffering), then the retry hint.
    res.write(`: stream for ${job.id}\n`);
    if (this.jobScript.retryMs !== undefined) res.write(`retry: ${this.jobScript.retryMs}\n\n`);
    this.pump(stream);
  }

  private pump(stream: OpenStream): void {
    const { job, res } = stream;
    while (stream.next < job.released && !res.destroyed) {
      const event = job.events[stream.next]!;
      stream.next++;
      const id = this.jobScript.ids ? `id: ${stream.next}\n` : '';
      const text = `${id}event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
      // Two writes per event: lines reach the client split across network chunks.
      const cut = Math.floor(text.length / 2);
      res.write(text.slice(0, cut));
      res.write(text.slice(cut));
      if (event.event === 'done') {
        this.streams.delete(stream);
        res.end();
        return;
      }
    }
  }

  private withJob(m: RegExpExecArray, ok: (j: FakeJob) => FakeResponse): FakeResponse {
    const job = this.jobs.get(m[1]!);
    return job ? ok(job) : { status: 404, body: { error: { code: 'transcript_not_found', message: 'No such transcript.' } } };
  }

  /** The job as the status URL reports it: the latest status of the events released so far. */
  private jobJson(j: FakeJob): Record<string, unknown> {
    const happened = j.events.slice(0, j.released);
    const latest = [...happened].reverse().find((e) => e.event === 'status')!.data;
    const last = happened[happened.length - 1]!.data;
    const done = happened.some((e) => e.event === 'done');
    return { ...latest, status: last.status, stage: last.stage ?? latest.stage, terminal: done, result_ready: done };
  }

  /** §5: 409 transcript_not_ready until the job is done (and for `notReady` more answers). */
  private jobResult(j: FakeJob): FakeResponse {
    const done = j.events.slice(0, j.released).some((e) => e.event === 'done');
    if (!done || j.notReady > 0) {
      if (done) j.notReady--;
      return { status: 409, body: { error: { code: 'transcript_not_ready', message: 'The transcript is not ready yet.' }, retry_after_seconds: 1 } };
    }
    return { body: { id: j.id, text: j.text } };
  }

  /** Contract §3: idempotent; the first call queues, later ones say it is already requested. */
  private requestTranscript(e: FakeCatalogueEpisode): FakeResponse {
    if (e.transcriptUrl) return { status: 200, body: { status: 'available', transcript_url: e.transcriptUrl } };
    const already = !!e.transcriptionRequest;
    e.transcriptionRequest ??= { status: 'queued', requested_at: new Date().toISOString() };
    return { status: 202, body: { status: already ? 'already_requested' : 'queued' } };
  }
}

function notFound(): FakeResponse {
  return { status: 404, body: simplePage('Not found', 'There is nothing here.') };
}
