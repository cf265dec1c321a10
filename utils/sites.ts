/**
 * A "site" is what the user lets the extension detect on with "always detect on this site":
 * `https://host` (scheme and host name, no port, no path). Match patterns carry no port, so a
 * site is exactly what one permission and one registered content script cover. No zod here:
 * the popup-side helper imports it.
 */

/** The site a page belongs to, or `undefined` for pages that are not http(s). */
export function siteOf(pageUrl: string): string | undefined {
  if (!URL.canParse(pageUrl)) return undefined;
  const url = new URL(pageUrl);
  return /^https?:$/.test(url.protocol) && url.hostname ? `${url.protocol}//${url.hostname}` : undefined;
}

/**
 * A page sent over plain http: the extension never reads one (no content script, no on-demand
 * detection, no "always detect"), since anyone on the network can rewrite it.
 */
export function isPlainHttp(pageUrl: string): boolean {
  return URL.canParse(pageUrl) && new URL(pageUrl).protocol === 'http:';
}

/** Whether "always detect" may be offered for a site: https sites only (see `isPlainHttp`). */
export function mayAlwaysDetect(site: string | undefined): site is string {
  return !!site && site.startsWith('https://');
}

/** The match pattern (and host permission) that covers every page of a site. */
export function sitePattern(site: string): string {
  return `${site}/*`;
}
