import { lookUpCatalogueEpisode, type ClientOptions } from '@/utils/stenobird/client';
import { slugCandidates } from '@/utils/stenobird/slug';
import type { CatalogueRef } from '@/utils/stenobird/urls';
import { knownResolution, type Resolvable, type ResolveResult } from '@/utils/tab-state';
import { resolutions, type Resolution } from '@/utils/storage';
import { clientOptions } from '@/utils/stenobird/client-options';
import { once } from '@/utils/in-flight';

/**
 * From a detected episode to its Stenobird catalogue entry (contract §6): on a Stenobird page the
 * slugs are in the URL; elsewhere up to three slug candidates built from the show and episode
 * titles are looked up, and the first `200` wins. Answers are cached per page (a miss for less
 * time than a hit: the catalogue grows), so reopening the popup costs no request. Failures
 * (offline, timeouts, service trouble) are not cached: the next attempt asks again.
 */

export type { ResolveResult } from '@/utils/tab-state';

export const FOUND_TTL_MS = 7 * 24 * 3600_000;
export const MISSING_TTL_MS = 24 * 3600_000;

/** `client`: the settings a caller already read for its step (a request), else read here. */
export function resolveEpisode(episode: Resolvable, client?: ClientOptions): Promise<ResolveResult> {
  return once(`resolve:${episode.pageUrl}`, async () => (await knownResolution(episode, Date.now(), client?.baseUrl)) ?? lookUp(episode, client ?? (await clientOptions())));
}

/** Caches an answer. A cache storage will not take (it is full) is only a cache: the answer stands. */
function remember(pageUrl: string, resolution: Resolution): Promise<void> {
  return resolutions.put(pageUrl, resolution).catch(() => undefined);
}

async function lookUp(episode: Resolvable, client: ClientOptions): Promise<ResolveResult> {
  for (const candidate of slugCandidates(episode)) {
    const result = await lookUpCatalogueEpisode(client, candidate);
    // A server in trouble answers every candidate the same way: stop rather than spend them.
    if (!result.ok) return { status: 'error', error: result.error };
    if (result.value) {
      const checkedAt = Date.now();
      const transcriptUrl = result.value.transcript_url;
      await remember(episode.pageUrl, { ref: candidate, transcriptUrl, checkedAt, expiresAt: checkedAt + FOUND_TTL_MS });
      return { status: 'found', ref: candidate, transcriptUrl };
    }
  }
  const checkedAt = Date.now();
  await remember(episode.pageUrl, { checkedAt, expiresAt: checkedAt + MISSING_TTL_MS });
  return { status: 'missing' };
}
