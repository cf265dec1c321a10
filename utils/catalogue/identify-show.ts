import type { Episode } from '@/utils/episode';
import { feedEpisode, feedShowName } from '@/utils/fireside/json-feed';
import { showFeed } from '@/utils/fireside/show-feed';
import { slugify } from '@/utils/stenobird/slug';

/**
 * The show's JSON Feed as a source of identification (contract §6): a Fireside page that names no
 * show (no JSON-LD, `og:site_name`, title or feed-link name the detector could read) gives no slug
 * candidate, so nothing could be looked up. Its show's feed (`episode.jsonFeedUrl`, by default
 * `<origin>/json`) names the show (its top-level `title`), and its item for the page (its `url` is
 * the page, or its enclosure the page's audio; on the page's origin only) gives the date, duration
 * and audio the page lacks. Read only for such a page, at most once a day per show (`showFeed`).
 *
 * The one step every look-up of a tab's episode takes first: the popup's (`resolve-tab.ts`), a
 * request from the popup, the menu or the shortcut (`requestTranscript`), and the check that an
 * action is for what the popup shows (`requests/shown.ts`), so all three see the same episode.
 */

/** What identification reads of an episode, and what it may fill. */
export type Identifiable = Pick<Episode, 'pageUrl' | 'title'> &
  Partial<Pick<Episode, 'source' | 'showName' | 'stenobird' | 'jsonFeedUrl' | 'audioUrl' | 'fireside' | 'publishedAt' | 'durationSeconds'>>;

/** The page alone gives no podcast slug: a Fireside page with no usable show name. */
export function needsShowFeed(episode: Identifiable): boolean {
  return episode.source === 'fireside' && !episode.stenobird && !slugify(episode.showName ?? '') && URL.canParse(episode.pageUrl);
}

/** The episode with what its show's feed adds, when the page alone is not enough; else as given. */
export async function identified<E extends Identifiable>(episode: E): Promise<E> {
  if (!needsShowFeed(episode)) return episode;
  const page = new URL(episode.pageUrl);
  const feedUrl = episode.jsonFeedUrl ?? `${page.origin}/json`;
  const feed = await showFeed(feedUrl);
  if (!feed) return episode;
  const filled: E = { ...episode };
  const showName = feedShowName(feed);
  if (showName) filled.showName = showName;
  const item = feedEpisode(feed, page, feedUrl, episode.audioUrl);
  // The page's own values stand; the feed fills only what it lacks.
  if (item?.publishedAt && !episode.publishedAt) filled.publishedAt = item.publishedAt;
  if (item?.durationSeconds !== undefined && episode.durationSeconds === undefined) filled.durationSeconds = item.durationSeconds;
  if (item?.audioUrl && !episode.audioUrl) {
    filled.audioUrl = item.audioUrl;
    if (item.fireside) filled.fireside = item.fireside;
  }
  return filled;
}
