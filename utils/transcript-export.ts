import { i18n } from '#i18n';
import { escapeMarkdown, formatDuration } from './format';

/**
 * A finished transcript as a file: `.txt` or `.md`, each opening with the episode's facts
 * (title, show, date, duration, page and audio URLs), so a file found later says what it is.
 * Pure: the view turns the string into a download.
 */
export interface TranscriptMeta {
  title: string;
  showName?: string;
  /** ISO 8601; the calendar date as the publisher gave it is written. */
  publishedAt?: string;
  durationSeconds?: number;
  pageUrl?: string;
  /** A publisher's transcript may come without the audio's address (its page links none). */
  audioUrl?: string;
  preview: boolean;
  /** The publisher's own transcript file, when the text is that, not Stenobird's: credited to the publisher. */
  publisherSource?: string;
}

/** `2025-06-26T10:30:00+00:00` → `2025-06-26`: the publisher's own day, not shifted by time zones. */
function day(iso: string | undefined): string | undefined {
  return iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined;
}

/** The facts that exist, as label/value pairs; the page is left out when it is the audio itself. */
function facts(meta: TranscriptMeta): Array<[string, string, 'text' | 'url']> {
  const rows: Array<[string, string | undefined, 'text' | 'url']> = [
    [i18n.t('fileShow'), meta.showName, 'text'],
    [i18n.t('filePublished'), day(meta.publishedAt), 'text'],
    [i18n.t('fileDuration'), meta.durationSeconds !== undefined ? formatDuration(meta.durationSeconds) : undefined, 'text'],
    [i18n.t('filePage'), meta.pageUrl && meta.pageUrl !== meta.audioUrl ? meta.pageUrl : undefined, 'url'],
    [i18n.t('fileAudio'), meta.audioUrl, 'url'],
    [i18n.t('fileSource'), meta.publisherSource, 'url'],
  ];
  return rows.filter((row): row is [string, string, 'text' | 'url'] => !!row[1]);
}

/** Who made the text: the publisher (their own file), or Stenobird (a preview said so). */
function credit(meta: TranscriptMeta): string {
  if (meta.publisherSource) return i18n.t('filePublishedBy');
  return meta.preview ? `${i18n.t('fileTranscribedBy')} (${i18n.t('filePreview')})` : i18n.t('fileTranscribedBy');
}

/** A URL as a Markdown autolink; the few characters that would end one are percent-encoded. */
const autolink = (url: string) => `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;

export function transcriptMarkdown(meta: TranscriptMeta, text: string): string {
  const lines = [`# ${escapeMarkdown(meta.title)}`, ''];
  for (const [label, value, type] of facts(meta)) lines.push(`- **${label}:** ${type === 'url' ? autolink(value) : escapeMarkdown(value)}`);
  lines.push(`- ${credit(meta)}`, '', '---', '', text.trim(), '');
  return lines.join('\n');
}

export function transcriptPlainText(meta: TranscriptMeta, text: string): string {
  const lines = [meta.title.replace(/\s+/g, ' ')];
  for (const [label, value] of facts(meta)) lines.push(`${label}: ${value.replace(/\s+/g, ' ')}`);
  lines.push(credit(meta), '', text.trim(), '');
  return lines.join('\n');
}

/** A file name from the title: letters and digits of any script, hyphens between, at most 80. */
export function transcriptFileName(meta: TranscriptMeta, extension: 'txt' | 'md'): string {
  const base = meta.title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${base || 'transcript'}${meta.preview ? '-preview' : ''}.${extension}`;
}
