import { i18n } from '#i18n';
import { el } from './dom';

export type KeyAnswer = 'remove' | 'keep' | 'cancel';

/**
 * The options page's question when the Stenobird address changes while an API key is set: the
 * key is the old address's, and would be sent to the new one (issue 13, finding 8). A group in
 * the page (not `window.confirm`, which blocks the page and cannot be styled or translated by
 * us), named by its question, with the safe answer first and focused: remove the key.
 */
export function keyQuestion(host: string, answer: (choice: KeyAnswer) => void): { root: HTMLElement; focus(): void } {
  const id = 'key-question-text';
  const remove = el('button', { className: 'primary', text: i18n.t('optionsKeyRemove'), attrs: { type: 'button' } });
  const keep = el('button', { className: 'secondary', text: i18n.t('optionsKeyKeep', [host]), attrs: { type: 'button' } });
  const cancel = el('button', { className: 'secondary', text: i18n.t('optionsKeyCancel'), attrs: { type: 'button' } });
  const root = el('div', { className: 'key-question', attrs: { role: 'group', 'aria-labelledby': id } }, [
    el('p', { text: i18n.t('optionsKeyQuestion', [host]), attrs: { id } }),
    el('div', { className: 'form-actions' }, [remove, keep, cancel]),
  ]);
  remove.addEventListener('click', () => answer('remove'));
  keep.addEventListener('click', () => answer('keep'));
  cancel.addEventListener('click', () => answer('cancel'));
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') answer('cancel');
  });
  return { root, focus: () => remove.focus() };
}
