import { mayLoadImage } from '@/utils/net/host-rules';
import { el } from './dom';

/**
 * An episode's artwork in a card. Decorative (the title sits beside it), so it has an empty alt.
 *
 * Loaded only from an address `mayLoadImage` allows (https, a public name, never an IP literal
 * or the user's own network: an `og:image` is chosen by whoever wrote the page), without a
 * referrer, and once: a page draws its card several times (the popup: from the tab's report,
 * with the stored state, with the catalogue's answer), so each address gets one element for the
 * life of the page, which every drawing moves into place. A browser does not load an image again
 * for a moved element; a failed one stays the placeholder, not asked for again.
 */

const drawn = new Map<string, HTMLElement>();

const placeholder = () => el('div', { className: 'artwork placeholder', attrs: { 'aria-hidden': 'true' } });

export function artwork(url: string | undefined): HTMLElement {
  if (!url || !mayLoadImage(url)) return placeholder();
  const known = drawn.get(url);
  if (known) return known;
  const img = el('img', {
    className: 'artwork',
    attrs: { src: url, alt: '', width: '64', height: '64', referrerpolicy: 'no-referrer', loading: 'eager', decoding: 'async' },
  });
  img.addEventListener(
    'error',
    () => {
      const instead = placeholder();
      drawn.set(url, instead);
      img.replaceWith(instead);
    },
    { once: true },
  );
  drawn.set(url, img);
  return img;
}
