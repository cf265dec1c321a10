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

export interface Episode {
  source: EpisodeSource;
  /** Canonical page URL: no query, hash or trailing slash. */
  pageUrl: string;
  title: string;
  showName?: string;
  /** ISO 8601. */
  publishedAt?: string;
  durationSeconds?: number;
  audioUrl?: string;
  artworkUrl?: string;
  season?: number;
  episodeNumber?: number;
  description?: string;
  rssUrl?: string;
  jsonFeedUrl?: string;
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
