import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import { httpUrl } from '@/utils/schema-helpers';

/**
 * What a transcription is asked about: an episode (detected in a tab, or behind a link) or a
 * bare audio link, checked and made into what its job record keeps.
 */
export type AudioLink = { audioUrl: string; title?: string; pageUrl?: string };
export type TranscribeTarget = Episode | AudioLink;

/** The episode a job is about, as its record keeps it. */
export interface JobSubject {
  audioUrl: string;
  title: string;
  pageUrl: string;
  source?: Episode['source'];
  showName?: string;
  publishedAt?: string;
  durationSeconds?: number;
}

/** A bare link's title: its file name, readable. */
function titleFromUrl(audioUrl: string): string {
  const file = new URL(audioUrl).pathname.split('/').filter(Boolean).pop() ?? '';
  let name = file;
  try {
    name = decodeURIComponent(file);
  } catch {
    // Not valid percent-encoding: the raw name will do.
  }
  return name.slice(0, 200) || i18n.t('untitledAudio');
}

export function subjectOf(target: TranscribeTarget): JobSubject | undefined {
  if (!target.audioUrl || !httpUrl.safeParse(target.audioUrl).success) return undefined;
  const pageUrl = target.pageUrl && httpUrl.safeParse(target.pageUrl).success ? target.pageUrl : target.audioUrl;
  const title = target.title?.trim().slice(0, 10_000) || titleFromUrl(target.audioUrl);
  if (!('source' in target)) return { audioUrl: target.audioUrl, title, pageUrl };
  const { source, showName, publishedAt, durationSeconds } = target;
  return { audioUrl: target.audioUrl, title, pageUrl, source, showName, publishedAt, durationSeconds };
}
