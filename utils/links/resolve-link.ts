import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { isFiresideEpisodeUrl, isFiresideHost } from '@/utils/detect/fireside-urls';
import { canonicalPageUrl, type Episode } from '@/utils/episode';
import { ACCEPT_HTML, firesideGet, type FetchedText } from '@/utils/fireside/http';
import { feedEpisode } from '@/utils/fireside/json-feed';
import { fetchShowFeed } from '@/utils/fireside/show-feed';
import { MAX_PAGE_HTML } from '@/utils/messages';
import { isPublicHost } from '@/utils/net/fetch-policy';
import { reachableOrigins } from '@/utils/net/reach';
import { watchRedirect } from '@/utils/net/redirect-watch';
import { episodeFromCatalogue, episodeFromSlugs } from '@/utils/stenobird/catalogue-episode';
import { lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import { errorSentence } from '@/utils/stenobird/errors';
import { isOnBase, parseEpisodePageUrl, type CatalogueRef } from '@/utils/stenobird/urls';
import { settings } from '@/utils/storage';
import { clientOptions } from '@/utils/stenobird/client-options';
import { detectInFetchedPage } from '@/utils/pages/parse-page';

/**
 * A right-clicked link → the episode it points at, without opening it:
 * - a Stenobird episode link: the slugs are in the URL; the title comes from the catalogue;
 * - a Fireside link: the show's JSON Feed (`<origin>/json`), the item whose `url` is the link
 *   (on the link's own origin: `json-feed.ts`);
 *   failing that, the page itself, fetched and read by the same detectors as an open page.
 * Anything else, or a page that turns out not to be an episode, is not requested.
 */

export type LinkResolution =
  | { kind: 'episode'; episode: Episode }
  | { kind: 'not-episode'; message: string }
  /** The link's site was not allowed (custom Fireside domains need the user's permission). */
  | { kind: 'no-access'; host: string }
  | { kind: 'unreadable'; message: string };

/**
 * The access pattern the link's site needs, or `undefined` when the extension always has it or
 * will not read the site at all (the user's own machine or network). Always https: the link is
 * read at its https address.
 */
export function linkSiteNeedsPermission(url: URL): string | undefined {
  return isFiresideHost(url.hostname) || !isPublicHost(url.hostname) ? undefined : `https://${url.hostname}/*`;
}

async function stenobirdLink(url: URL, ref: CatalogueRef): Promise<LinkResolution> {
  const pageUrl = canonicalPageUrl(url);
  const found = await lookUpCatalogueEpisode(await clientOptions(), ref);
  if (found.ok && !found.value) return { kind: 'not-episode', message: errorSentence('not-found') };
  // Offline or a service in trouble: request it anyway; the request service keeps it for later.
  return { kind: 'episode', episode: found.ok && found.value ? episodeFromCatalogue(found.value, ref, pageUrl) : episodeFromSlugs(ref, pageUrl) };
}

/**
 * One GET of the show's site. The address and every redirect must be https, on a site the
 * extension may read (its host permissions, and the sites the user allowed), and never on the
 * user's own machine or network (`utils/net/fetch-policy.ts`).
 */
async function get(url: string, accept: string, maxBytes: number): Promise<FetchedText> {
  return firesideGet(url, { accept, maxBytes, reach: await reachableOrigins(), watch: watchRedirect });
}

async function fromJsonFeed(url: URL): Promise<Episode | undefined> {
  const feedUrl = `${url.origin}/json`;
  const fetched = await fetchShowFeed(feedUrl);
  return fetched.kind === 'feed' ? feedEpisode(fetched.feed, url, feedUrl) : undefined;
}

async function fromPage(url: URL): Promise<LinkResolution> {
  const page = await get(url.href, ACCEPT_HTML, MAX_PAGE_HTML);
  if (!page.ok) {
    if (page.reason === 'refused') return { kind: 'not-episode', message: i18n.t('linkRedirectRefused', [url.hostname]) };
    if (page.reason === 'not-allowed') return { kind: 'no-access', host: url.hostname };
    if (page.reason === 'status' || page.reason === 'too-large') return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
    return { kind: 'unreadable', message: i18n.t('linkUnreachable', [url.hostname]) };
  }
  if (!/html/i.test(page.contentType)) return { kind: 'not-episode', message: i18n.t('linkNotEpisode') };
  // A redirect elsewhere (a show's other domain) is read at the address it ended on.
  const detection = await detectInFetchedPage(page.text, page.url);
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

  if (!isPublicHost(url.hostname)) return { kind: 'not-episode', message: i18n.t('linkLocalAddress') };
  // Fireside serves every show over https, on its own domain too; an old http link is read at
  // its https address (the extension never reads a page over plain http).
  url.protocol = 'https:';
  // A user name or password in a link is never sent anywhere.
  url.username = '';
  url.password = '';
  const pattern = linkSiteNeedsPermission(url);
  if (pattern && !(await browser.permissions.contains({ origins: [pattern] }))) return { kind: 'no-access', host: url.hostname };

  const episode = await fromJsonFeed(url);
  return episode ? { kind: 'episode', episode } : fromPage(url);
}
