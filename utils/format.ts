/**
 * How the extension writes numbers, dates and episodes for people. Pure functions: the popup
 * and the tests call them with an explicit locale.
 */
import type { Episode } from './episode';

/** 2938 → "0:48:58"; 4203 → "1:10:03". Always h:mm:ss, so durations line up and compare at a glance. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * Each format built once per page. A page's first Intl format loads its locale's data: some
 * 12 ms in a freshly started popup (`npm run bench`), on the thread that draws the card. So the
 * popup builds the ones it uses while its storage reads are on their way (`prepareFormats`).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })));
  return format;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  return format;
}

/** Builds the formats `formatPublished` and `formatRelative` use for `locale`, ahead of their first use. */
export function prepareFormats(locale: string): void {
  dateFormat(locale, 'UTC');
  dateFormat(locale, undefined);
  relativeFormat(locale);
}

/**
 * A published date in the reader's locale. Pages that give only a day ("Jul 10, 2025") are stored
 * as UTC midnight; showing those in the reader's time zone would move them to the day before
 * west of Greenwich, so a UTC-midnight value is treated as a calendar day.
 */
export function formatPublished(iso: string, locale: string, timeZone?: string): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const dateOnly = /T00:00(:00(\.0+)?)?(Z|[+-]00:00)$/.test(iso);
  return dateFormat(locale, dateOnly ? 'UTC' : timeZone).format(date);
}

/** "5 minutes ago", "yesterday", in the reader's locale. */
export function formatRelative(then: number, now: number, locale: string): string {
  const seconds = Math.round((then - now) / 1000);
  const format = relativeFormat(locale);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

/** Markdown's inline specials escaped, so a title cannot inject links or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, '\\$&').replace(/\s+/g, ' ');
}

/** The episode as a Markdown snippet for notes: a linked title and a line of facts. */
export function episodeAsMarkdown(episode: Episode, extra: { stenobirdUrl?: string; locale: string }): string {
  const facts = [
    episode.showName ? escapeMarkdown(episode.showName) : undefined,
    episode.publishedAt ? formatPublished(episode.publishedAt, extra.locale) : undefined,
    episode.durationSeconds !== undefined ? formatDuration(episode.durationSeconds) : undefined,
  ].filter(Boolean);
  const lines = [`[${escapeMarkdown(episode.title)}](<${episode.pageUrl}>)`];
  if (facts.length) lines.push(facts.join(' · '));
  if (episode.audioUrl) lines.push(`Audio: <${episode.audioUrl}>`);
  if (extra.stenobirdUrl) lines.push(`Stenobird: <${extra.stenobirdUrl}>`);
  return lines.join('\n');
}
