import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createTranscript,
  getTranscriptJob,
  getTranscriptResult,
  lookUpCatalogueEpisode,
  newIdempotencyKey,
  requestCatalogueTranscript,
  transcriptEventsUrl,
} from '@/utils/stenobird/client';
import { parseJobEvent } from '@/utils/stenobird/job-events';
import { transcriptJobSchema, type TranscriptJob } from '@/utils/stenobird/schemas';
import { json, requestOf, respond, text } from './fake-fetch';

const BASE = 'https://stenobird.com';
const REF = { podcastSlug: 'elixir-wizards', episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim' };
const EPISODE_JSON = `${BASE}/v1/public/podcasts/elixir-wizards/episodes/set-theoretic-types-in-elixir-with-jos-valim`;
const PAGE = `${BASE}/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim`;

/** The Markdown twin as archived from stenobird.com (research §4.3), line breaks restored. */
const MARKDOWN = `# Set-Theoretic Types in Elixir with José Valim
Page: ${PAGE}
Text version: ${PAGE}.md
Podcast: [Elixir Wizards](${BASE}/podcast/elixir-wizards)
Published: 2025-07-10T10:30:00+00:00
Episode link: https://smartlogic.fireside.fm/s14-e07-set-theoretic-types-elixir-jose-valim
Audio file: https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/2f60d0c5-cf49-484b-bdbc-5dd2cf3c3a55.mp3
Processing state: processed
JSON: ${EPISODE_JSON}
Duration seconds: 2740

## Resource
José Valim joins the Wizards. Duration seconds: 9999 (not a header line)

## Topics
Elixir, Type Systems`;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

describe('lookUpCatalogueEpisode', () => {
  it('reads the episode JSON, ignoring unknown fields and keeping unknown states verbatim', async () => {
    const fetch = respond(
      json(200, {
        slug: REF.episodeSlug,
        title: 'Set-Theoretic Types in Elixir with José Valim',
        processing_state: 'summarising',
        podcast: { slug: 'elixir-wizards', title: 'Elixir Wizards', brand_new: true },
        transcript_url: null,
        transcription_request: { status: 'in_review', requested_at: '2026-01-01T00:00:00Z' },
        something_new: [1, 2, 3],
      }),
    );
    const result = await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF));
    expect(result).toMatchObject({
      ok: true,
      value: { processing_state: 'summarising', transcript_url: undefined, transcription_request: { status: 'in_review' } },
    });
    expect(requestOf(fetch).url).toBe(EPISODE_JSON);
    expect(requestOf(fetch).headers.get('accept')).toBe('application/json');
  });

  it('treats a 404 as "not in the catalogue", a normal answer', async () => {
    const fetch = respond(json(404, { error: { code: 'episode_not_found', message: 'nope' } }));
    expect(await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF))).toEqual({ ok: true, value: undefined });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('falls back to the Markdown twin when a 200 JSON body does not match the schema', async () => {
    const fetch = respond(json(200, { episode: { name: 'a different shape' } }), text(200, MARKDOWN, 'text/markdown'));
    const result = await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF));
    expect(result).toEqual({
      ok: true,
      value: {
        slug: REF.episodeSlug,
        title: 'Set-Theoretic Types in Elixir with José Valim',
        processing_state: 'processed',
        podcast: { slug: 'elixir-wizards', title: 'Elixir Wizards' },
        published_at: '2025-07-10T10:30:00+00:00',
        duration_seconds: 2740,
        episode_url: 'https://smartlogic.fireside.fm/s14-e07-set-theoretic-types-elixir-jose-valim',
        audio_url:
          'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/2f60d0c5-cf49-484b-bdbc-5dd2cf3c3a55.mp3',
        page_url: PAGE,
        markdown_url: `${PAGE}.md`,
        transcript_url: undefined,
        transcription_request: undefined,
      },
    });
    expect(requestOf(fetch, 1).url).toBe(`${PAGE}.md`);
  });

  it('also falls back when the 200 body is not JSON at all', async () => {
    const fetch = respond(text(200, '<html>maintenance</html>', 'text/html'), text(200, MARKDOWN));
    const result = await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF));
    expect(result).toMatchObject({ ok: true, value: { title: 'Set-Theoretic Types in Elixir with José Valim', duration_seconds: 2740 } });
  });

  it('is malformed only when the Markdown twin fails too', async () => {
    const noState = MARKDOWN.replace('Processing state: processed\n', '');
    const fetch = respond(json(200, { nope: true }), text(200, noState));
    expect(await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF))).toMatchObject({
      ok: false,
      error: { kind: 'malformed', message: expect.stringMatching(/could not read/) },
    });
    const gone = respond(json(200, { nope: true }), json(404, {}));
    expect(await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch: gone }, REF))).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });

  it('reports service trouble as an error, not as "not in the catalogue"', async () => {
    const fetch = respond(json(503, {}), json(503, {}), json(503, {}));
    expect(await settle(lookUpCatalogueEpisode({ baseUrl: BASE, fetch }, REF))).toMatchObject({ ok: false, error: { kind: 'service-error' } });
  });
});

describe('requestCatalogueTranscript', () => {
  it('POSTs with no body to the episode’s transcription-requests URL', async () => {
    const fetch = respond(json(202, { status: 'queued', extra: 'ignored' }));
    const result = await settle(requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF));
    expect(result).toEqual({ ok: true, value: { status: 'queued' } });
    const request = requestOf(fetch);
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`${EPISODE_JSON}/transcription-requests`);
    expect(await request.text()).toBe('');
  });

  it('keeps retry_after_seconds and an unknown status verbatim', async () => {
    const fetch = respond(json(202, { status: 'waitlisted', retry_after_seconds: 30 }));
    expect(await settle(requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF))).toEqual({
      ok: true,
      value: { status: 'waitlisted', retry_after_seconds: 30 },
    });
  });

  // Until issue 12 these were "malformed"; contract §3: a 2xx is accepted whatever its body.
  it('takes a 2xx whose body is not JSON, or not the contract’s shape, as accepted', async () => {
    for (const body of ['{"status": 42', '<html><p>Accepted</p></html>', '{"status": 42}', '']) {
      const fetch = respond(new Response(body, { status: 202 }));
      expect(await settle(requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF))).toMatchObject({ ok: true, value: { status: 'accepted' } });
    }
    const fetch = respond(new Response('not json', { status: 200 }));
    expect(await settle(requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF))).toMatchObject({ ok: true, value: { status: 'accepted' } });
  });

  it('keeps an error status an error whatever its body', async () => {
    for (const [status, kind] of [[400, 'bad-request'], [404, 'not-found'], [403, 'unauthorised']] as const) {
      const fetch = respond(new Response('{"status": "queued"', { status }));
      expect(await settle(requestCatalogueTranscript({ baseUrl: BASE, fetch }, REF))).toMatchObject({ ok: false, error: { kind, status } });
    }
  });
});

const JOB_BODY = {
  id: 'tr_123',
  status: 'queued',
  mode: 'preview',
  status_url: `${BASE}/v1/transcripts/tr_123`,
  poll_url: `${BASE}/v1/transcripts/tr_123`,
  events_url: `${BASE}/v1/transcripts/tr_123/events`,
  result_url: `${BASE}/v1/transcripts/tr_123/result`,
  terminal: false,
  result_ready: false,
  retry_after_seconds: 2,
};
const JOB: TranscriptJob = transcriptJobSchema.parse(JOB_BODY);
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/episode.mp3';

describe('createTranscript', () => {
  it('sends the audio URL with the same Idempotency-Key on every retry', async () => {
    const answers = respond(json(500, {}), new TypeError('offline'), json(201, JOB_BODY));
    const bodies: unknown[] = [];
    const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(await new Request(input, init).json());
      return answers(input, init);
    });
    const key = newIdempotencyKey();
    const result = await settle(createTranscript({ baseUrl: BASE, fetch }, { audioUrl: AUDIO, idempotencyKey: key }));
    expect(result).toMatchObject({ ok: true, value: { id: 'tr_123', mode: 'preview', retry_after_seconds: 2 } });
    expect(fetch).toHaveBeenCalledTimes(3);
    for (let call = 0; call < 3; call++) {
      const request = requestOf(fetch, call);
      expect(request.url).toBe(`${BASE}/v1/transcripts`);
      expect(request.headers.get('idempotency-key')).toBe(key);
    }
    expect(bodies).toEqual([{ audio_url: AUDIO }, { audio_url: AUDIO }, { audio_url: AUDIO }]);
  });

  it('makes a new key for each new transcription', () => {
    const keys = new Set(Array.from({ length: 50 }, newIdempotencyKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends the API key as a Bearer token to the configured base only', async () => {
    const withKey = respond(json(201, JOB_BODY));
    await settle(createTranscript({ baseUrl: BASE, apiKey: 'sk_live_1', fetch: withKey }, { audioUrl: AUDIO, idempotencyKey: 'k' }));
    expect(requestOf(withKey).headers.get('authorization')).toBe('Bearer sk_live_1');

    const without = respond(json(201, JOB_BODY));
    await settle(createTranscript({ baseUrl: BASE, fetch: without }, { audioUrl: AUDIO, idempotencyKey: 'k' }));
    expect(requestOf(without).headers.get('authorization')).toBeNull();

    // A job whose URLs point elsewhere is followed on the base instead, so the key never leaves it.
    const elsewhere: TranscriptJob = { ...JOB, status_url: 'https://evil.example/x', poll_url: 'https://evil.example/x', events_url: 'https://evil.example/e' };
    const poll = respond(json(200, { ...JOB_BODY, status: 'transcribing' }));
    const polled = await settle(getTranscriptJob({ baseUrl: BASE, apiKey: 'sk_live_1', fetch: poll }, elsewhere));
    expect(polled).toMatchObject({ ok: true, value: { status: 'transcribing' } });
    expect(requestOf(poll).url).toBe(`${BASE}/v1/transcripts/tr_123`);
    expect(requestOf(poll).headers.get('authorization')).toBe('Bearer sk_live_1');
    expect(transcriptEventsUrl({ baseUrl: BASE }, elsewhere)).toBe(`${BASE}/v1/transcripts/tr_123/events`);
  });

  it('maps a 402 to unauthorised and keeps unknown job statuses', async () => {
    const refused = respond(json(402, { error: { code: 'payment_required', message: 'Add a card.' } }));
    expect(await settle(createTranscript({ baseUrl: BASE, fetch: refused }, { audioUrl: AUDIO, idempotencyKey: 'k' }))).toMatchObject({
      ok: false,
      error: { kind: 'unauthorised', code: 'payment_required' },
    });
    const odd = respond(json(201, { ...JOB_BODY, status: 'warming_up', mode: 'full', stage: 'teleporting' }));
    expect(await settle(createTranscript({ baseUrl: BASE, fetch: odd }, { audioUrl: AUDIO, idempotencyKey: 'k' }))).toMatchObject({
      ok: true,
      value: { status: 'warming_up', mode: 'full', stage: 'teleporting' },
    });
  });
});

describe('getTranscriptResult', () => {
  it('reads 409 transcript_not_ready as "ask again after retry_after_seconds"', async () => {
    const now = Date.now();
    const fetch = respond(json(409, { error: { code: 'transcript_not_ready', message: 'Not yet.' }, retry_after_seconds: 5 }));
    expect(await settle(getTranscriptResult({ baseUrl: BASE, fetch }, JOB))).toEqual({ ok: true, value: { ready: false, retryAt: now + 5_000 } });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('returns the transcript text once ready (JSON or plain text)', async () => {
    const asJson = respond(json(200, { text: 'Hello and welcome to Elixir Wizards.', words: [] }));
    expect(await settle(getTranscriptResult({ baseUrl: BASE, fetch: asJson }, JOB))).toEqual({
      ok: true,
      value: { ready: true, transcript: { text: 'Hello and welcome to Elixir Wizards.' } },
    });
    const asText = respond(text(200, 'Hello and welcome.'));
    expect(await settle(getTranscriptResult({ baseUrl: BASE, fetch: asText }, JOB))).toMatchObject({ ok: true, value: { ready: true } });
  });

  it('calls an HTML page where a transcript should be malformed', async () => {
    const fetch = respond(text(200, '<html><body>Login</body></html>', 'text/html'));
    expect(await settle(getTranscriptResult({ baseUrl: BASE, fetch }, JOB))).toMatchObject({ ok: false, error: { kind: 'malformed' } });
  });
});

describe('parseJobEvent', () => {
  it('parses the four documented events and passes unknown ones on', () => {
    expect(parseJobEvent('status', JSON.stringify({ ...JOB_BODY, stage: 'validating_url', extra: 1 }))).toMatchObject({
      type: 'status',
      job: { id: 'tr_123', stage: 'validating_url' },
    });
    expect(parseJobEvent('transcript', '{"id":"tr_123","text":"Hello and welcome to…","chunk_index":0}')).toEqual({
      type: 'transcript',
      text: 'Hello and welcome to…',
      chunkIndex: 0,
    });
    expect(parseJobEvent('preview_locked', JSON.stringify({ message: 'Preview ended.', upgrade_url: `${BASE}/pricing` }))).toEqual({
      type: 'preview-locked',
      message: 'Preview ended.',
      upgradeUrl: `${BASE}/pricing`,
    });
    expect(parseJobEvent('done', JSON.stringify({ status: 'preview_complete', terminal: true, result_ready: true, result_url: JOB.result_url }))).toEqual({
      type: 'done',
      status: 'preview_complete',
      resultReady: true,
      resultUrl: JOB.result_url,
    });
    expect(parseJobEvent('heartbeat', '')).toEqual({ type: 'unknown', event: 'heartbeat' });
    expect(parseJobEvent('transcript', '{not json')).toEqual({ type: 'malformed', event: 'transcript' });
  });
});
