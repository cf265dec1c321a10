import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTranscript, type ParseResult } from '@/utils/publisher/parse';
import { segmentsText } from '@/utils/publisher/text';

/**
 * Publishers' own transcript files (contract §8), read into paragraphs with speaker and time
 * where the file gives them. The fixtures (`test/fixtures/transcripts/`) are written to the
 * Podcasting 2.0 transcript spec and to WebVTT / SRT as publishers use them, with broken
 * variants beside them.
 */
const file = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/transcripts', name), 'utf8');
const segmentsOf = (result: ParseResult) => {
  if (!result.ok) throw new Error(`not parsed: ${result.reason}`);
  return result.transcript.segments;
};

describe('each format, from a fixture', () => {
  it('Podcasting 2.0 JSON: word-level segments joined into paragraphs per speaker, a new one after a minute or without a speaker', () => {
    const result = parseTranscript(file('episode.json'), { contentType: 'application/json' });
    expect(result.ok && result.transcript.format).toBe('json');
    expect(segmentsOf(result)).toEqual([
      { speaker: 'Chris Fisher', start: 0, text: 'Hello and welcome to Self-Hosted, episode 100.' },
      { speaker: 'Alex Kretzschmar', start: 5.4, text: "Thanks, Chris. Today: the apps we can't live without." },
      { speaker: 'Alex Kretzschmar', start: 72, text: "Let's start with Home Assistant." },
      { start: 3661.25, text: 'Thanks for listening & see you next week.' },
    ]);
  });

  it('WebVTT: voice tags name the speaker, other tags and the header, NOTE and STYLE blocks are dropped', () => {
    const result = parseTranscript(file('episode.vtt'), { declaredType: 'text/vtt' });
    expect(result.ok && result.transcript.format).toBe('vtt');
    expect(segmentsOf(result)).toEqual([
      { speaker: 'Chris Fisher', start: 0, text: 'Hello and welcome to Self-Hosted. This is episode 100.' },
      { speaker: 'Alex Kretzschmar', start: 7.4, text: 'Thanks, Chris & hello everyone.' },
      { start: 3661, text: 'Music fades out.' },
    ]);
  });

  it('SRT: "Name: text" gives the speaker, a time at the start of a line does not, multi-line cues are one', () => {
    const result = parseTranscript(file('episode.srt'), { declaredType: 'application/x-subrip' });
    expect(result.ok && result.transcript.format).toBe('srt');
    expect(segmentsOf(result)).toEqual([
      { speaker: 'Chris Fisher', start: 0, text: 'Hello and welcome to Self-Hosted. This is episode 100.' },
      { speaker: 'Alex Kretzschmar', start: 7.4, text: 'Thanks, Chris. Great to be here.' },
      { start: 3661, text: 'At 10:30 tomorrow, the next live show.' },
    ]);
  });

  it('HTML (the spec’s cite/time/p shape): speaker and time per paragraph; scripts, styles and the title dropped; markup only ever text', () => {
    const result = parseTranscript(file('episode.html'), { contentType: 'text/html; charset=utf-8' });
    expect(result.ok && result.transcript.format).toBe('html');
    expect(segmentsOf(result)).toEqual([
      { speaker: 'Chris Fisher', start: 0, text: 'Hello and welcome to Self-Hosted, episode 100.' },
      { speaker: 'Alex Kretzschmar', start: 5, text: 'Thanks, Chris. Today: the apps we can’t live without & why.' },
      { speaker: 'Chris Fisher', start: 3661, text: "That's the show. See you next week." },
    ]);
    expect(JSON.stringify(segmentsOf(result))).not.toMatch(/alert|onerror|<|red/);
  });

  it('plain text (Fireside’s transcript.txt): a paragraph per blank-line block, CRLF and extra blank lines tolerated', () => {
    const result = parseTranscript(file('episode.txt'), { contentType: 'text/plain' });
    expect(result.ok && result.transcript.format).toBe('text');
    expect(segmentsOf(result).map((s) => s.text)).toEqual([
      'Chris Fisher: Hello and welcome to Self-Hosted, episode 100.',
      "Alex Kretzschmar: Thanks, Chris.\nToday: the apps we can't live without.",
      "That's the show.",
    ]);
  });

  it('the body decides over a wrong declared type: captions declared as text/plain are still read as WebVTT', () => {
    const result = parseTranscript(file('episode.vtt'), { contentType: 'text/plain', declaredType: 'text/plain' });
    expect(result.ok && result.transcript.format).toBe('vtt');
  });

  it('as one text for copy and files: time and speaker before each paragraph', () => {
    expect(segmentsText(segmentsOf(parseTranscript(file('episode.vtt'))))).toBe(
      [
        '[0:00:00] Chris Fisher: Hello and welcome to Self-Hosted. This is episode 100.',
        '[0:00:07] Alex Kretzschmar: Thanks, Chris & hello everyone.',
        '[1:01:01] Music fades out.',
      ].join('\n\n'),
    );
  });
});

describe('broken files end in a reason, never a half-read claim', () => {
  it('a truncated JSON file is damaged', () => {
    expect(parseTranscript(file('truncated.json'), { contentType: 'application/json' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('JSON of the wrong shape (a JSON Feed) is damaged, not an empty transcript', () => {
    expect(parseTranscript(file('wrong-shape.json'), { declaredType: 'application/json' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('a truncated WebVTT file keeps its whole cues and drops the cut one, open tag and all', () => {
    const segments = segmentsOf(parseTranscript(file('truncated.vtt'), { declaredType: 'text/vtt' }));
    expect(segments).toEqual([{ speaker: 'Chris Fisher', start: 0, text: 'Hello and welcome to Self-Hosted.' }]);
  });

  it('captions declared WebVTT without the WEBVTT header are damaged', () => {
    expect(parseTranscript(file('headerless.vtt'), { declaredType: 'text/vtt' })).toMatchObject({ ok: false });
  });

  it('a file of the wrong type (audio, an image, binary bytes) is not a transcript', () => {
    expect(parseTranscript('ID3\u0003\u0000\u0000', { contentType: 'audio/mpeg' })).toEqual({ ok: false, reason: 'not-transcript' });
    expect(parseTranscript('\u0089PNG\r\n\u001a\n\u0000\u0000', { contentType: 'text/plain' })).toEqual({ ok: false, reason: 'not-transcript' });
    expect(parseTranscript('%PDF-1.7', { contentType: 'application/pdf' })).toEqual({ ok: false, reason: 'not-transcript' });
  });

  it('an empty or blank file is empty', () => {
    expect(parseTranscript('  \n\n \r\n', { contentType: 'text/plain' })).toEqual({ ok: false, reason: 'empty' });
    expect(parseTranscript('{"version":"1.0.0","segments":[]}', { contentType: 'application/json' })).toEqual({ ok: false, reason: 'empty' });
  });

  it('a huge file is read within bounds: 20 MB of one-word JSON segments gives paragraphs, cut at the cap', () => {
    // Built here rather than stored: 20 MB of repetition says nothing a reader needs to see.
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20_000_000; i++) {
      const segment = `{"speaker":"Speaker ${i % 3}","startTime":${i},"endTime":${i + 1},"body":"word${i}"}`;
      parts.push(segment);
      size += segment.length + 1;
    }
    const body = `{"version":"1.0.0","segments":[${parts.join(',')}]}`;
    expect(body.length).toBeGreaterThanOrEqual(20_000_000);
    const segments = segmentsOf(parseTranscript(body, { contentType: 'application/json' }));
    // The speaker changes every segment: each is a paragraph, and the count stops at the cap.
    expect(segments.length).toBe(50_000);
    expect(segments[0]).toEqual({ speaker: 'Speaker 0', start: 0, text: 'word0' });
  }, 60_000);
});
