import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { el } from './dom';

/**
 * The popup's actions. Links open in a new tab and close the popup; copy actions report into the
 * popup's single `role="status"` region, which is how every outcome is announced.
 */

export interface SecondaryAction {
  label: string;
  /** Opens this URL in a new tab. */
  href?: string;
  /** Copies what this returns. */
  copy?: () => string;
  /** Does this (e.g. opens a view of its own). */
  run?: () => void;
}

export function linkButton(label: string, href: string, className = 'primary'): HTMLElement {
  const button = el('button', { className, text: label, attrs: { type: 'button' } });
  button.addEventListener('click', () => void openTab(href));
  return button;
}

async function openTab(url: string): Promise<void> {
  await browser.tabs.create({ url });
  window.close();
}

export function secondaryActions(actions: SecondaryAction[], announce: (text: string, tone?: 'info' | 'error') => void): HTMLElement {
  const items = actions.map((action) => {
    const button = el('button', { className: 'link', text: action.label, attrs: { type: 'button' } });
    button.addEventListener('click', async () => {
      if (action.href) return openTab(action.href);
      if (action.run) return action.run();
      if (!action.copy) return;
      try {
        await navigator.clipboard.writeText(action.copy());
        announce(i18n.t('copied'));
      } catch {
        announce(i18n.t('copyFailed'), 'error');
      }
    });
    return el('li', {}, [button]);
  });
  return el('nav', { className: 'secondary-actions', attrs: { 'aria-label': i18n.t('moreActions') } }, [el('ul', {}, items)]);
}
