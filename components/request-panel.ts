import type { RequestOutcome, TabState } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import { errorSentence } from '@/utils/stenobird/errors';
import { el } from './dom';

type Catalogue = Extract<TabState, { status: 'episode' }>['catalogue'];

/** When a kept request goes out again, in words. */
function whenSentAgain(record: RequestRecord): string {
  if (record.lastError?.kind === 'offline') return 'when you are back online';
  if (record.nextCheckAt === undefined) return 'later';
  return `at ${new Date(record.nextCheckAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
}

/** A sentence for a request's state; Stenobird's unknown words are shown as they came. */
export function describeRequest(record: RequestRecord): string {
  switch (record.phase) {
    case 'unsent': {
      const why = record.lastError ? `${errorSentence(record.lastError.kind)} ` : '';
      return `${why}The extension will send the request ${whenSentAgain(record)}.`;
    }
    case 'available':
      return 'A transcript is available.';
    case 'failed':
      return record.lastError?.message ?? 'Stenobird could not make this transcript.';
    case 'following':
      return record.state === 'queued' || record.state === 'already_requested' || record.state === ''
        ? 'Transcript requested. Stenobird has queued it; you will be notified when it is ready.'
        : `Transcript requested (Stenobird says: ${record.state}); you will be notified when it is ready.`;
  }
}

function describeCatalogue(catalogue: Catalogue): string {
  if (catalogue?.status === 'missing') return 'This episode is not in the Stenobird catalogue.';
  if (catalogue?.transcriptUrl) return 'A transcript is available.';
  return '';
}

/**
 * The request action and its outcome. The button locks while a request is on its way, so a
 * double click sends one request; the outcome is announced through the `role="status"` region.
 * `lookUp`, when given, finds the episode in the catalogue after the popup has drawn.
 */
export function requestPanel(
  existing: RequestRecord | undefined,
  send: () => Promise<RequestOutcome>,
  catalogue?: Catalogue,
  lookUp?: () => Promise<Catalogue>,
): HTMLElement {
  const status = el('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const button = el('button', {
    className: 'primary',
    text: 'Request transcript',
    attrs: { type: 'button' },
  });
  status.textContent = existing ? describeRequest(existing) : describeCatalogue(catalogue);
  let touched = false;

  button.addEventListener('click', async () => {
    if (button.disabled) return;
    touched = true;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status.textContent = 'Requesting transcript…';
    const outcome = await send();
    button.removeAttribute('aria-busy');
    if (outcome.ok) {
      status.textContent = describeRequest(outcome.record);
    } else {
      // A kept request says when it goes again; anything else is the error itself.
      status.textContent = outcome.record?.phase === 'unsent' ? describeRequest(outcome.record) : outcome.error.message;
      button.disabled = false;
    }
  });

  if (lookUp && !existing && !catalogue) {
    void lookUp().then((found) => {
      if (!touched) status.textContent = describeCatalogue(found);
    });
  }

  return el('section', { className: 'request' }, [button, status]);
}
