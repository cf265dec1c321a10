import type { Episode } from '../episode';
import { episodeSchema } from '../episode-schema';
import { cleanText, isoDate } from '../detect/page-values';
import type { CatalogueEpisode } from './schemas';
import type { CatalogueRef } from './urls';

/**
 * A catalogue entry (contract §2) as the Episode the rest of the extension works with: used for
 * a right-clicked Stenobird link, whose page is not open. Fields that do not fit the Episode
 * schema are left out, never passed on.
 */
export function episodeFromCatalogue(entry: CatalogueEpisode, ref: CatalogueRef, pageUrl: string): Episode {
  const episode = {
    source: 'stenobird' as const,
    pageUrl,
    title: cleanText(entry.title) ?? ref.episodeSlug,
    showName: cleanText(entry.podcast?.title ?? undefined, 2000),
    publishedAt: isoDate(entry.published_at),
    durationSeconds: entry.duration_seconds !== undefined && Number.isInteger(entry.duration_seconds) && entry.duration_seconds <= 1_000_000 ? entry.duration_seconds : undefined,
    audioUrl: entry.audio_url,
    stenobird: { ...ref, processingState: cleanText(entry.processing_state, 200) },
  };
  const checked = episodeSchema.safeParse(episode);
  return checked.success ? checked.data : { source: 'stenobird', pageUrl, title: episode.title.slice(0, 10_000), stenobird: { ...ref } };
}

/** When the catalogue cannot be asked (offline): the slug stands in for the title until it can. */
export function episodeFromSlugs(ref: CatalogueRef, pageUrl: string): Episode {
  return { source: 'stenobird', pageUrl, title: ref.episodeSlug.replace(/-/g, ' '), stenobird: { ...ref } };
}
