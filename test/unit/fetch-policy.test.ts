import { describe, expect, it } from 'vitest';
import { isPublicHost, matchesPattern, mayFetch, mayLoadImage } from '@/utils/net/fetch-policy';

/**
 * Issue 13, findings 1 and 2: the one rule for addresses read from pages and redirects. Each
 * address below is written as a Location header or an `og:image` could carry it; the URL parser
 * normalises it first, as the browser would before connecting.
 */

const REACH = ['https://stenobird.com/*', 'https://*.fireside.fm/*', 'https://linuxunplugged.com/*'];

describe('mayFetch', () => {
  it.each([
    'https://smartlogic.fireside.fm/json',
    'https://fireside.fm/s/abc',
    'https://stenobird.com/v1/public/podcasts/a/episodes/b',
    'https://linuxunplugged.com/556',
    'https://linuxunplugged.com:8443/556',
  ])('allows %s: https, a public name the extension holds a permission for', (url) => {
    expect(mayFetch(url, REACH)).toBe(true);
  });

  it.each([
    ['plain http', 'http://smartlogic.fireside.fm/json'],
    ['a host without a permission', 'https://example.com/json'],
    ['a look-alike host', 'https://fireside.fm.evil.example/json'],
    ['credentials in the URL', 'https://user:pw@smartlogic.fireside.fm/json'],
    ['not a URL', 'not a url'],
    ['another scheme', 'ftp://smartlogic.fireside.fm/json'],
  ])('refuses %s', (_why, url) => {
    expect(mayFetch(url, REACH)).toBe(false);
  });

  // Granting every https site (Firefox lets a user switch an optional permission on) must not open
  // the user's own machine or network.
  const EVERYWHERE = ['https://*/*'];
  it.each([
    'https://127.0.0.1/',
    'https://127.1/',
    'https://2130706433/',
    'https://0x7f000001/',
    'https://0.0.0.0/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://172.31.255.255/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data',
    'https://100.100.100.100/',
    'https://[::1]/',
    'https://[::]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:192.168.0.1]/',
    'https://[::ffff:7f00:1]/',
    'https://[::127.0.0.1]/',
    'https://[64:ff9b::10.0.0.1]/',
    'https://[fe80::1]/',
    'https://[febf::1]/',
    'https://[fc00::1]/',
    'https://[fd12:3456::1]/',
    'https://localhost/',
    'https://LOCALHOST./',
    'https://app.localhost/',
    'https://router/',
    'https://printer.local/',
    'https://nas.home.arpa/',
    'https://build.internal/',
  ])('never reaches the user’s machine or network: %s', (url) => {
    expect(mayFetch(url, EVERYWHERE)).toBe(false);
  });

  it.each(['https://8.8.8.8/', 'https://[2001:db8::1]/', 'https://[::ffff:8.8.8.8]/', 'https://172.32.0.1/', 'https://cdn.example.com/'])(
    'leaves a public address to the permissions: %s',
    (url) => {
      expect(mayFetch(url, EVERYWHERE)).toBe(true);
      expect(mayFetch(url, REACH)).toBe(false);
    },
  );
});

describe('isPublicHost', () => {
  it('judges the name as the URL parser wrote it', () => {
    expect(isPublicHost(new URL('http://[::ffff:127.0.0.1]/').hostname)).toBe(false);
    expect(isPublicHost(new URL('http://017700000001/').hostname)).toBe(false);
    expect(isPublicHost('assets.fireside.fm')).toBe(true);
  });
});

describe('matchesPattern', () => {
  const at = (url: string) => new URL(url);
  it('matches host permissions as the browsers do: scheme, host and subdomains, path; not the port', () => {
    expect(matchesPattern(at('https://a.b.fireside.fm/x'), 'https://*.fireside.fm/*')).toBe(true);
    expect(matchesPattern(at('https://fireside.fm/'), 'https://*.fireside.fm/*')).toBe(true);
    expect(matchesPattern(at('https://notfireside.fm/'), 'https://*.fireside.fm/*')).toBe(false);
    expect(matchesPattern(at('http://a.fireside.fm/'), 'https://*.fireside.fm/*')).toBe(false);
    expect(matchesPattern(at('https://stenobird.com:8443/podcast/a/b'), 'https://stenobird.com/podcast/*/*')).toBe(true);
    expect(matchesPattern(at('https://stenobird.com/docs'), 'https://stenobird.com/podcast/*/*')).toBe(false);
    expect(matchesPattern(at('http://x.example/'), '*://*/*')).toBe(true);
    expect(matchesPattern(at('https://x.example/'), '<all_urls>')).toBe(true);
  });
});

describe('mayLoadImage', () => {
  it.each([
    'https://assets.fireside.fm/file/fireside-images-2024/podcasts/images/0/abc/cover.jpg?v=1',
    'https://cdn.example.com/art.png',
  ])('loads https artwork served by name: %s', (url) => {
    expect(mayLoadImage(url)).toBe(true);
  });

  it.each([
    'http://assets.fireside.fm/cover.jpg',
    'http://127.0.0.1/pixel.png',
    'https://127.0.0.1/pixel.png',
    'https://8.8.8.8/pixel.png',
    'https://[2001:db8::1]/pixel.png',
    'https://localhost/pixel.png',
    'https://tracker/pixel.png',
    'https://user@cdn.example.com/art.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)',
  ])('never loads %s', (url) => {
    expect(mayLoadImage(url)).toBe(false);
  });
});
