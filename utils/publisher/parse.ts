import * as z from 'zod/mini';
import { lazySchema } from '../schema-helpers';

/**
 * A publisher's transcript file (contract §8: plain text, HTML, SRT, WebVTT, the Podcasting 2.0
 * JSON) read into one readable model: paragraphs, each with its speaker and start time where the
 * file gives them. Pure and DOM-free (the MV3 worker has no DOMParser): markup is scanned as text
 * and only ever leaves here as text, which the view puts in with `textContent`.
 */

export type TranscriptFormat = 'json' | 'vtt' | 'srt' | 'html' | 'text';

export interface Segment {
  speaker?: string;
  /** Seconds from the start of the episode. */
  start?: number;
  text: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  segments: Segment[];
}

export type ParseResult = { ok: true; transcript: ParsedTranscript } | { ok: false; reason: 'malformed' | 'empty' | 'not-transcript' };

/** A paragraph of timed lines ends after this long, so a monologue is not one wall of text. */
const PARAGRAPH_SECONDS = 60;
/** Beyond anything readable; a file of more segments is cut here (the size cap comes first). */
export const MAX_SEGMENTS = 50_000;
const MAX_SPEAKER = 200;

/** The Podcasting 2.0 JSON transcript (`{version, segments:[{speaker?, startTime, endTime, body}]}`). */
const jsonTranscriptSchema = lazySchema(() =>
  z.object({
    version: z.optional(z.string()),
    segments: z.array(
      z.object({
        speaker: z.optional(z.nullable(z.string())),
        startTime: z.optional(z.nullable(z.number().check(z.nonnegative()))),
        endTime: z.optional(z.nullable(z.number())),
        body: z.string(),
      }),
    ),
  }),
);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

/** `&amp;`, `&#39;`, `&#x2019;` and the common named entities; anything else is left as written. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
const speakerName = (value: string | null | undefined) => {
  const name = value ? squash(value).replace(/\s*:$/, '') : '';
  return name ? name.slice(0, MAX_SPEAKER) : undefined;
};

/**
 * Timed lines (cues, word-level JSON segments) joined into paragraphs: a new one when the speaker
 * changes, when a line has no time, or after `PARAGRAPH_SECONDS`. Each keeps its first start time.
 */
export function paragraphs(lines: Segment[]): Segment[] {
  const out: Segment[] = [];
  let current: Segment | undefined;
  for (const line of lines) {
    const text = squash(line.text);
    if (!text) continue;
    const joins =
      current &&
      current.speaker === line.speaker &&
      line.start !== undefined &&
      current.start !== undefined &&
      line.start - current.start < PARAGRAPH_SECONDS;
    if (current && joins) current.text += ` ${text}`;
    else {
      if (out.length >= MAX_SEGMENTS) break;
      current = { ...(line.speaker !== undefined && { speaker: line.speaker }), ...(line.start !== undefined && { start: line.start }), text };
      out.push(current);
    }
  }
  return out;
}

function parseJson(body: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = jsonTranscriptSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const lines = parsed.data.segments.map((s) => ({ speaker: speakerName(s.speaker), start: s.startTime ?? undefined, text: s.body }));
  return done('json', paragraphs(lines));
}

/** `01:02:03.450`, `02:03,450`, `1:02:03` → seconds; `undefined` when it is not a time. */
function clockSeconds(value: string): number | undefined {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1] ?? 0), Number(m[2]), Number(m[3])];
  if (min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s + (m[4] ? Number(`0.${m[4]}`) : 0);
}

const TIMING = /^\s*((?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)/;

/** Cue blocks (SRT and WebVTT share this shape): a timing line, then text lines to a blank line. */
function cues(body: string, readText: (lines: string[]) => { speaker?: string; text: string }): Segment[] {
  const lines: Segment[] = [];
  const blocks = body.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  for (const block of blocks) {
    const rows = block.split('\n');
    const at = rows.findIndex((row) => TIMING.test(row));
    // A block without a timing line (a header, a NOTE, a cut-off end) holds no cue.
    if (at < 0 || at > 1) continue;
    const start = clockSeconds(TIMING.exec(rows[at]!)![1]!);
    const { speaker, text } = readText(rows.slice(at + 1));
    if (text) lines.push({ speaker, start, text });
  }
  return lines;
}

/** A cue's text without its markup: tags dropped (one a cut-off file leaves open too), entities decoded. */
const cueText = (value: string) => decodeEntities(value.replace(/<[^>]*>/g, '').replace(/<[^>]*$/, ''));

function parseVtt(body: string): ParseResult {
  if (!/^\uFEFF?WEBVTT(?:[ \t]|\r?\n|$)/.test(body)) return { ok: false, reason: 'malformed' };
  const lines = cues(body, (rows) => {
    const raw = rows.join('\n');
    // `<v Speaker Name>` (and `<v.loud Speaker>`) names who speaks.
    const voice = /<v(?:\.[^\s>]*)?\s+([^>]+)>/.exec(raw);
    return { speaker: speakerName(voice ? decodeEntities(voice[1]!) : undefined), text: cueText(raw) };
  });
  return done('vtt', paragraphs(lines));
}

/** `Adam Curry: podcasting 2.0 …`: SRT has no speaker field, publishers put the name first. */
const SRT_SPEAKER = /^([^\s:][^:\n]{0,60}?):\s+(\S[\s\S]*)$/;

function parseSrt(body: string): ParseResult {
  const lines = cues(body, (rows) => {
    const raw = cueText(rows.join('\n')).trim();
    const named = SRT_SPEAKER.exec(raw);
    // A time ("10:30 tomorrow") or a URL scheme is not a name.
    return named && !/^\d|https?$/i.test(named[1]!) ? { speaker: speakerName(named[1]), text: named[2]! } : { text: raw };
  });
  return lines.length ? done('srt', paragraphs(lines)) : { ok: false, reason: 'malformed' };
}

const BLOCK_TAGS = /^(?:p|div|br|li|h[1-6]|section|article|blockquote|tr|dt|dd|cite|time|hr|ul|ol|table|header|footer|main)$/i;

/**
 * HTML to text, no DOM: scripts, styles and comments dropped, every tag removed, block tags
 * turned into paragraph breaks. The Podcasting 2.0 shape (`<cite>Speaker:</cite><time>0:00</time>
 * <p>…</p>`) gives each paragraph its speaker and time.
 */
function parseHtml(body: string): ParseResult {
  const cleaned = body
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|template|noscript|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<!doctype[^>]*>/gi, '');
  const segments: Segment[] = [];
  let speaker: string | undefined;
  let start: number | undefined;
  let buffer = '';
  let inside: 'cite' | 'time' | undefined;
  let marked = '';
  const flush = () => {
    const text = squash(decodeEntities(buffer));
    buffer = '';
    if (!text) return;
    if (segments.length < MAX_SEGMENTS) segments.push({ ...(speaker !== undefined && { speaker }), ...(start !== undefined && { start }), text });
    start = undefined;
  };
  for (const token of cleaned.split(/(<\/?[a-z][a-z0-9]*\b[^>]*>|<\/[a-z][a-z0-9]*\s*>)/i)) {
    const tag = /^<(\/?)([a-z][a-z0-9]*)/i.exec(token);
    if (!tag) {
      if (inside) marked += token;
      else buffer += token;
      continue;
    }
    const [closing, name] = [tag[1] === '/', tag[2]!.toLowerCase()];
    if ((name === 'cite' || name === 'time') && !closing) {
      flush();
      inside = name;
      marked = '';
    } else if (inside === name && closing) {
      const value = squash(decodeEntities(marked));
      if (name === 'cite') speaker = speakerName(value);
      else start = clockSeconds(value);
      inside = undefined;
    } else if (BLOCK_TAGS.test(name)) flush();
  }
  flush();
  return done('html', segments);
}

function parseText(body: string): ParseResult {
  const segments = body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((block) => ({ text: block.trim().replace(/[ \t]+/g, ' ') }))
    .filter((s) => s.text)
    .slice(0, MAX_SEGMENTS);
  return done('text', segments);
}

function done(format: TranscriptFormat, segments: Segment[]): ParseResult {
  return segments.length ? { ok: true, transcript: { format, segments } } : { ok: false, reason: 'empty' };
}

/** What the publisher declared (the feed's `type`, the answer's `Content-Type`) as a format. */
export function declaredFormat(type: string | undefined): TranscriptFormat | undefined {
  const t = (type ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'application/json' || t.endsWith('+json')) return 'json';
  if (t === 'text/vtt') return 'vtt';
  if (t === 'application/x-subrip' || t === 'application/srt' || t === 'text/srt' || t === 'text/x-srt') return 'srt';
  if (t === 'text/html' || t === 'application/xhtml+xml') return 'html';
  if (t === 'text/plain') return 'text';
  return undefined;
}

/** Types no transcript comes as: an audio file, an image, an archive, a PDF. */
const NOT_TEXT = /^(?:audio|video|image|font)\/|^application\/(?:pdf|zip|gzip|octet-stream|x-[\w-]*compressed|vnd\.)/i;

/**
 * The format of a body, read from the body first (what a file is beats what it is called):
 * `WEBVTT`, a JSON object, an SRT cue, markup; else what was declared; else plain text.
 */
function sniffFormat(body: string, declared?: TranscriptFormat): TranscriptFormat {
  const head = body.slice(0, 2000).replace(/^\uFEFF/, '').trimStart();
  if (/^WEBVTT(?:\s|$)/.test(head)) return 'vtt';
  if (head.startsWith('{')) return 'json';
  if (/^\d+\s*\r?\n\s*(?:\d{1,3}:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->/.test(head)) return 'srt';
  if (/^<(?:!doctype|html|body|p|div|cite|time|h\d|section|article)\b/i.test(head)) return 'html';
  return declared ?? 'text';
}

/**
 * A fetched transcript: refused when its type says it is no text, or it holds binary bytes;
 * otherwise parsed as the format its body shows (see `sniffFormat`).
 */
export function parseTranscript(body: string, hints: { contentType?: string; declaredType?: string } = {}): ParseResult {
  if (NOT_TEXT.test(hints.contentType ?? '') || /\u0000/.test(body.slice(0, 4096))) return { ok: false, reason: 'not-transcript' };
  const declared = declaredFormat(hints.declaredType) ?? declaredFormat(hints.contentType);
  switch (sniffFormat(body, declared)) {
    case 'json':
      return parseJson(body);
    case 'vtt':
      return parseVtt(body);
    case 'srt':
      return parseSrt(body);
    case 'html':
      return parseHtml(body);
    default:
      return parseText(body);
  }
}
