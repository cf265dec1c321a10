import { cleanText } from './page-values';

/**
 * The show's name where a page carries it only in its feed links' titles or in its `<title>`
 * (contract §6; issue 12, finding 1). Without a show name no catalogue look-up can be built, so
 * these are worth reading; but a wrong name sends the look-up to the wrong show, so each is taken
 * only when the page leaves no doubt: never a guess.
 */

/**
 * What Fireside and feed generators append to a feed's name: "LINUX Unplugged RSS Feed",
 * "… JSON Feed", "Show - RSS", "Show Podcast Feed" (the show "… Podcast" stays). A bare trailing
 * "Feed" stays too: it may be the show's own last word.
 */
const FEED_DECORATION =
  /(?:\s*[-–—|:·»]\s*(?:(?:RSS|JSON|Atom|Podcast)\s+)?Feed|(?:\s*[-–—|:·»]\s*|\s+)(?:RSS|JSON|Atom)(?:\s+Feed)?|(?<=\bPodcast)\s+Feed)$/i;

/**
 * The name the page's feed links (`<link rel="alternate" title="…">`) agree on, their
 * decorations removed. Links that name different things (a network's feed beside the show's,
 * a comments feed) give nothing: which one is the show is not known.
 */
export function showNameFromFeedTitles(titles: (string | undefined)[]): string | undefined {
  const names = new Set<string>();
  for (const title of titles) {
    const name = cleanText(cleanText(title, 2000)?.replace(FEED_DECORATION, ''), 2000);
    if (name) names.add(name);
  }
  return names.size === 1 ? [...names][0] : undefined;
}

/** Between a show and its episode: "Show | Episode", "Show - Episode", "Show: Episode", "Show · Episode". */
const SHOW_THEN_SEPARATOR = /^(.+?)(?:\s*[|｜·•–—]\s*|\s+-\s+|:\s+|：\s*)$/;
/** After an episode: "Episode | Show", "Episode - Show" ("Episode: Show" is not a form titles take). */
const SEPARATOR_THEN_SHOW = /^(?:\s*[|｜·•–—]\s*|\s+-\s+)(.+)$/;
/** A side that names an episode, not a show: "Episode 12", "#12", "12", "Ep. 3". */
const EPISODE_MARKER = /^(?:(?:episode|ep\.?)\s*)?#?\d*$/i;
/** Left in a candidate, these separators mean the title has more than two parts: which is the show is unclear. */
const MORE_PARTS = /[|｜·•]/;

/**
 * The show's name from the page's `<title>` in its common forms, told apart by the episode's
 * title as the page states it elsewhere (JSON-LD, `og:title`, its `h1`): "Show | Episode",
 * "Episode | Show", "Show - Episode" (also –, —, ·, •, ｜), "Show: Episode", and Fireside's
 * "Show 556: Episode" when 556 is the episode's number. A `<title>` that is the episode's title
 * alone, or whose parts are none of them the episode's title, gives nothing.
 */
export function showNameFromTitle(
  pageTitle: string | undefined,
  episodeTitles: (string | undefined)[],
  episodeNumber?: number,
): string | undefined {
  const whole = cleanText(pageTitle, 4000);
  if (!whole) return undefined;
  // The longest first: with og:title "Episode 12: Title" and h1 "Title", "Show | Episode 12: Title" is "Show".
  const known = [...new Set(episodeTitles.map((t) => cleanText(t, 4000)).filter((t): t is string => !!t))].sort((a, b) => b.length - a.length);
  for (const episode of known) {
    if (whole.length <= episode.length) continue;
    const before = whole.endsWith(episode) ? SHOW_THEN_SEPARATOR.exec(whole.slice(0, -episode.length))?.[1] : undefined;
    const after = whole.startsWith(episode) ? SEPARATOR_THEN_SHOW.exec(whole.slice(episode.length))?.[1] : undefined;
    const name = showPart(before, episodeNumber) ?? showPart(after, episodeNumber);
    if (name) return name;
  }
  return undefined;
}

function showPart(part: string | undefined, episodeNumber: number | undefined): string | undefined {
  let name = cleanText(part, 2000);
  if (!name || MORE_PARTS.test(name)) return undefined;
  // "LINUX Unplugged 556", "Show Episode 12", "Show #12": the number is the episode's, not the
  // show's. (A whole number: its digits need no escaping in the pattern.)
  if (episodeNumber !== undefined) {
    name = name.replace(new RegExp(`\\s+(?:(?:episode|ep\\.?)\\s*)?#?0*${episodeNumber}$`, 'i'), '');
  }
  // A number still at the end may be the episode's ("Show 12: Title" on a page that does not
  // say it is episode 12) or the show's: unknown, so nothing.
  return EPISODE_MARKER.test(name) || /\s#?\d+$/.test(name) ? undefined : name;
}
