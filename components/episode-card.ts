import type { Episode } from '@/utils/episode';
import { el } from './dom';

/** The episode's title and show, as plain text. */
export function episodeCard(episode: Episode): HTMLElement {
  return el('article', { className: 'episode-card', attrs: { 'aria-labelledby': 'episode-title' } }, [
    episode.showName ? el('p', { className: 'show', text: episode.showName, attrs: { dir: 'auto' } }) : null,
    el('h1', { className: 'title', text: episode.title, attrs: { id: 'episode-title', dir: 'auto' } }),
  ]);
}
