import { i18n } from '#i18n';
import { ask, NoAnswer } from '@/utils/ask';
import type { RequestOutcome, Shown } from '@/utils/messages';
import { jobKey } from '@/utils/requests';
import { watchHistoryRecord } from '@/utils/storage';
import { openTranscriptView } from '@/utils/transcript-view';
import { el } from './dom';

/**
 * The popup's "Transcribe audio" actions. A click asks the background to start (or find) the
 * job for the audio the popup shows, naming it (`Shown`): the background starts nothing if the
 * tab has moved on to another episode (`utils/requests/shown.ts`), and the popup then says so
 * and stays open. Otherwise the job's transcript view opens, as soon as the background has kept
 * the job's record (before its POST has been answered), so the click's user gesture, which the
 * side panel needs, is still fresh; the view waits for the rest by itself.
 */
export interface Transcription {
  tabId: number;
  /** What the popup shows: the episode's page and the audio offered. */
  shown: Shown & { audioUrl: string };
  hasJob: boolean;
  /** The job was not started: why, for the popup to show (and redraw when the tab moved on). */
  notStarted: (outcome: RequestOutcome & { ok: false }) => void;
  /** Called at the click, before the background answers. */
  starting?: () => void;
}

/** Resolves once the record under `key` is written (a fresh job kept), and stops watching. */
function recordKept(key: string): { kept: Promise<void>; stop: () => void } {
  let stop = () => {};
  const kept = new Promise<void>((resolve) => {
    stop = watchHistoryRecord(key, (record) => {
      if (record) resolve();
    });
  });
  return { kept, stop };
}

const noAnswer = (error: unknown): RequestOutcome & { ok: false } => ({
  ok: false,
  error: { kind: 'malformed', message: error instanceof NoAnswer && error.reason === 'unreadable' ? i18n.t('stateUnreadable') : i18n.t('answerFailed') },
});

export async function startTranscription(t: Transcription): Promise<void> {
  const key = jobKey(t.shown.audioUrl);
  t.starting?.();
  // An existing job's record may be rewritten by its follow-up at any time: only the answer counts then.
  const watch = t.hasJob ? undefined : recordKept(key);
  const answer = ask({ type: 'transcribe-tab-audio', tabId: t.tabId, shown: t.shown }).catch(noAnswer);
  const first = await Promise.race([answer, ...(watch ? [watch.kept.then(() => 'kept' as const)] : [])]);
  watch?.stop();
  // A job the background keeps (sent, or to be sent again) is shown in its view; a refusal, or
  // a job it could not keep, is told here, with nothing started.
  if (first !== 'kept' && !first.ok && !first.record) return t.notStarted(first);
  await openTranscriptView(key, t.tabId);
  window.close();
}

/** The label: showing a job that exists, or starting one (saying "preview" when there is no key). */
export function transcribeLabel(options: { hasJob: boolean; hasKey: boolean; primary: boolean }): string {
  if (options.hasJob) return i18n.t('showTranscription');
  if (options.primary) return i18n.t('transcribeAudio');
  return options.hasKey ? i18n.t('transcribeAudioShort') : i18n.t('transcribePreviewShort');
}

/** The primary action for an episode outside the catalogue, with the preview spelled out when there is no key. */
export function transcribePrimary(options: Transcription & { hasKey: boolean; busy?: boolean; tier?: 'primary' | 'secondary' }): HTMLElement {
  const button = el('button', {
    className: options.tier ?? 'primary',
    text: options.busy ? i18n.t('transcribeStarting') : transcribeLabel({ ...options, primary: true }),
    attrs: { type: 'button' },
  });
  if (options.busy) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
  }
  button.addEventListener('click', () => void startTranscription(options));
  const hint = !options.hasJob && !options.hasKey ? el('p', { className: 'hint', text: i18n.t('previewHint') }) : null;
  return el('div', { className: 'transcribe' }, [button, hint]);
}
