import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { isKeyProblem, jobErrorText } from '@/utils/job-errors';
import type { StenobirdError } from '@/utils/stenobird/errors';
import { el } from './dom';

/**
 * The transcript view's notices: the free preview's label and Stenobird's upgrade message, and
 * errors that say what to do (the API key lives in the options).
 */

/** "Open the options", where the extension has an options page. */
function optionsButton(): HTMLElement | null {
  const manifest = browser.runtime.getManifest() as { options_ui?: unknown; options_page?: unknown };
  if (!manifest.options_ui && !manifest.options_page) return null;
  const button = el('button', { className: 'secondary', text: i18n.t('openOptions'), attrs: { type: 'button' } });
  button.addEventListener('click', () => void browser.runtime.openOptionsPage());
  return button;
}

/** The preview's label from the start, and once it ends, Stenobird's own message and upgrade link. */
export function previewNotice(locked: { message?: string; upgradeUrl?: string } | undefined): HTMLElement {
  const upgrade = locked?.upgradeUrl
    ? el('a', { className: 'secondary', text: i18n.t('upgrade'), attrs: { href: locked.upgradeUrl, target: '_blank', rel: 'noopener noreferrer' } })
    : null;
  return el('section', { className: 'preview', attrs: { 'aria-label': i18n.t('previewBadge') } }, [
    el('p', { className: 'badge', text: i18n.t('previewBadge') }),
    el('p', { text: i18n.t('previewExplain') }),
    locked?.message ? el('p', { className: 'server-says', text: locked.message, attrs: { dir: 'auto' } }) : null,
    el('div', { className: 'notice-actions' }, [upgrade, optionsButton()]),
  ]);
}

export function jobErrorNotice(error: StenobirdError): HTMLElement {
  return el('div', { className: 'notice error' }, [el('p', { text: jobErrorText(error) }), isKeyProblem(error) ? optionsButton() : null]);
}
