import { isHttpsWithoutCredentials, isLocalName, parsedUrl } from './host-rules';

export { isIpLiteral, mayLoadImage } from './host-rules';

/**
 * Where the extension may send a request it did not choose itself: an address read from a page
 * (a right-clicked link, a feed item) or from a redirect. Pure: no browser API, no zod, so the
 * background, the pages and the tests share it.
 *
 * The rule: `https` only, no credentials in the URL, a public host (never `localhost`, a
 * single-label or local-only name, or an IP literal on the user's machine or network: loopback,
 * private, link-local, unique-local, the carrier's shared space, also spelled as IPv4-mapped,
 * IPv4-compatible or NAT64 IPv6), on an origin the extension holds a host permission for. Host
 * names are judged as the URL parser normalised them (`http://2130706433/` is `127.0.0.1`,
 * `[::ffff:127.0.0.1]` is `[::ffff:7f00:1]`), so no spelling slips past. A name that resolves to
 * a private address is not caught here (the extension cannot see DNS); host permissions keep
 * those names few. `host-rules.ts` holds the part the popup shares (artwork).
 */

/** Redirects followed for one request, at most (browsers allow 20). */
export const MAX_REDIRECTS = 5;

function ipv4Of(hostname: string): [number, number, number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number) as [number, number, number, number];
  return parts.every((p) => p <= 255) ? parts : undefined;
}

/** The eight 16-bit pieces of a bracketed IPv6 host as the URL parser writes it, or `undefined`. */
function ipv6Of(hostname: string): number[] | undefined {
  const match = /^\[([0-9a-f:.]+)\]$/i.exec(hostname);
  if (!match) return undefined;
  let text = match[1]!.toLowerCase();
  // The parser writes hex pieces only, but accept a trailing dotted quad all the same.
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (dotted) {
    const v4 = ipv4Of(dotted[1]!);
    if (!v4) return undefined;
    text = `${text.slice(0, -dotted[1]!.length)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const pieces = (half: string) => (half ? half.split(':').map((p) => (/^[0-9a-f]{1,4}$/.test(p) ? parseInt(p, 16) : NaN)) : []);
  const head = pieces(halves[0]!);
  const tail = halves.length === 2 ? pieces(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.some(Number.isNaN) ? undefined : all;
}

/** IPv4 addresses on the user's machine or network (or the carrier's shared space). */
function isLocalIpv4([a, b]: [number, number, number, number]): boolean {
  return (
    a === 0 || // "this network": reaches the machine itself on some systems
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier NAT, VPN overlays)
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    a >= 224 // multicast, reserved, broadcast
  );
}

function isLocalIpv6(p: number[]): boolean {
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0);
  const inside = (): [number, number, number, number] => [p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff];
  // An IPv4 address carried inside: IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and
  // the old IPv4-compatible form (::a.b.c.d, which also covers :: and ::1). The IPv4 rule decides.
  if (zeros(0, 5) && p[5] === 0xffff) return isLocalIpv4(inside());
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return isLocalIpv4(inside());
  if (zeros(0, 6)) return (p[6] === 0 && p[7]! <= 1) || isLocalIpv4(inside());
  return (
    (p[0]! & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (p[0]! & 0xffc0) === 0xfec0 || // the old site-local fec0::/10
    (p[0]! & 0xfe00) === 0xfc00 || // unique-local fc00::/7
    (p[0]! & 0xff00) === 0xff00 // multicast
  );
}

/**
 * Whether a (URL-normalised) host name names something on the public internet: not an address
 * on the user's machine or network, not `localhost`, not a single label (`router`, `intranet`),
 * not a name only a local network resolves (`printer.local`, `nas.home.arpa`).
 */
export function isPublicHost(hostname: string): boolean {
  const v4 = ipv4Of(hostname);
  if (v4) return !isLocalIpv4(v4);
  const v6 = ipv6Of(hostname);
  if (v6) return !isLocalIpv6(v6);
  if (hostname.startsWith('[')) return false;
  return !isLocalName(hostname);
}

/**
 * Whether a URL falls under a match pattern (`https://*.fireside.fm/*`, `https://host/*`,
 * `*://*\/*`, `<all_urls>`), as host permissions are matched: the port is not part of it.
 */
export function matchesPattern(url: URL, pattern: string): boolean {
  if (pattern === '<all_urls>') return /^(https?|wss?|ftp|file):$/.test(url.protocol);
  const match = /^(\*|https?|wss?|ftp|file):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!match) return false;
  const [, scheme, host, path] = match as unknown as [string, string, string, string];
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  const hostname = url.hostname.toLowerCase();
  if (host.startsWith('*.')) {
    const base = host.slice(2).toLowerCase();
    if (hostname !== base && !hostname.endsWith(`.${base}`)) return false;
  } else if (host !== '*' && hostname !== host.toLowerCase()) return false;
  const glob = new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return glob.test(`${url.pathname}${url.search}`);
}

/**
 * May the extension send a request to this address, read from a page or a redirect? `reach`:
 * the match patterns of the origins it holds host permissions for (`permissions.getAll()`).
 */
export function mayFetch(url: string | URL, reach: readonly string[]): boolean {
  const target = parsedUrl(url);
  return !!target && isHttpsWithoutCredentials(target) && isPublicHost(target.hostname) && reach.some((pattern) => matchesPattern(target, pattern));
}
