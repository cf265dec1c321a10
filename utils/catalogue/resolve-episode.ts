import { lookUpCatalogueEpisode, type ClientOptions } from '@/utils/stenobird/client';
import { slugCandidates } from '@/utils/stenobird/slug';
import type { CatalogueRef } from '@/utils/stenobird/urls';
import { knownResolution, type Resolvable, type ResolveResult } from '@/utils/tab-state';
import { resolutions, type Resolution } from '@/utils/storage';
import { clientOptions } from '@/utils/stenobird/client-options';
import { once } from '@/utils/in-flight';
import { statusFromEntry } from './catalogue-status';

/**
 * From a detected episode to its Stenobird catalogue entry (contract §6): on a Stenobird page the
 * slugs are in the URL; elsewhere up to three slug candidates built from the show and episode
 * titles are looked up, and the first `200` wins. Answers are cached per page (a miss for less
 * time than a hit: the catalogue grows), so reopening the popup costs no request. A page whose
 * show is not known even from its feed (`identify-show.ts`) gives no candidate: `unidentified`. The found
 * answer's status (processing state, transcript request, transcript) is kept beside its slugs,
 * but trusted for 15 minutes only (`catalogue-status.ts`, `refresh-status.ts`). Failures
 * (offline, timeouts, service trouble) are not cached: the next attempt asks again.
 */

export type { ResolveResult } from '@/utils/tab-state';

/** How long the slugs found are kept (the status in the same entry: `STATUS_FRESH_MS`). */
export const FOUND_TTL_MS = 7 * 24 * 3600_000;
export const MISSING_TTL_MS = 24 * 3600_000;

/** `client`: the settings a caller already read for its step (a request), else read here. */
export function resolveEpisode(episode: Resolvable, client?: ClientOptions): Promise<ResolveResult> {
  return once(`resolve:${episode.pageUrl}`, async () => (await knownResolution(episode, Date.now(), client?.baseUrl)) ?? lookUp(episode, client ?? (await clientOptions())));
}

/** Caches an answer. A cache storage will not take (it is full) is only a cache: the answer stands. */
export function remember(pageUrl: string, resolution: Resolution, now?: number): Promise<void> {
  return resolutions.put(pageUrl, resolution, now).catch(() => undefined);
}

/** Every slug candidate asked in turn (no cache read): the first `200` wins, and is remembered. */
export async function lookUp(episode: Resolvable, client: ClientOptions): Promise<ResolveResult> {
  const candidates = slugCandidates(episode);
  // Nothing asked, so nothing known: never kept as "not in the catalogue" (contract §6.3).
  if (candidates.length === 0) return { status: 'unidentified' };
  for (const candidate of candidates) {
    const result = await lookUpCatalogueEpisode(client, candidate);
    // A server in trouble answers every candidate the same way: stop rather than spend them.
    if (!result.ok) return { status: 'error', error: result.error };
    if (result.value) {
      const checkedAt = Date.now();
      const catalogueStatus = statusFromEntry(result.value, checkedAt);
      await remember(episode.pageUrl, { ref: candidate, status: catalogueStatus, checkedAt, expiresAt: checkedAt + FOUND_TTL_MS });
      return { status: 'found', ref: candidate, catalogueStatus };
    }
  }
  const checkedAt = Date.now();
  await remember(episode.pageUrl, { checkedAt, expiresAt: checkedAt + MISSING_TTL_MS });
  return { status: 'missing' };
}
