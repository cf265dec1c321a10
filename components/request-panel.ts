import type { RequestOutcome } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import { el } from './dom';

/** A sentence for a request's state; Stenobird's unknown words are shown as they came. */
export function describeRequest(record: RequestRecord): string {
  switch (record.state) {
    case 'queued':
    case 'already_requested':
      return 'Transcript requested. Stenobird has queued it.';
    case 'available':
      return 'A transcript is available.';
    default:
      return `Transcript request: ${record.state}.`;
  }
}

/**
 * The request action and its outcome. The button locks while a request is on its way, so a
 * double click sends one request; the outcome is announced through the `role="status"` region.
 */
export function requestPanel(
  existing: RequestRecord | undefined,
  send: () => Promise<RequestOutcome>,
): HTMLElement {
  const status = el('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const button = el('button', {
    className: 'primary',
    text: 'Request transcript',
    attrs: { type: 'button' },
  });
  if (existing) status.textContent = describeRequest(existing);

  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    status.textContent = 'Requesting transcript…';
    const outcome = await send();
    button.removeAttribute('aria-busy');
    if (outcome.ok) {
      status.textContent = describeRequest(outcome.record);
    } else {
      status.textContent = outcome.error.message;
      button.disabled = false;
    }
  });

  return el('section', { className: 'request' }, [button, status]);
}
