import { canonicalPageUrl, type Detection } from '../episode';
import { DEFAULT_STENOBIRD_BASE, parseEpisodePageUrl } from '../stenobird/urls';
import { firesideEnclosure } from './fireside-urls';
import { absoluteHttpUrl, cleanText, definitionList, isoDate, metaContent, wholeNumber } from './page-values';

/**
 * Stenobird's own episode pages: `https://stenobird.com/podcast/<podcast>/<episode>`.
 * The slugs come from the URL (they are the catalogue's keys); everything else from the page,
 * whose layout is known from archived copies (`../shared/reference/stenobird-research.md` §4.4):
 * an `h1` title and a definition list (Podcast, Published, Duration seconds, Processing state).
 */

/** Example URLs, run against every detector by `test/unit/detect-examples.test.ts`. */
export const stenobirdExamples = {
  episodes: [
    'https://stenobird.com/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin',
    'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim',
    'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim/',
  ],
  notEpisodes: [
    'https://stenobird.com/',
    'https://stenobird.com/docs',
    'https://stenobird.com/pricing',
    'https://stenobird.com/podcast/elixir-wizards',
    'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim.md',
    'https://stenobird.com/podcast/elixir-wizards/a/b',
    'https://stenobird.com/podcast/Elixir-Wizards/Upper-Case',
  ],
};

/** The cheap URL check: no DOM work happens on a URL that fails it. */
export function isStenobirdEpisodeUrl(url: URL, base: string = DEFAULT_STENOBIRD_BASE): boolean {
  return parseEpisodePageUrl(url, base) !== undefined;
}

export function detectStenobirdEpisode(doc: Document, url: URL, base: string = DEFAULT_STENOBIRD_BASE): Detection {
  const ref = parseEpisodePageUrl(url, base);
  if (!ref) return { kind: 'not-episode', reason: 'not a Stenobird episode URL' };

  const title =
    cleanText(doc.querySelector('main h1, h1')?.textContent) ??
    metaContent(doc, 'og:title') ??
    cleanText(doc.title);
  if (!title) return { kind: 'not-episode', reason: 'the page has no episode title' };

  const fields = definitionList(doc);
  const published = fields.get('published');
  const audio = fields.get('audio file');
  const audioUrl = absoluteHttpUrl(audio?.querySelector('a')?.getAttribute('href') ?? audio?.textContent, url);

  return {
    kind: 'episode',
    episode: {
      source: 'stenobird',
      pageUrl: canonicalPageUrl(url),
      title,
      showName: cleanText(fields.get('podcast')?.textContent, 2000),
      publishedAt: isoDate(published?.querySelector('time')?.getAttribute('datetime') ?? published?.textContent),
      durationSeconds: wholeNumber(fields.get('duration seconds')?.textContent),
      audioUrl,
      fireside: firesideEnclosure(audioUrl),
      artworkUrl: absoluteHttpUrl(metaContent(doc, 'og:image'), url),
      description: metaContent(doc, 'description') ?? metaContent(doc, 'og:description'),
      stenobird: {
        ...ref,
        processingState: cleanText(fields.get('processing state')?.textContent, 200),
      },
    },
  };
}
