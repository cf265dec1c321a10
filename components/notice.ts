import { i18n } from '#i18n';
import { el } from './dom';

/** A message in the popup body: an error (with an optional retry) or plain information. */
export function notice(kind: 'error' | 'info', text: string, retry?: () => void): HTMLElement {
  const node = el('div', { className: `notice ${kind}` }, [el('p', { text })]);
  if (retry) {
    const button = el('button', { className: 'secondary', text: i18n.t('retry'), attrs: { type: 'button' } });
    button.addEventListener('click', retry, { once: true });
    node.append(button);
  }
  return node;
}
