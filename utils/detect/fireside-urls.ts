import type { FiresideEnclosure } from '../episode';

/**
 * Fireside's URL shapes (`../shared/reference/fireside-research.md` §1). Only strings here: these
 * checks run before any DOM work, on every page the content script is injected into.
 */

/** Subdomains of fireside.fm that are Fireside's own services, not shows (§1.1). */
const SERVICE_HOST = /^(?:(?:www|app|assets|blog|feeds|help|status|aphid|player|share|images|media\d*)\.)?fireside\.fm$/i;
/** A show's own subdomain; the slug (group 1) is also its feed's name on feeds.fireside.fm. */
const SHOW_SUBDOMAIN = /^([a-z0-9][a-z0-9-]*)\.fireside\.fm$/i;

/**
 * An episode page has exactly one path segment (§1.2). The words below are the site's own pages,
 * and files are never episodes; anything else on one segment may be an episode or a custom page,
 * which only the page itself can tell apart.
 */
const EPISODE_PATH =
  /^\/(?!(?:episodes|hosts|guests|tags|subscribe|about|rss|json|search|articles|sponsors|s|player)\/?$)(?![^/]*\.(?:txt|xml|json|ico|png|jpe?g|gif|svg|webp|css|js|mp3|m4a|pdf)\/?$)[A-Za-z0-9][A-Za-z0-9._~%!$&'()*+,;=:@-]*\/?$/i;

/** Longer URLs are not pages anyone publishes; refusing them keeps every field within the schema. */
const MAX_PAGE_URL = 2048;

/** The show slug of a `<slug>.fireside.fm` host, or `undefined` (custom domains, service hosts). */
export function firesideSubdomainSlug(host: string): string | undefined {
  return SERVICE_HOST.test(host) ? undefined : SHOW_SUBDOMAIN.exec(host)?.[1]?.toLowerCase();
}

/**
 * A show's RSS feed when its page names none: feeds.fireside.fm's for a show on its Fireside
 * subdomain (§1.3), else `/rss` on the show's own domain.
 */
export function guessedRssUrl(page: URL): string {
  const slug = firesideSubdomainSlug(page.hostname);
  return slug ? `https://feeds.fireside.fm/${slug}/rss` : `${page.origin}/rss`;
}

/** Is the host fireside.fm or one of its subdomains? */
export function isFiresideHost(host: string): boolean {
  return /(?:^|\.)fireside\.fm$/i.test(host);
}

/**
 * The cheap URL check for a Fireside episode page: a one-segment path on a show subdomain, or on
 * any other host (custom domains: only reached where the user let the extension in). Fireside's
 * service hosts never pass.
 */
export function isFiresideEpisodeUrl(url: URL): boolean {
  if (!/^https?:$/.test(url.protocol) || url.href.length > MAX_PAGE_URL) return false;
  if (isFiresideHost(url.hostname) && !firesideSubdomainSlug(url.hostname)) return false;
  return EPISODE_PATH.test(url.pathname);
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The canonical enclosure, found anywhere in the string so tracking prefixes are tolerated (§1.4). */
const APHID = new RegExp(`(?:^|[/.])aphid\\.fireside\\.fm/d/(\\d{1,20})/(${UUID})/(${UUID})\\.(mp3|m4a)\\b`, 'i');
/** The storage file aphid redirects to. */
const MEDIA_AUDIO = new RegExp(
  `^https?://media\\d*\\.fireside\\.fm/file/fireside-audio(?:-\\d{4})?/podcasts/audio/[0-9a-f]/(${UUID})/episodes/[0-9a-f]/(${UUID})/[^?#]+\\.(?:mp3|m4a)`,
  'i',
);

/** The Fireside enclosure an audio URL points at, tracking prefix or not; `undefined` for any other audio. */
export function firesideEnclosure(audioUrl: string | undefined): FiresideEnclosure | undefined {
  if (!audioUrl) return undefined;
  const aphid = APHID.exec(audioUrl);
  if (aphid) {
    const [, n, podcast, episode, ext] = aphid as unknown as [string, string, string, string, string];
    const [podcastId, episodeId] = [podcast.toLowerCase(), episode.toLowerCase()];
    return { podcastId, episodeId, enclosureUrl: `https://aphid.fireside.fm/d/${n}/${podcastId}/${episodeId}.${ext.toLowerCase()}` };
  }
  const media = MEDIA_AUDIO.exec(audioUrl);
  if (media) return { podcastId: media[1]!.toLowerCase(), episodeId: media[2]!.toLowerCase(), enclosureUrl: media[0] };
  return undefined;
}

/**
 * The transcript file Fireside keeps for an episode (§1.3): `…/podcasts/transcripts/<c>/<podcast
 * uuid>/episodes/<c>/<episode uuid>/transcript.txt`, on media24 (2024 on) or the older assets host.
 */
const TRANSCRIPT_FILE = new RegExp(
  `^https://(?:media\\d*|assets)\\.fireside\\.fm/file/fireside-images(?:-\\d{4})?/podcasts/transcripts/[0-9a-f]/${UUID}/episodes/[0-9a-f]/${UUID}/transcript\\.txt$`,
  'i',
);

export function isFiresideTranscriptFile(value: string | undefined): boolean {
  return !!value && TRANSCRIPT_FILE.test(value);
}

/** Fireside's image hosts (§1.5); art on one of them marks a Fireside site on any domain. */
export function isFiresideAssetUrl(value: string | undefined): boolean {
  return !!value && /^(?:https?:)?\/\/(?:assets|images|media\d*)\.fireside\.fm\//i.test(value);
}

export function isFiresideFeedUrl(value: string | undefined): boolean {
  return !!value && /^https?:\/\/feeds\.fireside\.fm\//i.test(value);
}
