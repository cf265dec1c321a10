import { canonicalPageUrl, type Detection } from '../episode';
import {
  firesideEnclosure,
  guessedRssUrl,
  isFiresideAssetUrl,
  isFiresideEpisodeUrl,
  isFiresideFeedUrl,
  isFiresideHost,
  isFiresideTranscriptFile,
} from './fireside-urls';

export { isFiresideEpisodeUrl };
import {
  absoluteHttpUrl,
  cleanText,
  first,
  headValues,
  humanDuration,
  isoDate,
  isoDuration,
  spacedText,
  wholeNumber,
  type HeadValues,
} from './page-values';
import { showNameFromFeedTitles, showNameFromTitle } from './show-name';

/**
 * Fireside episode pages, on `<show>.fireside.fm` and on custom domains
 * (`../shared/reference/fireside-research.md` §2–3). A page is an episode when it is a Fireside
 * site (its host, feed links, art or footer say so) and it carries a Fireside enclosure in the
 * player, in `og:audio`, or in `PodcastEpisode` JSON-LD. Each field comes from the best source
 * the page has, in the research notes' order of preference.
 */

/**
 * Example URLs for the URL check alone, run against every detector by
 * `test/unit/detect-examples.test.ts`. A URL that passes may still be a custom page: the page
 * decides (the fixtures in `test/fixtures/fireside/` cover that).
 */
export const firesideExamples = {
  episodes: [
    'https://linuxunplugged.fireside.fm/556',
    'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
    'https://guiguzaozhidao.fireside.fm/20240426',
    'https://sv101.fireside.fm/260/',
    'https://rweekly.fireside.fm/111?t=120#t=00:02:00',
    'http://making-the-bands.fireside.fm/12',
    'https://linuxunplugged.com/556',
    'https://www.vscodepodcast.com/17',
    'https://www.dotnetmauipodcast.com/the-one-about-handlers',
  ],
  notEpisodes: [
    'https://linuxunplugged.fireside.fm/',
    'https://linuxunplugged.fireside.fm/episodes',
    'https://linuxunplugged.fireside.fm/episodes?page=2',
    'https://linuxunplugged.fireside.fm/hosts',
    'https://linuxunplugged.fireside.fm/hosts/chrislas',
    'https://linuxunplugged.fireside.fm/guests/sonny',
    'https://linuxunplugged.fireside.fm/tags/xz',
    'https://linuxunplugged.fireside.fm/subscribe',
    'https://linuxunplugged.fireside.fm/rss',
    'https://linuxunplugged.fireside.fm/json',
    'https://linuxunplugged.fireside.fm/articles/a-post',
    'https://linuxunplugged.fireside.fm/556/player/iframe',
    'https://linuxunplugged.fireside.fm/robots.txt',
    'https://fireside.fm/',
    'https://fireside.fm/pricing',
    'https://fireside.fm/s/IAs5ixts+SMPxxUmC',
    'https://www.fireside.fm/features',
    'https://app.fireside.fm/login',
    'https://help.fireside.fm/faq',
    'https://feeds.fireside.fm/linuxunplugged/rss',
    'https://player.fireside.fm/v2/RUkczH-V+RJk2qe3U',
    'https://share.fireside.fm/episode/IAs5ixts+SMPxxUmC',
    'https://aphid.fireside.fm/d/1437767933/f31a453c-fa15-491f-8618-3f71f1d565e5/5b666786-1220-4fe6-9d6f-b6ef537a3fe3.mp3',
    'https://media24.fireside.fm/file',
    'https://a.b.fireside.fm/556',
    'https://linuxunplugged.com/',
    'https://linuxunplugged.com/tags/xz',
    'https://linuxunplugged.com/episodes',
    'ftp://linuxunplugged.com/556',
  ],
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
/** A JSON-LD value that may be given once or as a list: the first one. */
const one = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const str = (v: unknown, max?: number): string | undefined =>
  typeof v === 'string' ? cleanText(v, max) : typeof v === 'number' ? String(v) : undefined;
/** `"…"`, `{ "url": "…" }` or `{ "contentUrl": "…" }`, possibly in a list. */
const urlIn = (v: unknown, key = 'url'): string | undefined => str(one(v), 4096) ?? str(obj(one(v))?.[key], 4096);

/** Same path, trailing slash aside; the host may differ (a show's subdomain and its custom domain). */
const samePath = (a: URL, b: URL) => a.pathname.replace(/\/+$/, '') === b.pathname.replace(/\/+$/, '');

function isPodcastEpisode(o: Json): boolean {
  const type = o['@type'];
  return type === 'PodcastEpisode' || (Array.isArray(type) && type.includes('PodcastEpisode'));
}

function findPodcastEpisode(value: unknown, depth = 0): Json | undefined {
  if (depth > 3) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findPodcastEpisode(item, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const o = obj(value);
  return o && (isPodcastEpisode(o) ? o : findPodcastEpisode(o['@graph'], depth + 1));
}

const JSON_LD = 'script[type="application/ld+json"]';
/** A body has a handful of top-level elements; past this many, the rest is content. */
const MAX_TOP_LEVEL = 200;

/**
 * Where a page keeps its JSON-LD: in the head (Fireside's themes put it there, research §6), or
 * at the top level of the body. Read there only, so a page of megabytes is never searched whole
 * (querySelectorAll on the document walks every element of it).
 */
function jsonLdScripts(doc: Document): Element[] {
  const scripts = Array.from(doc.head?.querySelectorAll(JSON_LD) ?? []);
  const top = doc.body?.children;
  for (let i = 0; top && i < top.length && i < MAX_TOP_LEVEL; i++) if (top[i]!.matches(JSON_LD)) scripts.push(top[i]!);
  return scripts;
}

/**
 * The page's `PodcastEpisode` JSON-LD, unless it names another page as its `url` (a custom page
 * that describes the latest episode is not that episode's page).
 */
function podcastEpisodeJsonLd(doc: Document, url: URL): Json | undefined {
  for (const script of jsonLdScripts(doc)) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const episode = findPodcastEpisode(data);
    if (!episode) continue;
    const own = absoluteHttpUrl(str(episode.url), url);
    return !own || samePath(new URL(own), url) ? episode : undefined;
  }
  return undefined;
}

/**
 * Does anything besides the host say this is a Fireside site? Its feed links, its art on
 * Fireside's image hosts, or the "Powered by Fireside" footer (§2, signals 5–7), cheapest first.
 */
function isFiresideSite(doc: Document, url: URL, head: HeadValues, ld: Json | undefined): boolean {
  if (isFiresideHost(url.hostname)) return true;
  if (head.alternates.some((a) => isFiresideFeedUrl(a.href))) return true;
  if ([head.meta.get('og:image'), head.meta.get('twitter:image'), urlIn(ld?.image)].some(isFiresideAssetUrl)) return true;
  for (const el of lastElements(doc, FOOTER_SEARCH)) {
    if (el.tagName !== 'FOOTER') continue;
    if (/powered by fireside/i.test(el.textContent ?? '') || el.querySelector('a[href^="https://fireside.fm"]')) return true;
  }
  return false;
}

/**
 * The footer closes the page: only a share dialog, scripts and the like follow it (research §6).
 * It is looked for among the page's last elements, so megabytes of show notes are never walked.
 */
const FOOTER_SEARCH = 500;

/** The document's elements from its end backwards (reverse document order), at most `limit`. */
function* lastElements(doc: Document, limit: number): Generator<Element> {
  const deepestLast = (el: Element) => {
    while (el.lastElementChild) el = el.lastElementChild;
    return el;
  };
  let el: Element | null = doc.documentElement && deepestLast(doc.documentElement);
  for (let n = 0; el && n < limit; n++) {
    yield el;
    el = el.previousElementSibling ? deepestLast(el.previousElementSibling) : el.parentElement;
  }
}

/** The text of the element holding a Font Awesome icon, e.g. the date beside `fa-calendar-alt`. */
const iconText = (root: Element | null | undefined, icon: string) => root?.querySelector(`i.${icon}`)?.parentElement?.textContent;

function alternate(head: HeadValues, url: URL, types: RegExp, prefer: (href: string) => boolean): string | undefined {
  const hrefs = head.alternates.filter((a) => types.test(a.type)).map((a) => absoluteHttpUrl(a.href, url));
  return first(hrefs.find((h) => h && prefer(h)), ...hrefs);
}

/**
 * The publisher's transcript the page links (research §3, "Transcript"): a link in the hero (its
 * "Episode Details" included) that says "Transcript" or leads to Fireside's transcript file. Only
 * the hero is read: a search of the whole page would walk megabytes of show notes on every load
 * (`npm run bench`, 10 MB pages), and a page that links none there has its feed read instead.
 */
function transcriptLink(hero: Element | null, url: URL): string | undefined {
  for (const a of Array.from(hero?.querySelectorAll('a[href]') ?? [])) {
    const href = absoluteHttpUrl(a.getAttribute('href'), url);
    if (href && (isFiresideTranscriptFile(href) || /\btranscript\b/i.test(a.textContent ?? ''))) return href;
  }
  return undefined;
}

/** The feeds a show links: RSS, Atom, JSON Feed (Fireside writes `application/json`). */
const FEED_TYPES = /^application\/(?:rss\+xml|atom\+xml|feed\+json|json)$/;

export function detectFiresideEpisode(doc: Document, url: URL): Detection {
  if (!isFiresideEpisodeUrl(url)) return { kind: 'not-episode', reason: 'not a Fireside episode URL' };

  const head = headValues(doc);
  const meta = (key: string) => head.meta.get(key);
  const ld = podcastEpisodeJsonLd(doc, url);

  // The episode signal: a Fireside enclosure in the player, og:audio or JSON-LD (§2, signals 1–3).
  const audio = [
    doc.getElementById('fireside-player')?.getAttribute('data-player-download'),
    meta('og:audio:secure_url'),
    meta('og:audio'),
    urlIn(ld?.associatedMedia, 'contentUrl'),
  ]
    .map((value) => absoluteHttpUrl(value, url))
    .map((audioUrl) => ({ audioUrl, fireside: firesideEnclosure(audioUrl) }))
    .find((candidate) => candidate.fireside);
  if (!audio) return { kind: 'not-episode', reason: 'no Fireside episode audio on the page' };
  if (!isFiresideSite(doc, url, head, ld)) return { kind: 'not-episode', reason: 'not a Fireside site' };

  const hero = doc.querySelector('.hero-info');
  const heroTitle = hero?.querySelector('h1');
  const titles = [str(ld?.name), meta('og:title'), cleanText(heroTitle?.textContent), cleanText(doc.querySelector('h1')?.textContent)];
  const title = first(...titles, cleanText(doc.title));
  if (!title) return { kind: 'not-episode', reason: 'the page has no episode title' };

  // The hero's meta line, "Episode 556 · March 31st, 2024 · 1 hr 10 mins", without the title.
  const heroMeta = spacedText(hero, heroTitle);
  const slug = url.pathname.replace(/^\/|\/$/g, '');
  const seasonSlug = /^s(\d{1,5})-?e(\d{1,7})(?:-|$)/i.exec(slug);
  const episodeNumber = first(
    wholeNumber(str(ld?.episodeNumber)),
    wholeNumber(/\bEpisode\s+#?(\d+)/i.exec(heroMeta)?.[1]),
    wholeNumber(seasonSlug?.[2]),
    // A numeric slug is the episode number by default; an 8-digit one is a date (20240426).
    /^[1-9]\d{0,4}$/.test(slug) ? Number(slug) : undefined,
  );
  const pageUrl = [str(ld?.url), head.canonical, meta('og:url')]
    .map((value) => absoluteHttpUrl(value, url))
    .find((value) => value && new URL(value).origin === url.origin && isFiresideEpisodeUrl(new URL(value)));

  return {
    kind: 'episode',
    episode: {
      source: 'fireside',
      pageUrl: canonicalPageUrl(new URL(pageUrl ?? url.href)),
      title,
      // What the page states first; then the feed links' titles, which name the show itself;
      // then the <title>, which must be split by the episode's title to tell the show's part.
      showName: first(
        str(obj(one(ld?.partOfSeries))?.name, 2000),
        cleanText(meta('og:site_name'), 2000),
        showNameFromFeedTitles(head.alternates.filter((a) => FEED_TYPES.test(a.type) && absoluteHttpUrl(a.href, url)).map((a) => a.title)),
        showNameFromTitle(head.title, titles, episodeNumber),
      ),
      publishedAt: first(
        isoDate(str(ld?.datePublished)),
        isoDate(hero?.querySelector('time[datetime]')?.getAttribute('datetime')),
        isoDate(iconText(hero, 'fa-calendar-alt')),
        // An older layout: the date is the first paragraph of the hero's second block.
        isoDate(hero?.querySelector(':scope > div:nth-of-type(2) > div:first-child > p:first-child')?.textContent),
      ),
      durationSeconds: first(isoDuration(str(ld?.timeRequired)), humanDuration(heroMeta)),
      audioUrl: audio.audioUrl,
      fireside: audio.fireside,
      artworkUrl: first(...[meta('og:image'), meta('twitter:image'), urlIn(ld?.image)].map((v) => absoluteHttpUrl(v, url))),
      season: first(
        wholeNumber(str(obj(one(ld?.partOfSeason))?.seasonNumber), 100_000),
        wholeNumber(/\bSeason\s+(\d+)/i.exec(heroMeta)?.[1], 100_000),
        wholeNumber(seasonSlug?.[1], 100_000),
      ),
      episodeNumber,
      // A short description: the page's summary, else the first paragraph of the show notes.
      description: cleanText(
        first(
          meta('og:description'),
          meta('description'),
          str(ld?.description),
          doc.querySelector('.split-primary.prose p, section.split p')?.textContent ?? undefined,
        ),
        500,
      ),
      rssUrl: first(
        alternate(head, url, /rss\+xml/, isFiresideFeedUrl),
        guessedRssUrl(url),
      ),
      jsonFeedUrl: first(alternate(head, url, /^application\/(feed\+)?json$/, () => true), `${url.origin}/json`),
      transcriptUrl: transcriptLink(hero, url),
    },
  };
}
