import type { Episode } from '@/utils/episode';
import { lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import type { StenobirdError } from '@/utils/stenobird/errors';
import { slugCandidates } from '@/utils/stenobird/slug';
import { parseEpisodePageUrl, type CatalogueRef } from '@/utils/stenobird/urls';
import { resolutions, settings } from '@/utils/storage';
import { clientOptions } from './client-options';
import { once } from './in-flight';

/**
 * From a detected episode to its Stenobird catalogue entry (contract §6): on a Stenobird page the
 * slugs are in the URL; elsewhere up to three slug candidates built from the show and episode
 * titles are looked up, and the first `200` wins. Answers are cached per page (a miss for less
 * time than a hit: the catalogue grows), so reopening the popup costs no request. Failures
 * (offline, timeouts, service trouble) are not cached: the next attempt asks again.
 */

export type ResolveResult =
  | { status: 'found'; ref: CatalogueRef; transcriptUrl?: string }
  | { status: 'missing' }
  | { status: 'error'; error: StenobirdError };

/** What a look-up needs of an episode (a record kept while unsent has no more than this). */
export type Resolvable = Pick<Episode, 'pageUrl' | 'title' | 'showName' | 'stenobird'>;

export const FOUND_TTL_MS = 7 * 24 * 3600_000;
export const MISSING_TTL_MS = 24 * 3600_000;

/** The slugs a page states itself, with no request: a Stenobird page, or a detector that found them. */
async function statedRef(episode: Resolvable): Promise<CatalogueRef | undefined> {
  if (episode.stenobird) return { podcastSlug: episode.stenobird.podcastSlug, episodeSlug: episode.stenobird.episodeSlug };
  const { baseUrl } = await settings.get();
  return URL.canParse(episode.pageUrl) ? parseEpisodePageUrl(new URL(episode.pageUrl), baseUrl) : undefined;
}

/** What is known without any request: stated slugs or an unexpired cached answer. */
export async function knownResolution(episode: Resolvable, now = Date.now()): Promise<ResolveResult | undefined> {
  const ref = await statedRef(episode);
  if (ref) return { status: 'found', ref };
  const cached = await resolutions.get(episode.pageUrl, now);
  if (!cached) return undefined;
  return cached.ref ? { status: 'found', ref: cached.ref, transcriptUrl: cached.transcriptUrl } : { status: 'missing' };
}

export function resolveEpisode(episode: Resolvable): Promise<ResolveResult> {
  return once(`resolve:${episode.pageUrl}`, async () => (await knownResolution(episode)) ?? lookUp(episode));
}

async function lookUp(episode: Resolvable): Promise<ResolveResult> {
  const client = await clientOptions();
  for (const candidate of slugCandidates(episode)) {
    const result = await lookUpCatalogueEpisode(client, candidate);
    // A server in trouble answers every candidate the same way: stop rather than spend them.
    if (!result.ok) return { status: 'error', error: result.error };
    if (result.value) {
      const checkedAt = Date.now();
      const transcriptUrl = result.value.transcript_url;
      await resolutions.put(episode.pageUrl, { ref: candidate, transcriptUrl, checkedAt, expiresAt: checkedAt + FOUND_TTL_MS });
      return { status: 'found', ref: candidate, transcriptUrl };
    }
  }
  const checkedAt = Date.now();
  await resolutions.put(episode.pageUrl, { checkedAt, expiresAt: checkedAt + MISSING_TTL_MS });
  return { status: 'missing' };
}
