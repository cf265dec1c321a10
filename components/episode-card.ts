import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import { formatDuration, formatPublished } from '@/utils/format';
import { artwork } from './artwork';
import { el } from './dom';

/**
 * The episode at a glance: artwork, show, title, and a line of facts. Everything from the page is
 * set as text (`el` never parses markup); `dir="auto"` keeps right-to-left titles readable.
 */
export function episodeCard(episode: Pick<Episode, 'title' | 'showName' | 'publishedAt' | 'durationSeconds' | 'artworkUrl' | 'season' | 'episodeNumber'>, locale: string): HTMLElement {
  const facts: HTMLElement[] = [];
  const published = episode.publishedAt ? formatPublished(episode.publishedAt, locale) : undefined;
  if (published) facts.push(el('time', { text: published, attrs: { datetime: episode.publishedAt! } }));
  if (episode.durationSeconds !== undefined) {
    facts.push(el('time', { text: formatDuration(episode.durationSeconds), attrs: { datetime: `PT${episode.durationSeconds}S` } }));
  }
  const number =
    episode.season !== undefined && episode.episodeNumber !== undefined
      ? i18n.t('seasonEpisode', [String(episode.season), String(episode.episodeNumber)])
      : episode.episodeNumber !== undefined
        ? i18n.t('episodeNumber', [String(episode.episodeNumber)])
        : undefined;
  if (number) facts.push(el('span', { text: number }));

  return el('article', { className: 'episode-card', attrs: { 'aria-labelledby': 'episode-title' } }, [
    artwork(episode.artworkUrl),
    el('div', { className: 'episode-text' }, [
      episode.showName ? el('p', { className: 'show', text: episode.showName, attrs: { dir: 'auto' } }) : null,
      el('h1', { className: 'title', text: episode.title, attrs: { id: 'episode-title', dir: 'auto', title: episode.title } }),
      facts.length ? el('p', { className: 'facts' }, facts.flatMap((f, i) => (i ? [' · ', f] : [f]))) : null,
    ]),
  ]);
}
