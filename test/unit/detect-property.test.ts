import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectEpisode } from '@/utils/detect';
import { firesideExamples } from '@/utils/detect/fireside';
import { stenobirdExamples } from '@/utils/detect/stenobird';
import { episodeSchema } from '@/utils/episode-schema';
import { loadCorpus, parsePage } from './load-fixture';

/**
 * Whatever a page holds, detection never throws and never reports an Episode its schema refuses
 * (the background would drop it, and the user would see nothing). Pages come from three sources:
 * random text, random documents built from the markup detectors read, and corpus pages mutated.
 */

// The generated 2 MB pages are left out: mutating them hundreds of times would only be slow.
const corpus = loadCorpus().filter((page) => Buffer.byteLength(page.html) < 200_000);
const candidateUrls = [...firesideExamples.episodes, ...stenobirdExamples.episodes, ...corpus.map((page) => page.url)];

function assertSafe(html: string, url: string): void {
  const result = detectEpisode(parsePage(html), new URL(url));
  if (result.kind === 'episode') {
    const parsed = episodeSchema.safeParse(result.episode);
    expect(parsed.error, JSON.stringify(result.episode).slice(0, 2000)).toBeUndefined();
  } else {
    expect(typeof result.reason).toBe('string');
  }
}

const url = fc.oneof(
  { arbitrary: fc.constantFrom(...candidateUrls), weight: 4 },
  { arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }), weight: 1 },
);

/** Strings that look like what detectors parse, mixed with arbitrary text. */
const UUID = 'f31a453c-fa15-491f-8618-3f71f1d565e5';
const value = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 1 },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
    `https://aphid.fireside.fm/d/1437767933/${UUID}/${UUID}.mp3`,
    `https://chtbl.com/track/X/aphid.fireside.fm/d/99999999999999999999/${UUID}/${UUID.toUpperCase()}.m4a`,
    `https://media24.fireside.fm/file/fireside-audio-2024/podcasts/audio/f/${UUID}/episodes/f/${UUID}/${UUID}.mp3?x=1`,
    'https://feeds.fireside.fm/x/rss',
    'https://assets.fireside.fm/file/a.jpg',
    'javascript:alert(1)',
    '//evil.example/x',
    'PT1H2M3S',
    'P99999DT1H',
    '2024-02-30',
    '2024-03-31T18:30:00-07:00',
    '0000-01-01T00:00:00Z',
    '99999-01-01',
    'August 4th, 2026',
    '1 hr 55 mins 18 secs',
    '99999999 hrs',
    'Episode 99999999999',
    'Season 7',
    '<script>alert(1)</script>',
    '\u0000\uFFFF\uD800',
    'x'.repeat(5000),
    ),
  },
);
const jsonLd = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        '@type': fc.oneof(fc.constant('PodcastEpisode'), fc.constant(['PodcastEpisode', 'Thing']), value),
        name: fc.oneof(value, fc.jsonValue({ maxDepth: 2 })),
        url: fc.oneof(value, fc.constantFrom(...candidateUrls)),
        datePublished: value,
        timeRequired: value,
        episodeNumber: fc.oneof(value, fc.integer(), fc.double()),
        image: fc.oneof(value, fc.record({ url: value }), fc.array(value, { maxLength: 3 })),
        associatedMedia: fc.oneof(fc.record({ contentUrl: fc.oneof(value, fc.integer()) }), fc.array(fc.record({ contentUrl: value }), { maxLength: 2 })),
        partOfSeries: fc.oneof(value, fc.record({ name: fc.oneof(value, fc.integer()) })),
        partOfSeason: fc.record({ seasonNumber: fc.oneof(value, fc.integer({ min: -5, max: 10_000_000 })) }),
        description: fc.oneof(value, fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
);
const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const piece = fc.oneof(
  fc.tuple(fc.constantFrom('og:title', 'og:site_name', 'og:description', 'og:image', 'og:audio', 'og:audio:secure_url', 'og:url', 'twitter:image', 'description'), value)
    .map(([k, v]) => `<meta property="${k}" content="${attr(v)}">`),
  fc.tuple(fc.constantFrom('application/rss+xml', 'application/json', 'application/feed+json', 'text/html'), value)
    .map(([t, v]) => `<link rel="alternate" type="${t}" href="${attr(v)}">`),
  value.map((v) => `<link rel="canonical" href="${attr(v)}">`),
  jsonLd.map((j) => `<script type="application/ld+json">${j}</script>`),
  value.map((v) => `<div id="fireside-player" data-player-download="${attr(v)}"></div>`),
  fc.array(value, { maxLength: 5 }).map((vs) => `<div class="hero-info"><h1>${vs[0] ?? ''}</h1><div><div><p>${vs[1] ?? ''}</p></div></div><span><i class="fas fa-calendar-alt"></i>${vs[2] ?? ''}</span>${vs.slice(3).join(' ')}</div>`),
  value.map((v) => `<h1>${v}</h1>`),
  value.map((v) => `<footer>${v} Powered by Fireside</footer>`),
  fc.array(fc.tuple(value, value), { maxLength: 4 }).map((rows) => `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`),
  fc.tuple(fc.constantFrom('Podcast', 'Published', 'Duration seconds', 'Processing state', 'Audio file'), value).map(([k, v]) => `<dl><dt>${k}</dt><dd>${v}</dd></dl>`),
  value,
);
/**
 * Half of them carry a title and a real enclosure in the player, so many get as far as reading
 * every field (the pieces may still override both).
 */
const enclosure = `<div id="fireside-player" data-player-download="https://aphid.fireside.fm/d/1/${UUID}/${UUID}.mp3"></div>`;
const document = fc
  .tuple(fc.boolean(), fc.array(piece, { maxLength: 12 }))
  .map(([episode, pieces]) => {
    const [head, body] = episode ? ['<title>An episode</title>', enclosure] : ['', ''];
    return `<!doctype html><html><head>${head}${pieces.join('')}</head><body>${body}${pieces.join('')}</body></html>`;
  });

/** Mutations of a real page: cut, duplicate or overwrite a stretch, or insert hostile text. */
const mutated = fc
  .tuple(
    fc.constantFrom(...corpus),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.constantFrom('cut', 'duplicate', 'insert', 'replace'), value), { minLength: 1, maxLength: 4 }),
  )
  .map(([page, edits]) => {
    let html = page.html;
    for (const [at, length, kind, text] of edits) {
      const start = at % (html.length + 1);
      const end = Math.min(html.length, start + length);
      html =
        kind === 'cut' ? html.slice(0, start) + html.slice(end)
        : kind === 'duplicate' ? html.slice(0, end) + html.slice(start, end) + html.slice(end)
        : kind === 'insert' ? html.slice(0, start) + text + html.slice(start)
        : html.slice(0, start) + text + html.slice(end);
    }
    return { html, url: page.url };
  });

/** Hundreds of parsed documents per property: seconds on a loaded 2-core machine, not a hang. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('detection on arbitrary pages', () => {
  it('survives random text at candidate and random addresses', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), url, (html, address) => assertSafe(html, address)), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('survives random documents made of the markup detectors read', () => {
    fc.assert(fc.property(document, url, (html, address) => assertSafe(html, address)), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT_MS);

  it('survives mutated corpus pages at their own addresses', () => {
    fc.assert(fc.property(mutated, ({ html, url: address }) => assertSafe(html, address)), { numRuns: 400 });
  }, PROPERTY_TIMEOUT_MS);
});
