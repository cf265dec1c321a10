import type { CatalogueRef } from './urls';

/**
 * Stenobird's slug rule, confirmed on two real episodes (contract §1): lower-case; delete every
 * character that is not `a-z`, `0-9`, a space or a hyphen (so "José" → "jos": non-ASCII letters
 * are dropped, not transliterated); runs of spaces and hyphens become one hyphen; trim hyphens.
 */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/[ -]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Numbering publishers put before a title: "Episode 12:", "Ep. 12 -", "#12:", "LUP 556:", "S14E05 -", "12:". */
const PREFIXES = [
  /^(?:episode|ep\.?)\s*#?\d+\s*[:\-–—|.]\s*/i,
  /^s\d{1,3}\s*[-.]?\s*e\d{1,4}\s*[:\-–—|.]\s*/i,
  /^#?\d+\s*[:\-–—|.]\s*/,
  /^[A-Z]{2,8}\s*#?\d+\s*[:\-–—|]\s*/,
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function stripPrefix(title: string): string {
  for (const prefix of PREFIXES) {
    if (prefix.test(title)) return title.replace(prefix, '');
  }
  return title;
}

/** "… | Show name", "… - Show name" (also en/em dashes and a colon). */
function stripShowSuffix(title: string, showName: string | undefined): string {
  if (!showName?.trim()) return title;
  const suffix = new RegExp(`\\s*[|\\-–—:]\\s*${escapeRegExp(showName.trim())}\\s*$`, 'i');
  return title.replace(suffix, '');
}

/** The title as written, then with the publisher's numbering and show-name suffix removed. */
export function titleVariants(title: string, showName?: string): string[] {
  const noSuffix = stripShowSuffix(title.trim(), showName);
  return [title, stripPrefix(noSuffix), noSuffix, stripPrefix(title.trim())];
}

/** Longer slugs are not plausible catalogue keys (and would not fit a stored record). */
const MAX_SLUG_LENGTH = 300;

/** Contract §6: at most three look-ups per episode. */
export const MAX_CANDIDATES = 3;

/**
 * Catalogue slugs to try for an episode seen on a publisher's page, most likely first, without
 * repeats and never more than {@link MAX_CANDIDATES}. No show name or a title with no ASCII
 * letters or digits gives no candidate: there is nothing to look up.
 */
export function slugCandidates(episode: { title: string; showName?: string }): CatalogueRef[] {
  const podcastSlug = slugify(episode.showName ?? '');
  if (!podcastSlug) return [];
  const slugs = new Set<string>();
  for (const variant of titleVariants(episode.title, episode.showName)) {
    const slug = slugify(variant);
    if (slug && slug.length <= MAX_SLUG_LENGTH) slugs.add(slug);
  }
  return [...slugs].slice(0, MAX_CANDIDATES).map((episodeSlug) => ({ podcastSlug, episodeSlug }));
}
