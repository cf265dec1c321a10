/**
 * The address rule every URL read from a page must pass, in the part the popup needs too (it
 * loads artwork): `https` only, no credentials in the URL, and a host that is a name on the
 * public internet: never an IP literal here, never `localhost`, a single-label name (`router`)
 * or a name only a local network resolves (`printer.local`). Fetches add the finer IP rules and
 * host permissions (`fetch-policy.ts`). Host names are judged as the URL parser normalised them.
 */

/** Suffixes that only ever name something on the user's own machine or network. */
const LOCAL_SUFFIXES = ['localhost', 'local', 'internal', 'home.arpa', 'lan', 'home', 'corp', 'intranet'];

/** An IPv4 literal (the URL parser writes every spelling of one as a dotted quad) or an IPv6 one. */
export function isIpLiteral(hostname: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

/** `localhost`, a single label, or a name under a local-only suffix: never a public site. */
export function isLocalName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return !name.includes('.') || LOCAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

export function parsedUrl(url: string | URL): URL | undefined {
  if (url instanceof URL) return url;
  return URL.canParse(url) ? new URL(url) : undefined;
}

/** `https`, and no user name or password in the URL. */
export function isHttpsWithoutCredentials(url: URL): boolean {
  return url.protocol === 'https:' && !url.username && !url.password;
}

/**
 * May the popup load this image (an episode's `og:image`)? Https, a public name, never an IP
 * literal: artwork is served by name, an address is a beacon. Images are not fetches under a
 * host permission, so host permissions do not apply.
 */
export function mayLoadImage(url: string | URL): boolean {
  const target = parsedUrl(url);
  return !!target && isHttpsWithoutCredentials(target) && !isIpLiteral(target.hostname) && !isLocalName(target.hostname);
}
