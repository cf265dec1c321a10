import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { isFiresideEpisodeUrl, isFiresideHost } from '@/utils/detect/fireside-urls';
import { canonicalPageUrl, type Episode } from '@/utils/episode';
import { ACCEPT_HTML, ACCEPT_JSON, firesideGet } from '@/utils/fireside/http';
import { episodeFromJsonFeed } from '@/utils/fireside/json-feed';
import { MAX_PAGE_HTML } from '@/utils/messages';
import { episodeFromCatalogue, episodeFromSlugs } from '@/utils/stenobird/catalogue-episode';
import { lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import { errorSentence } from '@/utils/stenobird/errors';
import { isOnBase, parseEpisodePageUrl, type CatalogueRef } from '@/utils/stenobird/urls';
import { settings } from '@/utils/storage';
import { clientOptions } from './client-options';
import { detectInFetchedPage } from './parse-page';

/**
 * A right-clicked link → the episode it points at, without opening it:
 * - a Stenobird episode link: the slugs are in the URL; the title comes from the catalogue;
 * - a Fireside link: the show's JSON Feed (`<origin>/json`), the item whose `url` is the link;
 *   failing that, the page itself, fetched and read by the same detectors as an open page.
 * Anything else, or a page that turns out not to be an episode, is not requested.
 */

export type LinkResolution =
  | { kind: 'episode'; episode: Episode }
  | { kind: 'not-episode'; message: string }
  /** The link's site was not allowed (custom Fireside domains need the user's permission). */
  | { kind: 'no-access'; host: string }
  | { kind: 'unreadable'; message: string };

/** A show's whole feed (every episode, show notes included); far beyond any real one. */
const MAX_FEED_BYTES = 20_000_000;

/** The access pattern the link's site needs, or `undefined` when the extension always has it. */
export function linkSiteNeedsPermission(url: URL): string | undefined {
  return isFiresideHost(url.hostname) ? undefined : `${url.origin}/*`;
}

async function stenobirdLink(url: URL, ref: CatalogueRef): Promise<LinkResolution> {
  const pageUrl = canonicalPageUrl(url);
  const found = await lookUpCatalogueEpisode(await clientOptions(), ref);
  if (found.ok && !found.value) return { kind: 'not-episode', message: errorSentence('not-found') };
  // Offline or a service in trouble: request it anyway; the request service keeps it for later.
  return { kind: 'episode', episode: found.ok && found.value ? episodeFromCatalogue(found.value, ref, pageUrl) : episodeFromSlugs(ref, pageUrl) };
}

async function fromJsonFeed(url: URL): Promise<Episode | undefined> {
  const feedUrl = `${url.origin}/json`;
  const feed = await firesideGet(feedUrl, { accept: ACCEPT_JSON, maxBytes: MAX_FEED_BYTES });
  if (!feed.ok) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(feed.text);
  } catch {
    return undefined;
  }
  return episodeFromJsonFeed(body, url, feedUrl);
}

async function fromPage(url: URL): Promise<LinkResolution> {
  const page = await firesideGet(url.href, { accept: ACCEPT_HTML, maxBytes: MAX_PAGE_HTML });
  if (!page.ok) {
    if (page.reason === 'status' || page.reason === 'too-large') return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
    return { kind: 'unreadable', message: i18n.t('linkUnreachable', [url.hostname]) };
  }
  if (!/html/i.test(page.contentType)) return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
  // A redirect elsewhere (a show's other domain) is read at the address it ended on.
  const finalUrl = URL.canParse(page.url) && /^https?:$/.test(new URL(page.url).protocol) ? page.url : url.href;
  const detection = await detectInFetchedPage(page.text, finalUrl);
  return detection.kind === 'episode' ? { kind: 'episode', episode: detection.episode } : { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
}

export async function resolveLink(linkUrl: string): Promise<LinkResolution> {
  if (!URL.canParse(linkUrl)) return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
  const url = new URL(linkUrl);
  if (!/^https?:$/.test(url.protocol)) return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };

  const { baseUrl } = await settings.get();
  const ref = parseEpisodePageUrl(url, baseUrl);
  if (ref) return stenobirdLink(url, ref);
  // Stenobird's other pages (podcasts, docs) are not episodes, and are never read as Fireside sites.
  if (isOnBase(url.href, baseUrl) || !isFiresideEpisodeUrl(url)) return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };

  // Fireside serves shows over https; an old http link is read at its https address.
  if (isFiresideHost(url.hostname)) url.protocol = 'https:';
  const pattern = linkSiteNeedsPermission(url);
  if (pattern && !(await browser.permissions.contains({ origins: [pattern] }))) return { kind: 'no-access', host: url.hostname };

  const episode = await fromJsonFeed(url);
  return episode ? { kind: 'episode', episode } : fromPage(url);
}
