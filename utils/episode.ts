/**
 * The episode a page shows, as every part of the extension sees it.
 *
 * This module holds only types and tiny pure helpers, never zod: the content script imports it,
 * and zod would add ~40 kB to every page it runs on. The runtime schema that checks an `Episode`
 * crossing a boundary lives in `episode-schema.ts`.
 */

export type EpisodeSource = 'fireside' | 'stenobird';

/** Where the episode sits in Stenobird's catalogue, when the page says so (Stenobird pages). */
export interface StenobirdRef {
  podcastSlug: string;
  episodeSlug: string;
  /** Shown verbatim: Stenobird's set of states is only partly known. */
  processingState?: string;
}

/**
 * A Fireside enclosure recognised in the audio URL, with any tracking prefix removed
 * (`../shared/reference/fireside-research.md` §1.4). The ids are the show's and the episode's
 * UUIDs; the episode's equals its RSS guid and JSON Feed item id.
 */
export interface FiresideEnclosure {
  podcastId: string;
  episodeId: string;
  /** The enclosure itself: `https://aphid.fireside.fm/d/…/<podcast>/<episode>.mp3` or its media host file. */
  enclosureUrl: string;
}

export interface Episode {
  source: EpisodeSource;
  /** Canonical page URL: no query, hash or trailing slash. */
  pageUrl: string;
  title: string;
  showName?: string;
  /** ISO 8601, in UTC. */
  publishedAt?: string;
  durationSeconds?: number;
  /** As the page gives it, tracking prefix included: that is what the publisher asks players to fetch. */
  audioUrl?: string;
  /** Set when `audioUrl` is a Fireside enclosure. */
  fireside?: FiresideEnclosure;
  artworkUrl?: string;
  season?: number;
  episodeNumber?: number;
  description?: string;
  rssUrl?: string;
  jsonFeedUrl?: string;
  /**
   * The publisher's own transcript, as the page links it (Fireside's hero link, or its transcript
   * file): read as it is, with no request to Stenobird (contract §8).
   */
  transcriptUrl?: string;
  stenobird?: StenobirdRef;
}

export type Detection =
  | { kind: 'episode'; episode: Episode }
  | { kind: 'not-episode'; reason: string };

/** `https://host/path/` → `https://host/path`, dropping query and hash. */
export function canonicalPageUrl(url: URL): string {
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
