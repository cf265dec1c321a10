import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Parses a fixture page into a Document, as the browser would hand it to a content script. */
export function loadFixture(relativePath: string): Document {
  const html = readFileSync(resolve(import.meta.dirname, '../fixtures', relativePath), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}
