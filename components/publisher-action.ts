import { i18n } from '#i18n';
import { ask } from '@/utils/ask';
import type { Shown } from '@/utils/messages';
import { openPublisherView } from '@/utils/transcript-view';
import { el } from './dom';

/**
 * The popup's "Read the publisher's transcript" (contract §8): the first action wherever the
 * episode's publisher offers its own transcript. A click names what the popup shows and the
 * transcript it offers; the background approves both against the tab (nothing else is ever
 * fetched for the view, and nothing is sent to Stenobird), then the view opens in a new tab.
 */
export interface PublisherReading {
  tabId: number;
  shown: Shown;
  transcriptUrl: string;
  busy: boolean;
  starting: () => void;
  /** Not opened: why, and whether the tab now shows another episode (the popup redraws then). */
  notOpened: (message: string, movedOn: boolean) => void;
}

export async function readPublisherTranscript(r: PublisherReading): Promise<void> {
  r.starting();
  const answer = await ask({ type: 'open-publisher-transcript', tabId: r.tabId, shown: r.shown, transcriptUrl: r.transcriptUrl }).catch(() => undefined);
  if (!answer) return r.notOpened(i18n.t('answerFailed'), false);
  if (!answer.ok) return r.notOpened(answer.message, !!answer.movedOn);
  await openPublisherView(r.shown.pageUrl);
  window.close();
}

export function publisherPrimary(r: PublisherReading): HTMLElement {
  const button = el('button', { className: 'primary', text: r.busy ? i18n.t('publisherOpening') : i18n.t('readPublisherTranscript'), attrs: { type: 'button' } });
  if (r.busy) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  button.addEventListener('click', () => void readPublisherTranscript(r));
  return button;
}
