import { i18n } from '#i18n';
import { el } from './dom';

/** The "always detect" sites, each with a button that stops detecting there. */
export function siteList(sites: string[], onRemove: (site: string) => void): HTMLElement {
  if (sites.length === 0) return el('p', { className: 'empty-note', text: i18n.t('optionsSitesEmpty') });
  return el(
    'ul',
    { className: 'site-list' },
    sites.map((site) => {
      const host = new URL(site).hostname;
      const button = el('button', {
        className: 'secondary',
        text: i18n.t('optionsRemoveSite'),
        attrs: { type: 'button', 'aria-label': i18n.t('optionsRemoveSiteLabel', [host]) },
      });
      button.addEventListener('click', () => onRemove(site));
      return el('li', {}, [el('span', { className: 'site', text: host }), button]);
    }),
  );
}
