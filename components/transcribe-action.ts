import { i18n } from '#i18n';
import { tell } from '@/utils/ask';
import { jobKey } from '@/utils/requests';
import { openTranscriptView } from '@/utils/transcript-view';
import { el } from './dom';

/**
 * The popup's "Transcribe audio" actions. A click asks the background to start (or find) the
 * job for the episode's audio, and opens its transcript view in the same turn: the side panel
 * opens only within the user's gesture, and the view waits for the job's record by itself.
 */
export function startTranscription(tabId: number, audioUrl: string): void {
  tell({ type: 'transcribe-tab-audio', tabId });
  void openTranscriptView(jobKey(audioUrl), tabId).then(() => window.close());
}

/** The label: showing a job that exists, or starting one (saying "preview" when there is no key). */
export function transcribeLabel(options: { hasJob: boolean; hasKey: boolean; primary: boolean }): string {
  if (options.hasJob) return i18n.t('showTranscription');
  if (options.primary) return i18n.t('transcribeAudio');
  return options.hasKey ? i18n.t('transcribeAudioShort') : i18n.t('transcribePreviewShort');
}

/** The primary action for an episode outside the catalogue, with the preview spelled out when there is no key. */
export function transcribePrimary(options: { tabId: number; audioUrl: string; hasJob: boolean; hasKey: boolean }): HTMLElement {
  const button = el('button', { className: 'primary', text: transcribeLabel({ ...options, primary: true }), attrs: { type: 'button' } });
  button.addEventListener('click', () => startTranscription(options.tabId, options.audioUrl));
  const hint = !options.hasJob && !options.hasKey ? el('p', { className: 'hint', text: i18n.t('previewHint') }) : null;
  return el('div', { className: 'transcribe' }, [button, hint]);
}
