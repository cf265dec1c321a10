/**
 * Small DOM readers shared by the detectors. They only read text and attributes: nothing a page
 * contains is ever parsed as markup or executed.
 */

/** Collapses white space and trims; `undefined` for empty text. */
export function cleanText(value: string | null | undefined, maxLength = 10_000): string | undefined {
  if (value == null) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > maxLength ? text.slice(0, maxLength) : text;
}

export function metaContent(doc: Document, key: string): string | undefined {
  const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  return cleanText(el?.getAttribute('content'));
}

/** An absolute http(s) URL resolved against the page, or `undefined`. */
export function absoluteHttpUrl(value: string | null | undefined, base: URL): string | undefined {
  const text = cleanText(value, 4096);
  if (!text) return undefined;
  try {
    const url = new URL(text, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a `<dl>` of label/value pairs into a map keyed by lower-cased label without its colon,
 * e.g. `<dt>Processing state</dt><dd>processed</dd>` → `processing state` → the `<dd>`.
 */
export function definitionList(root: ParentNode): Map<string, Element> {
  const values = new Map<string, Element>();
  for (const dt of Array.from(root.querySelectorAll('dt'))) {
    const dd = dt.nextElementSibling;
    const label = cleanText(dt.textContent, 100)?.replace(/:$/, '').toLowerCase();
    if (label && dd?.tagName === 'DD' && !values.has(label)) values.set(label, dd);
  }
  return values;
}

/** A date as ISO 8601: an ISO string is kept; a human date ("Jul 10, 2025") becomes UTC midnight. */
export function isoDate(value: string | null | undefined): string | undefined {
  const text = cleanText(value, 100);
  if (!text) return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    return Number.isNaN(Date.parse(text)) ? undefined : text;
  }
  // "August 4th, 2026" → "August 4, 2026" before parsing.
  const parsed = new Date(text.replace(/(\d)(st|nd|rd|th)\b/gi, '$1'));
  if (Number.isNaN(parsed.getTime())) return undefined;
  return new Date(Date.UTC(parsed.getFullYear(), parsed.getMonth(), parsed.getDate())).toISOString();
}

export function wholeNumber(value: string | null | undefined): number | undefined {
  const text = cleanText(value, 20);
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}
