import { el } from './dom';

/** A message in a page's body: an error or plain information, as text. */
export function notice(kind: 'error' | 'info', text: string): HTMLElement {
  return el('div', { className: `notice ${kind}` }, [el('p', { text })]);
}
