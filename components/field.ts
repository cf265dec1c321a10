import { el } from './dom';

/**
 * A labelled form field with its hint and its error, wired for assistive technology: the input
 * is described by both, and marked invalid while an error shows.
 */
export interface Field<T extends HTMLInputElement = HTMLInputElement> {
  root: HTMLElement;
  input: T;
  /** Shows an error under the field (`undefined` clears it). */
  setError(text: string | undefined): void;
}

export function textField(options: {
  id: string;
  label: string;
  hint?: string;
  type?: 'text' | 'url' | 'password';
  value?: string;
  attrs?: Record<string, string>;
}): Field {
  const hintId = `${options.id}-hint`;
  const errorId = `${options.id}-error`;
  const input = el('input', {
    attrs: { id: options.id, name: options.id, type: options.type ?? 'text', 'aria-describedby': options.hint ? `${hintId} ${errorId}` : errorId, ...options.attrs },
  });
  input.value = options.value ?? '';
  const error = el('p', { className: 'field-error', attrs: { id: errorId } });
  const root = el('div', { className: 'field' }, [
    el('label', { text: options.label, attrs: { for: options.id } }),
    input,
    options.hint ? el('p', { className: 'field-hint', text: options.hint, attrs: { id: hintId } }) : null,
    error,
  ]);
  return {
    root,
    input,
    setError(text) {
      error.textContent = text ?? '';
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  };
}

export function checkboxField(options: { id: string; label: string; checked: boolean }): { root: HTMLElement; input: HTMLInputElement } {
  const input = el('input', { attrs: { id: options.id, name: options.id, type: 'checkbox' } });
  input.checked = options.checked;
  return { root: el('div', { className: 'field checkbox' }, [input, el('label', { text: options.label, attrs: { for: options.id } })]), input };
}
