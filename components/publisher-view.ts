import { i18n } from '#i18n';
import { ask } from '@/utils/ask';
import type { Segment } from '@/utils/publisher/parse';
import type { PublisherRead } from '@/utils/publisher/schemas';
import { segmentLabel, segmentsText } from '@/utils/publisher/text';
import { el } from './dom';
import { episodeCard } from './episode-card';
import { notice } from './notice';
import { transcriptActions } from './transcript-actions';

/**
 * The transcript view's publisher mode (`transcript.html?publisher=<page URL>`): the show's own
 * transcript, as the background read it from the publisher for that page (contract §8). It shows
 * the episode, who made the text and where it came from, the text a paragraph a segment (time and
 * speaker first, where the file gives them), copy and downloads; or, when the file could not be
 * read, the background's sentence saying why, and a way to try again. Nothing here talks to
 * Stenobird. Text from the file goes in as `textContent` (`el`), so markup in it stays text.
 */

export interface ViewParts {
  head: HTMLElement;
  stage: HTMLElement;
  notices: HTMLElement;
  actions: HTMLElement;
  text: HTMLElement;
  announce: (text: string, tone?: 'info' | 'error') => void;
}

function paragraph(segment: Segment): HTMLElement {
  const label = segmentLabel(segment);
  return el('p', { className: 'segment', attrs: { dir: 'auto' } }, [label ? el('span', { className: 'segment-label', text: `${label} ` }) : null, segment.text]);
}

function drawRead(read: PublisherRead & { ok: true }, parts: ViewParts, locale: string): void {
  const { meta, sourceUrl, transcript } = read;
  document.title = `${meta.title} — ${i18n.t('viewTitle')}`;
  parts.head.replaceChildren(episodeCard(meta, locale));
  parts.stage.textContent = i18n.t('publisherFrom', [new URL(sourceUrl).hostname]);
  parts.stage.dataset.tone = 'ok';
  parts.notices.replaceChildren();
  const text = segmentsText(transcript.segments);
  parts.actions.replaceChildren(
    transcriptActions({ text: () => text, meta: { ...meta, preview: false, publisherSource: sourceUrl }, sourceUrl, announce: parts.announce }),
  );
  parts.text.classList.remove('empty-text');
  parts.text.replaceChildren(...transcript.segments.map(paragraph));
}

function drawProblem(message: string, meta: (PublisherRead & { ok: false })['meta'], parts: ViewParts, locale: string, again: () => void): void {
  if (meta) {
    document.title = `${meta.title} — ${i18n.t('viewTitle')}`;
    parts.head.replaceChildren(episodeCard(meta, locale));
  }
  parts.stage.textContent = '';
  const retry = el('button', { className: 'secondary', text: i18n.t('tryAgain'), attrs: { type: 'button' } });
  retry.addEventListener('click', again);
  parts.notices.replaceChildren(notice('error', message), el('div', { className: 'notice-actions' }, [retry]));
  parts.actions.replaceChildren();
  parts.text.hidden = true;
  parts.announce(message, 'error');
}

/** Reads the transcript approved for `pageUrl` through the background, and draws it. */
export async function showPublisherTranscript(pageUrl: string, parts: ViewParts, locale: string): Promise<void> {
  document.title = i18n.t('viewTitle');
  parts.stage.textContent = i18n.t('publisherLoading');
  parts.stage.dataset.tone = 'info';
  parts.text.hidden = false;
  parts.text.classList.add('empty-text');
  parts.text.textContent = '';
  const again = () => void showPublisherTranscript(pageUrl, parts, locale);
  let read: PublisherRead;
  try {
    read = await ask({ type: 'read-publisher-transcript', pageUrl });
  } catch {
    return drawProblem(i18n.t('answerFailed'), undefined, parts, locale, again);
  }
  if (read.ok) drawRead(read, parts, locale);
  else drawProblem(read.message, read.meta, parts, locale, again);
}
