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
}


interface Script {
  method: string;
  path: RegExp;
  host?: string;
  responses: FakeResponse[];
}

export const STENOBIRD_HOST = 'stenobird.com';
export const STENOBIRD_BASE = `https://${STENOBIRD_HOST}`;

export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly catalogue = new Map<string, FakeCatalogueEpisode>();
  /** Arbitrary pages (Fireside sites and others) by `host + path`. */
  readonly pages = new Map<string, { body: string; contentType: string }>();
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

  setPage(url: string, body: string, contentType = 'text/html; charset=utf-8'): void {
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

  /** Forget recorded requests and scripts; the catalogue is reset too. */
  reset(): void {
    this.requests.length = 0;
    this.scripts = [];
    this.resetCatalogue();
  }

  async start(): Promise<this> {
    const { key, cert } = makeCertificate(this.extraHosts);
    this.server = createServer({ key, cert }, (req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
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
    if (response.hang) {
      this.openResponses.add(res);
      res.on('close', () => this.openResponses.delete(res));
      return;
    }
    if (response.delayMs) await new Promise((r) => setTimeout(r, response.delayMs));
    const isText = typeof response.body === 'string';
    const body = response.body === undefined ? '' : isText ? (response.body as string) : JSON.stringify(response.body);
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
    if (req.host === STENOBIRD_HOST) return this.stenobird(req.method, path) ?? notFound();
    const page = this.pages.get(`${req.host}${path}`) ?? this.pages.get(`${req.host}${path.replace(/\/$/, '')}`);
    if (page && req.method === 'GET') return { body: page.body, headers: { 'content-type': page.contentType } };
    return notFound();
  }

  private stenobird(method: string, path: string): FakeResponse | undefined {
    const routes: Array<[string, RegExp, (m: RegExpExecArray) => FakeResponse | undefined]> = [
      ['GET', /^\/podcast\/([a-z0-9-]+)\/([a-z0-9-]+)\.md$/, (m) => this.withEpisode(m, (e) => ({ body: episodeMarkdown(STENOBIRD_BASE, e), headers: { 'content-type': 'text/markdown; charset=utf-8' } }))],
      ['GET', /^\/podcast\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/, (m) => this.withEpisode(m, (e) => ({ body: episodeHtml(STENOBIRD_BASE, e) }))],
      ['GET', /^\/podcast\/([a-z0-9-]+)\/?$/, (m) => ({ body: simplePage(`Podcast ${m[1]}`, 'Episodes of this podcast.') })],
      ['GET', /^\/(docs|pricing)\/?$/, (m) => ({ body: simplePage(m[1]!, 'Stenobird documentation.') })],
      ['GET', /^\/v1\/public\/podcasts\/([a-z0-9-]+)\/episodes\/([a-z0-9-]+)$/, (m) => this.withEpisode(m, (e) => ({ body: episodeJson(STENOBIRD_BASE, e) }), true)],
      ['POST', /^\/v1\/public\/podcasts\/([a-z0-9-]+)\/episodes\/([a-z0-9-]+)\/transcription-requests$/, (m) => this.withEpisode(m, (e) => this.requestTranscript(e), true)],
    ];
    for (const [routeMethod, pattern, handler] of routes) {
      const match = routeMethod === method ? pattern.exec(path) : null;
      if (match) return handler(match);
    }
    return undefined;
  }

  private withEpisode(m: RegExpExecArray, ok: (e: FakeCatalogueEpisode) => FakeResponse, api = false): FakeResponse {
    const e = this.episode(m[1]!, m[2]!);
    if (e) return ok(e);
    return api
      ? { status: 404, body: { error: { code: 'episode_not_found', message: 'No such episode in the catalogue.' } } }
      : notFound();
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
