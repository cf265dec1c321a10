import { canonicalPageUrl, type Episode } from '../episode';
import { firesideEnclosure } from '../detect/fireside-urls';
import { declaredFormat, decodeEntities, type TranscriptFormat } from './parse';

/**
 * The `podcast:transcript` elements of a show's RSS feed (contract §8), read with a small tolerant
 * scanner rather than an XML parser: the MV3 worker has no DOMParser, and only four things of a
 * feed are wanted (each item's link, enclosure, guid and transcripts). Feeds are often invalid
 * XML (stray `&`, undeclared prefixes); the scanner reads what it can and skips the rest.
 */

export interface FeedTranscript {
  url: string;
  type?: string;
  language?: string;
  rel?: string;
}

export interface FeedItem {
  link?: string;
  enclosure?: string;
  guid?: string;
  transcripts: FeedTranscript[];
}

/**
 * The Podcasting 2.0 namespace, as feeds declare it: the canonical name, and the GitHub page of
 * its documentation that Fireside writes (fireside-research.md §1.3), in http or https, with or
 * without a trailing slash.
 */
const PODCAST_NAMESPACES = [
  /^https?:\/\/podcastindex\.org\/namespace\/1\.0\/?$/i,
  /^https?:\/\/github\.com\/podcastindex-org\/podcast-namespace\/blob\/main\/docs\/1\.0\.md\/?$/i,
];

/** More items with transcripts than any feed has; the rest of a larger one is not read. */
const MAX_FEED_ITEMS = 5_000;
const MAX_TRANSCRIPTS_PER_ITEM = 10;
const MAX_FIELD = 4096;

/** The prefixes the feed binds to the Podcasting 2.0 namespace; `podcast` when it declares none. */
function podcastPrefixes(xml: string): string[] {
  const prefixes = new Set<string>();
  // Declarations sit on the root element (or the channel), well before the first item.
  const head = xml.slice(0, Math.max(xml.search(/<item\b/i), 0) || 65_536);
  for (const m of head.matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const uri = decodeEntities((m[2] ?? m[3] ?? '').trim());
    if (PODCAST_NAMESPACES.some((ns) => ns.test(uri))) prefixes.add(m[1]!);
  }
  return prefixes.size ? [...prefixes] : ['podcast'];
}

/** An element's text: CDATA unwrapped, entities decoded, trimmed. */
function elementText(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').trim();
  const decoded = raw.includes('<![CDATA[') ? text : decodeEntities(text);
  return decoded && decoded.length <= MAX_FIELD ? decoded : undefined;
}

function attributes(raw: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of raw.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = m[1]!.toLowerCase();
    if (!attrs.has(name)) attrs.set(name, decodeEntities((m[2] ?? m[3] ?? '').trim()));
  }
  return attrs;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const httpUrl = (value: string | undefined) => (value && value.length <= MAX_FIELD && /^https?:\/\//i.test(value) && URL.canParse(value) ? value : undefined);

/** The feed's items that list at least one transcript, in feed order. */
export function scanFeed(xml: string): FeedItem[] {
  const prefixes = podcastPrefixes(xml).map(escapeRegExp).join('|');
  const transcriptTag = new RegExp(`<(?:${prefixes}):transcript\\b([^>]*?)\\/?>`, 'gi');
  const items: FeedItem[] = [];
  for (const m of xml.matchAll(/<item\b[^>]*>([\s\S]*?)<\/item\s*>/gi)) {
    const body = m[1]!;
    const transcripts: FeedTranscript[] = [];
    for (const t of body.matchAll(transcriptTag)) {
      const attrs = attributes(t[1]!);
      const url = httpUrl(attrs.get('url'));
      if (!url || transcripts.length >= MAX_TRANSCRIPTS_PER_ITEM) continue;
      const [type, language, rel] = ['type', 'language', 'rel'].map((name) => attrs.get(name)?.slice(0, 200) || undefined);
      transcripts.push({ url, ...(type && { type }), ...(language && { language }), ...(rel && { rel }) });
    }
    if (transcripts.length === 0) continue;
    // `<link>` exactly: `<atom:link>` and `<podcast:…>` elements are other things.
    const link = httpUrl(elementText(/<link(?:\s[^>]*)?>([\s\S]*?)<\/link\s*>/i.exec(body)?.[1]));
    const enclosure = httpUrl(attributes(/<enclosure\b([^>]*)>/i.exec(body)?.[1] ?? '').get('url'));
    const guid = elementText(/<guid(?:\s[^>]*)?>([\s\S]*?)<\/guid\s*>/i.exec(body)?.[1]);
    items.push({ ...(link && { link }), ...(enclosure && { enclosure }), ...(guid && { guid }), transcripts });
    if (items.length >= MAX_FEED_ITEMS) break;
  }
  return items;
}

/**
 * The item of this episode: its `link` is the page (on the page's own origin: a feed may list
 * anything, and only the show's own site speaks for its pages), or its enclosure is the page's
 * audio (the same Fireside episode when both are Fireside enclosures, tracking prefixes aside).
 */
export function itemFor(items: FeedItem[], episode: Pick<Episode, 'pageUrl' | 'audioUrl' | 'fireside'>): FeedItem | undefined {
  const page = new URL(episode.pageUrl);
  const byLink = items.find((item) => {
    if (!item.link) return false;
    // The canonical address carries the origin: a link on another host is another page.
    return canonicalPageUrl(new URL(item.link)) === canonicalPageUrl(page);
  });
  if (byLink) return byLink;
  const episodeId = episode.fireside?.episodeId;
  return items.find(
    (item) => !!item.enclosure && ((!!episode.audioUrl && item.enclosure === episode.audioUrl) || (!!episodeId && firesideEnclosure(item.enclosure)?.episodeId === episodeId)),
  );
}

/** Which format to read when several are offered: speakers and times first, bare text last. */
const PREFERENCE: readonly (TranscriptFormat | undefined)[] = ['json', 'vtt', 'srt', 'html', 'text', undefined];

/** The transcript to show among an item's (`usable`: the ones the extension may fetch). */
export function pickTranscript(transcripts: FeedTranscript[], usable: (url: string) => boolean = () => true): FeedTranscript | undefined {
  const candidates = transcripts.filter((t) => usable(t.url));
  const rank = (t: FeedTranscript) => PREFERENCE.indexOf(declaredFormat(t.type));
  return candidates.reduce<FeedTranscript | undefined>((best, t) => (!best || rank(t) < rank(best) ? t : best), undefined);
}
