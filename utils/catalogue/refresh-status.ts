import { once } from '@/utils/in-flight';
import { lookUpCatalogueEpisode, type ClientOptions } from '@/utils/stenobird/client';
import { clientOptions } from '@/utils/stenobird/client-options';
import type { StenobirdError } from '@/utils/stenobird/errors';
import type { CatalogueEpisode } from '@/utils/stenobird/schemas';
import { sameRef, type CatalogueRef } from '@/utils/stenobird/urls';
import { resolutions } from '@/utils/storage';
import { statedRef, type Resolvable, type ResolveResult } from '@/utils/tab-state';
import { isFresh, statusFromEntry } from './catalogue-status';
import { FOUND_TTL_MS, lookUp, remember, resolveEpisode } from './resolve-episode';

/**
 * The popup's look-up (contract §2 "Freshness"): the slugs, cached for days (`resolveEpisode`),
 * then the catalogue's status, read again when the one on hand is 15 minutes old or more. A
 * look-up that has just found the slugs brought the status with it: one request, not two. A
 * reopen within 15 minutes sends nothing at all.
 *
 * `refreshError`: the status could not be read again (offline, service trouble); the slugs still
 * stand, and the status shown is the one last read, if any.
 */
export type StatusResult = ResolveResult & { refreshError?: StenobirdError };

export async function resolveWithStatus(episode: Resolvable, client?: ClientOptions): Promise<StatusResult> {
  const resolved = await resolveEpisode(episode, client);
  if (resolved.status !== 'found' || isFresh(resolved.catalogueStatus, Date.now())) return resolved;
  return once(`status:${episode.pageUrl}`, async () => refresh(episode, resolved, client ?? (await clientOptions())));
}

async function refresh(episode: Resolvable, found: ResolveResult & { status: 'found' }, client: ClientOptions): Promise<StatusResult> {
  const { ref } = found;
  const result = await lookUpCatalogueEpisode(client, ref);
  const now = Date.now();
  if (!result.ok) return { ...found, refreshError: result.error };
  const stated = await statedRef(episode, client.baseUrl);
  if (!result.value) {
    // The cached slugs no longer lead to the episode: they are found again (or not) from its
    // titles. Slugs the page states itself stand; only their status is unknown.
    return stated ? { status: 'found', ref } : lookUp(episode, client);
  }
  const catalogueStatus = statusFromEntry(result.value, now);
  // The slugs keep their own age: reading the status does not make them any younger.
  const cached = stated ? undefined : await resolutions.get(episode.pageUrl, now);
  const checkedAt = cached?.checkedAt ?? now;
  await remember(episode.pageUrl, { ref, status: catalogueStatus, checkedAt, expiresAt: cached?.expiresAt ?? checkedAt + FOUND_TTL_MS }, now);
  return { status: 'found', ref, catalogueStatus };
}

/**
 * What a request's follow-up read in the catalogue (`requests/follow-up.ts`), kept beside the
 * page's cached slugs: otherwise a popup opened within 15 minutes of the last look-up would show
 * the status from before, "requested" beside a notification saying the transcript is ready. Only
 * an entry for the same slugs is updated; a page with none is looked up by the popup itself.
 */
export async function keepCheckedStatus(pageUrl: string, ref: CatalogueRef, entry: CatalogueEpisode, now = Date.now()): Promise<void> {
  const cached = await resolutions.get(pageUrl, now).catch(() => undefined);
  if (!cached || !sameRef(ref, cached.ref)) return;
  await remember(pageUrl, { ...cached, status: statusFromEntry(entry, now) }, now);
}
