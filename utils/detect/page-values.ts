/**
 * Small DOM readers shared by the detectors. They only read text and attributes: nothing a page
 * contains is ever parsed as markup or executed. Every value they return already fits
 * `episodeSchema`, so a hostile page yields fewer fields, never an invalid Episode.
 */

/** Collapses white space and trims; `undefined` for empty text. */
export function cleanText(value: string | null | undefined, maxLength = 10_000): string | undefined {
  if (value == null) return undefined;
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  // Never cut an emoji in half: a lone surrogate would show as �.
  return text.length > maxLength ? text.slice(0, maxLength).replace(/[\uD800-\uDBFF]$/, '') : text;
}

/**
 * The visible text of an element, its text nodes joined by spaces: `textContent` would glue
 * `<p>June 30th, 2023</p><p>49 mins</p>` into "202349 mins". Scripts, styles and everything
 * inside `skip` are left out; reading stops after `maxLength` characters.
 */
export function spacedText(root: Element | null | undefined, skip?: Element | null, maxLength = 2000): string {
  if (!root) return '';
  const parts: string[] = [];
  let length = 0;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node && length < maxLength; node = walker.nextNode()) {
    const tag = node.parentElement?.tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || skip?.contains(node)) continue;
    parts.push(node.nodeValue ?? '');
    length += parts[parts.length - 1]!.length + 1;
  }
  return cleanText(parts.join(' '), maxLength) ?? '';
}

/** The first value that is not `undefined`. */
export function first<T>(...values: (T | undefined)[]): T | undefined {
  for (const value of values) if (value !== undefined) return value;
  return undefined;
}

export function metaContent(doc: Document, key: string): string | undefined {
  const el = doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  return cleanText(el?.getAttribute('content'));
}

/** URLs longer than this are dropped: the schema refuses them, and no real page needs one. */
const MAX_URL = 4096;

/** An absolute http(s) URL resolved against the page, or `undefined`. */
export function absoluteHttpUrl(value: string | null | undefined, base: URL): string | undefined {
  const text = cleanText(value, MAX_URL);
  if (!text) return undefined;
  try {
    const url = new URL(text, base);
    return /^https?:$/.test(url.protocol) && url.href.length <= MAX_URL ? url.href : undefined;
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

/** Years a podcast episode can plausibly carry; also keeps `toISOString()` in its 4-digit form. */
const plausible = (date: Date) => date.getUTCFullYear() >= 1900 && date.getUTCFullYear() <= 2999;

/**
 * A date as ISO 8601 in UTC. Accepts ISO date-times (any offset), bare dates (`2024-04-26`,
 * `2024年4月26日`) and English dates ("Jul 10, 2025", "August 4th, 2026"); a date without a time
 * becomes that day's UTC midnight.
 */
export function isoDate(value: string | null | undefined): string | undefined {
  const text = cleanText(value, 100);
  if (!text) return undefined;
  let date: Date;
  const ymd = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  if (ymd) {
    const [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
    date = new Date(Date.UTC(y, m - 1, d));
    // Date.UTC rolls 2024-02-31 over into March and reads year 0050 as 1950: refuse both.
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    date = new Date(text);
  } else {
    // "August 4th, 2026" → "August 4, 2026"; the engine reads English month names.
    const parsed = new Date(text.replace(/(\d)(st|nd|rd|th)\b/gi, '$1'));
    date = new Date(Date.UTC(parsed.getFullYear(), parsed.getMonth(), parsed.getDate()));
  }
  return Number.isNaN(date.getTime()) || !plausible(date) ? undefined : date.toISOString();
}

/** A whole number written in digits, up to `max`. */
export function wholeNumber(value: string | number | null | undefined, max = 10_000_000): number | undefined {
  const text = cleanText(value == null ? undefined : String(value), 20);
  if (!text || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

/** Stenobird's schema caps durations here (about 11.5 days). */
const MAX_DURATION = 1_000_000;

const seconds = (h: number, m: number, s: number) => {
  const total = Math.round(h * 3600 + m * 60 + s);
  return total > 0 && total <= MAX_DURATION ? total : undefined;
};

/** An ISO 8601 duration (`PT1H46M26S`, `P1DT2H`) in seconds. */
export function isoDuration(value: string | null | undefined): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(cleanText(value, 50) ?? '');
  if (!m || !(m[1] || m[2] || m[3] || m[4])) return undefined;
  return seconds(Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0));
}

/**
 * A duration as people write it: "1 hr 55 mins 18 secs", "48 mins", "1 hour 2 minutes",
 * or a clock "1:04:46" / "48:58". Finds the first one inside a longer text.
 */
export function humanDuration(value: string | null | undefined): number | undefined {
  const text = cleanText(value, 2000);
  if (!text) return undefined;
  const words = /(?:(\d+)\s*h(?:ou)?rs?\b)?\s*(?:(\d+)\s*min(?:ute)?s?\b)?\s*(?:(\d+)\s*sec(?:ond)?s?\b)?/gi;
  for (const m of text.matchAll(words)) {
    if (m[1] || m[2] || m[3]) return seconds(Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0));
  }
  const clock = /\b(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d)\b/.exec(text);
  return clock ? seconds(Number(clock[1] ?? 0), Number(clock[2]), Number(clock[3])) : undefined;
}

/** What a page's `<head>` says about itself, read in one pass (a huge body is never walked). */
export interface HeadValues {
  /** `meta` content by `property` or `name`; the first of each wins. */
  meta: Map<string, string>;
  /** `link[rel=alternate]` hrefs with their `type` and `title`, in page order. */
  alternates: { type: string; href: string; title?: string }[];
  canonical?: string;
  /** The head's `<title>` (not `document.title`, which searches a whole body for one). */
  title?: string;
}

export function headValues(doc: Document): HeadValues {
  const values: HeadValues = { meta: new Map(), alternates: [] };
  for (const el of Array.from(doc.head?.children ?? [])) {
    if (el.tagName === 'META') {
      const key = el.getAttribute('property') ?? el.getAttribute('name');
      const content = cleanText(el.getAttribute('content'));
      if (key && content && !values.meta.has(key.toLowerCase())) values.meta.set(key.toLowerCase(), content);
    } else if (el.tagName === 'LINK') {
      const rel = ` ${el.getAttribute('rel')?.toLowerCase() ?? ''} `;
      const href = el.getAttribute('href');
      if (!href) continue;
      if (rel.includes(' alternate ')) {
        values.alternates.push({ type: el.getAttribute('type')?.toLowerCase() ?? '', href, title: cleanText(el.getAttribute('title'), 2000) });
      } else if (rel.includes(' canonical ')) values.canonical ??= href;
    } else if (el.tagName === 'TITLE') {
      values.title ??= cleanText(el.textContent, 4000);
    }
  }
  return values;
}
