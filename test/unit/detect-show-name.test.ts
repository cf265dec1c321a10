import { describe, expect, it } from 'vitest';
import { detectEpisode } from '@/utils/detect';
import { parsePage } from './load-fixture';

/**
 * The show's name from every source a Fireside page has (contract §6; issue 12, finding 1):
 * JSON-LD and og:site_name first, then the feed links' titles, then the `<title>` in its common
 * forms, read against the episode's title. Where the page leaves doubt there is no name: a
 * wrong one would send the catalogue look-up to another show.
 */
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3';
const EPISODE = 'Rustler: Bridging Elixir and Rust';

interface Page {
  title?: string;
  h1?: string;
  ogTitle?: string;
  siteName?: string;
  seriesName?: string;
  /** `[type, title, href]` of each `<link rel="alternate">`. */
  feeds?: [string, string | undefined, string][];
  /** The page's address; its slug may give the episode number. */
  url?: string;
}

const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function showName(page: Page): string | undefined {
  const head = [
    page.title !== undefined ? `<title>${text(page.title)}</title>` : '',
    page.ogTitle ? `<meta property="og:title" content="${attr(page.ogTitle)}">` : '',
    page.siteName ? `<meta property="og:site_name" content="${attr(page.siteName)}">` : '',
    page.seriesName
      ? `<script type="application/ld+json">${JSON.stringify({ '@type': 'PodcastEpisode', name: page.ogTitle ?? page.h1, partOfSeries: { name: page.seriesName } })}</script>`
      : '',
    ...(page.feeds ?? []).map(([type, title, href]) => `<link rel="alternate" type="${type}"${title === undefined ? '' : ` title="${attr(title)}"`} href="${attr(href)}">`),
  ].join('\n');
  const html = `<!doctype html><html><head>${head}</head><body><div class="hero-info"><h1>${text(page.h1 ?? EPISODE)}</h1>
<div id="fireside-player" data-player-download="${AUDIO}"></div></div></body></html>`;
  const result = detectEpisode(parsePage(html), new URL(page.url ?? 'https://smartlogic.fireside.fm/rustler'));
  if (result.kind !== 'episode') throw new Error(`not detected: ${result.reason}`);
  return result.episode.showName;
}

const rss = (title: string | undefined, href = 'https://feeds.fireside.fm/smartlogic/rss'): [string, string | undefined, string] => ['application/rss+xml', title, href];
const json = (title: string | undefined, href = 'https://smartlogic.fireside.fm/json'): [string, string | undefined, string] => ['application/json', title, href];

describe('which source names the show', () => {
  it('JSON-LD first, then og:site_name, whatever the feed links and the <title> say', () => {
    const everywhere: Page = { title: `Title Show | ${EPISODE}`, feeds: [rss('Feed Show')], siteName: 'Site Show' };
    expect(showName({ ...everywhere, seriesName: 'Series Show' })).toBe('Series Show');
    expect(showName(everywhere)).toBe('Site Show');
  });

  it('then the feed links’ titles, before the <title>', () => {
    expect(showName({ title: `Title Show | ${EPISODE}`, feeds: [rss('Feed Show')] })).toBe('Feed Show');
  });

  it('then the <title>', () => {
    expect(showName({ title: `Elixir Wizards | ${EPISODE}`, feeds: [rss(undefined)] })).toBe('Elixir Wizards');
  });

  it('none of them: no show name, the page is still an episode', () => {
    expect(showName({ title: EPISODE, feeds: [rss(undefined), json(undefined)] })).toBeUndefined();
    expect(showName({})).toBeUndefined();
  });
});

describe('the feed links’ titles', () => {
  it.each([
    ['Elixir Wizards', 'Elixir Wizards'],
    ['LINUX Unplugged RSS Feed', 'LINUX Unplugged'],
    ['LINUX Unplugged JSON Feed', 'LINUX Unplugged'],
    ['Elixir Wizards - RSS', 'Elixir Wizards'],
    ['Elixir Wizards | Feed', 'Elixir Wizards'],
    ['Elixir Wizards » Feed', 'Elixir Wizards'],
    ['Elixir Wizards rss', 'Elixir Wizards'],
    ['The .NET MAUI Podcast', 'The .NET MAUI Podcast'],
    ['The .NET MAUI Podcast Feed', 'The .NET MAUI Podcast'],
    ['Elixir Wizards Podcast Feed', 'Elixir Wizards Podcast'],
    // A bare last "Feed" may be the show's own word.
    ['The Daily Feed', 'The Daily Feed'],
    ['晚点聊 LateTalk', '晚点聊 LateTalk'],
  ])('"%s" names "%s"', (title, name) => {
    expect(showName({ title: EPISODE, feeds: [rss(title)] })).toBe(name);
  });

  it('RSS and JSON Feed links that agree once decorations are gone name the show', () => {
    expect(showName({ title: EPISODE, feeds: [rss('Coder Radio RSS Feed'), json('Coder Radio JSON Feed')] })).toBe('Coder Radio');
    expect(showName({ title: EPISODE, feeds: [['application/feed+json', 'Coder Radio', 'https://coder.show/json']] })).toBe('Coder Radio');
  });

  it('links that name different things (a network’s feed beside the show’s) give no name', () => {
    expect(showName({ title: EPISODE, feeds: [rss('Elixir Wizards'), rss('SmartLogic Podcasts', 'https://feeds.fireside.fm/smartlogic-all/rss')] })).toBeUndefined();
  });

  it('a title that is only a decoration, a link that is not a feed, or one with no usable address count for nothing', () => {
    expect(showName({ title: EPISODE, feeds: [rss('RSS Feed'), rss('Feed')] })).toBeUndefined();
    expect(showName({ title: EPISODE, feeds: [rss('Elixir Wizards'), ['text/html', 'Elixir Wizards en español', 'https://smartlogic.fireside.fm/es']] })).toBe('Elixir Wizards');
    expect(showName({ title: EPISODE, feeds: [rss('Elixir Wizards'), rss('x', 'javascript:alert(1)')] })).toBe('Elixir Wizards');
  });
});

describe('the <title>, split by the episode’s title', () => {
  it.each([
    [`Elixir Wizards | ${EPISODE}`],
    [`${EPISODE} | Elixir Wizards`],
    [`Elixir Wizards - ${EPISODE}`],
    [`${EPISODE} - Elixir Wizards`],
    [`Elixir Wizards – ${EPISODE}`],
    [`${EPISODE} — Elixir Wizards`],
    [`Elixir Wizards · ${EPISODE}`],
    [`${EPISODE} • Elixir Wizards`],
    [`Elixir Wizards: ${EPISODE}`],
    [`Elixir Wizards｜${EPISODE}`],
    [`Elixir Wizards|${EPISODE}`],
    [`  Elixir   Wizards  |  ${EPISODE} `],
  ])('"%s" names the show', (title) => {
    expect(showName({ title })).toBe('Elixir Wizards');
  });

  it('Fireside’s "Show 556: Episode": the number is the episode’s (its address says 556), not the show’s', () => {
    expect(showName({ title: 'LINUX Unplugged 556: The xz Backdoor Exposed', h1: 'The xz Backdoor Exposed', url: 'https://linuxunplugged.fireside.fm/556' })).toBe('LINUX Unplugged');
    expect(showName({ title: 'Self-Hosted Episode 100: Our Essential Apps', h1: 'Our Essential Apps', url: 'https://selfhosted.fireside.fm/100' })).toBe('Self-Hosted');
    // A number that is part of the show's name stays.
    expect(showName({ title: '硅谷101 | E247｜对话盛颖', h1: 'E247｜对话盛颖', url: 'https://sv101.fireside.fm/260' })).toBe('硅谷101');
  });

  it('the h1 or og:title says which side is the episode; the longest that fits wins', () => {
    expect(showName({ title: `${EPISODE} | Elixir Wizards`, h1: EPISODE, ogTitle: EPISODE })).toBe('Elixir Wizards');
    // og:title "Episode 5: …", h1 without the prefix: the show is not "Elixir Wizards | Episode 5".
    expect(showName({ title: `Elixir Wizards | Episode 5: ${EPISODE}`, ogTitle: `Episode 5: ${EPISODE}`, h1: EPISODE })).toBe('Elixir Wizards');
    expect(showName({ title: `Elixir Wizards | Episode 5: ${EPISODE}`, h1: `Episode 5: ${EPISODE}` })).toBe('Elixir Wizards');
  });

  it('a <title> that is the episode’s title alone names no show', () => {
    expect(showName({ title: EPISODE })).toBeUndefined();
    expect(showName({ title: `Episode 5: ${EPISODE}`, ogTitle: `Episode 5: ${EPISODE}` })).toBeUndefined();
  });

  it('a <title> whose parts are none of them the episode’s title names no show (never a guess)', () => {
    expect(showName({ title: 'Elixir Wizards | Latest episode' })).toBeUndefined();
    expect(showName({ title: `Elixir Wizards | ${EPISODE} (rerun)` })).toBeUndefined();
    // The page's title differs in case from the h1: not the same text, so no split either.
    expect(showName({ title: `Elixir Wizards | ${EPISODE.toUpperCase()}` })).toBeUndefined();
  });

  it('the other part must be a show: not an episode marker, not an unexplained number, not more parts', () => {
    expect(showName({ title: `Episode 5: ${EPISODE}` })).toBeUndefined();
    expect(showName({ title: `#5 | ${EPISODE}` })).toBeUndefined();
    expect(showName({ title: `5 - ${EPISODE}` })).toBeUndefined();
    // "12" is not this page's episode number (its address has none): the show's, or an episode's?
    expect(showName({ title: `Elixir Wizards 12: ${EPISODE}`, url: 'https://smartlogic.fireside.fm/rustler' })).toBeUndefined();
    expect(showName({ title: `Episodes | Elixir Wizards | ${EPISODE}` })).toBeUndefined();
  });

  it('a hyphen inside a word or a colon without a space is no separator', () => {
    expect(showName({ title: 'Self-Hosted', h1: 'Hosted' })).toBeUndefined();
    expect(showName({ title: `Elixir Wizards:${EPISODE}` })).toBeUndefined();
    expect(showName({ title: `Elixir Wizards -${EPISODE}` })).toBeUndefined();
  });
});
