import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Detection } from '@/utils/episode';
import { hugePage } from '../fixtures/huge-pages.mjs';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

/** Parses HTML into a Document, as the browser would hand it to a content script. */
export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

export function loadFixture(relativePath: string): Document {
  return parsePage(readFileSync(resolve(FIXTURES, relativePath), 'utf8'));
}

/**
 * One page of the corpus (`test/fixtures/corpus.json`): where it is served, and what a detector
 * must make of it. Expected episodes list every field the page carries; the `reason` of a page
 * that is not an episode is not part of the contract.
 */
export interface CorpusPage {
  name: string;
  url: string;
  note: string;
  html: string;
  /** Made from a template (the 2 MB pages) rather than read from a file. */
  generated: boolean;
  expected: Detection | { kind: 'not-episode' };
}

interface CorpusEntry {
  file?: string;
  generated?: 'huge-episode' | 'huge-custom-episode' | 'huge-custom-page';
  url: string;
  note: string;
  expected: CorpusPage['expected'];
}

export function loadCorpus(): CorpusPage[] {
  const entries = JSON.parse(readFileSync(resolve(FIXTURES, 'corpus.json'), 'utf8')) as CorpusEntry[];
  return entries.map((entry) => ({
    name: entry.file ?? `${entry.generated} (generated)`,
    url: entry.url,
    note: entry.note,
    generated: entry.generated !== undefined,
    expected: entry.expected,
    html: entry.generated ? hugePage(entry.generated) : readFileSync(resolve(FIXTURES, entry.file!), 'utf8'),
  }));
}
