import { describe, expect, it } from 'vitest';
import { detectEpisode } from '@/utils/detect';
import { loadCorpus, parsePage } from './load-fixture';

/**
 * Detection reads a page's metadata where pages keep it, not the whole document (a page may be
 * megabytes of show notes): JSON-LD in the head or at the top level of the body, the footer at
 * the end. Pages that keep them in either place are still read in full.
 */
const corpusPage = (file: string) => {
  const page = loadCorpus().find((p) => p.name === file);
  if (!page) throw new Error(`${file} is not in the corpus`);
  return page;
};

describe('where detection reads a page', () => {
  it('reads JSON-LD placed at the end of the body as it reads it in the head', () => {
    // This page's enclosure, art and date are in its JSON-LD only.
    const page = corpusPage('fireside/extras-9-jsonld-only.html');
    const doc = parsePage(page.html);
    const script = doc.head.querySelector('script[type="application/ld+json"]')!;
    doc.body.append(script);
    expect(doc.head.querySelector('script[type="application/ld+json"]')).toBeNull();
    expect(detectEpisode(doc, new URL(page.url))).toEqual(page.expected);
  });

  // Parsing a 2 MB page in happy-dom takes seconds on a loaded machine: a generous timeout.
  it('finds the "Powered by Fireside" footer after a share dialog and scripts, megabytes down the page', { timeout: 60_000 }, () => {
    const page = corpusPage('huge-custom-episode (generated)');
    const doc = parsePage(page.html);
    expect(doc.querySelector('footer')!.nextElementSibling?.id).toBe('share-modal');
    expect(detectEpisode(doc, new URL(page.url))).toEqual(page.expected);
    // Without the footer nothing says this is a Fireside site.
    doc.querySelector('footer')!.remove();
    expect(detectEpisode(doc, new URL(page.url))).toMatchObject({ kind: 'not-episode', reason: 'not a Fireside site' });
  });
});
