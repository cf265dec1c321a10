import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resolveEpisode } from '@/utils/catalogue/resolve-episode';
import type { Episode } from '@/utils/episode';
import { followJob } from '@/utils/follow-job';
import { startProgress, transcriptText } from '@/utils/job-machine';
import { getTranscriptResult, lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import { stenobirdFetch } from '@/utils/stenobird/http';
import { resolutions } from '@/utils/storage';
import { fakeStenobird } from './fake-stenobird';
import { json, respond, text } from './fake-fetch';
import { routedFetch, sseEvent, sseResponse } from './sse-fetch';

/**
 * Issue 13, finding 9: Stenobird's answers are read up to a size each kind of answer can never
 * need, like the Fireside fetches are. Past it the call fails with a sentence, and nothing of
 * the body is parsed, shown or stored. The sizes below are what the contract's answers could
 * never be: an episode's JSON of more than a megabyte, a Markdown twin of several, a transcript
 * beyond a long day of speech, an event stream of more than 32 MB for one job.
 */

const BASE = 'https://stenobird.com';
const REF = { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' };
const EPISODE_JSON = `${BASE}/v1/public/podcasts/${REF.podcastSlug}/episodes/${REF.episodeSlug}`;
const MB = 1_000_000;

/** A catalogue answer the schema accepts, padded to `bytes` with a field the client ignores. */
const paddedEpisode = (bytes: number) => ({ slug: REF.episodeSlug, title: 'Rustler', processing_state: 'processed', notes: 'x'.repeat(bytes) });

describe('Stenobird’s JSON answers', () => {
  it('an episode answer of 1.5 MB is refused with a sentence; a normal one still reads', async () => {
    const big = await lookUpCatalogueEpisode({ baseUrl: BASE, fetch: respond(json(200, paddedEpisode(1.5 * MB))) }, REF);
    expect(big).toMatchObject({ ok: false, error: { kind: 'too-large', message: expect.stringMatching(/larger than expected.*kept nothing/) } });

    const normal = await lookUpCatalogueEpisode({ baseUrl: BASE, fetch: respond(json(200, paddedEpisode(20_000))) }, REF);
    expect(normal).toMatchObject({ ok: true, value: { title: 'Rustler' } });
  });

  it('refuses a body that declares its size too, without reading it', async () => {
    const body = new ReadableStream({ pull: () => undefined });
    const declared = new Response(body, { status: 200, headers: { 'content-type': 'application/json', 'content-length': String(50 * MB) } });
    expect(await stenobirdFetch(EPISODE_JSON, { method: 'GET', idempotent: true, fetch: respond(declared) })).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });

  it('a huge error page still reads as its status, not as too large', async () => {
    vi.useFakeTimers();
    const page = () => text(503, `<html>${'x'.repeat(3 * MB)}</html>`, 'text/html');
    const pending = stenobirdFetch(EPISODE_JSON, { method: 'GET', idempotent: true, fetch: respond(page(), page(), page()) });
    await vi.runAllTimersAsync();
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'service-error', status: 503 } });
    vi.useRealTimers();
  });

  it('an oversized Markdown twin is refused as too large, not read', async () => {
    const markdown = `Page: ${BASE}/podcast/x/y\n${'Transcript line.\n'.repeat(400_000)}`;
    const result = await lookUpCatalogueEpisode({ baseUrl: BASE, fetch: respond(json(200, { unexpected: 'shape' }), text(200, markdown, 'text/markdown')) }, REF);
    expect(markdown.length).toBeGreaterThan(6 * MB);
    expect(result).toMatchObject({ ok: false, error: { kind: 'too-large' } });
  });
});

describe('what the background keeps of an oversized answer', () => {
  const episode: Episode = { source: 'stenobird', pageUrl: `${BASE}/podcast/x`, title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin', showName: 'Elixir Wizards' };
  let stenobird: ReturnType<typeof fakeStenobird>;
  beforeEach(() => {
    fakeBrowser.reset();
    stenobird = fakeStenobird();
    vi.stubGlobal('fetch', stenobird.fetch);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('nothing: the look-up fails with the sentence and no resolution is cached', async () => {
    stenobird.next('GET', /\/episodes\//, () => json(200, paddedEpisode(2 * MB)));
    const result = await resolveEpisode(episode);
    expect(result).toMatchObject({ status: 'error', error: { kind: 'too-large' } });
    expect(await resolutions.get(episode.pageUrl, Date.now())).toBeUndefined();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});

describe('a transcript job', () => {
  const JOB = `${BASE}/v1/transcripts/tr_1`;
  const EVENTS = `${JOB}/events`;
  const RESULT = `${JOB}/result`;
  const links = { id: 'tr_1', status_url: JOB, poll_url: JOB, events_url: EVENTS, result_url: RESULT };
  const jobBody = (over: Record<string, unknown> = {}) => ({ id: 'tr_1', status: 'transcribing', mode: 'full', terminal: false, result_ready: false, ...over });
  const answer = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  async function follow(fetch: typeof globalThis.fetch, start = startProgress({ phase: 'following', state: 'queued' })) {
    const now = () => 1_000_000;
    return followJob({
      client: { baseUrl: BASE, fetch, now },
      now,
      links,
      start,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onUpdate: () => undefined,
      sleep: async () => undefined,
    });
  }

  it('a result of 9 MB is not taken: the view keeps the streamed text and says why', async () => {
    const { fetch } = routedFetch({ [RESULT]: [answer(200, { id: 'tr_1', text: 'y'.repeat(9 * MB) })] });
    expect(await getTranscriptResult({ baseUrl: BASE, fetch }, links)).toMatchObject({ ok: false, error: { kind: 'too-large' } });

    const again = routedFetch({ [RESULT]: [answer(200, { id: 'tr_1', text: 'y'.repeat(9 * MB) })] });
    const start = { ...startProgress({ phase: 'available', state: 'completed' }), chunks: ['Streamed text.'] };
    const end = await follow(again.fetch, start);
    expect(end).toMatchObject({ phase: 'finished', finalText: undefined, resultError: { kind: 'too-large' } });
    expect(transcriptText(end)).toBe('Streamed text.');
  });

  it('an event stream that never stops is cut off: past 32 MB for the job, nothing more is read', async () => {
    // 40 text events of 0.9 MB each (each one a chunk Stenobird may send), 36 MB in all.
    const chunk = 'z'.repeat(900_000);
    const events = Array.from({ length: 40 }, (_, i) => sseEvent('transcript', { text: chunk, chunk_index: i }, i + 1));
    const { fetch, requests } = routedFetch({
      [EVENTS]: [() => sseResponse({ chunks: events })],
      [JOB]: [answer(200, jobBody({ status: 'completed', terminal: true, result_ready: true }))],
      [RESULT]: [answer(200, { id: 'tr_1', text: 'The whole text.' })],
    });
    const end = await follow(fetch);
    const streamed = end.chunks.filter((c) => c !== null).length;
    expect(streamed).toBeGreaterThan(30);
    expect(streamed).toBeLessThan(40);
    // The stream was given up for the status URL, which led to the result.
    expect(requests.map((r) => r.url)).toEqual([EVENTS, JOB, RESULT]);
    expect(end).toMatchObject({ phase: 'finished', finalText: 'The whole text.' });
  });
});
