/**
 * Every Stenobird URL the extension uses is built here, from a configurable base URL
 * (`../shared/reference/stenobird-contract.md` §1). No other module spells a Stenobird path.
 */

export const DEFAULT_STENOBIRD_BASE = 'https://stenobird.com';

export interface CatalogueRef {
  podcastSlug: string;
  episodeSlug: string;
}

/** Whether two refs name the same catalogue episode (`b` may be absent: a page with no slugs). */
export function sameRef(a: CatalogueRef, b: CatalogueRef | undefined): boolean {
  return a.podcastSlug === b?.podcastSlug && a.episodeSlug === b.episodeSlug;
}

// Capped at the catalogue schema's length, so a URL never yields a slug the schema refuses.
const SLUG = '[a-z0-9-]{1,300}';
const EPISODE_PATH = new RegExp(`^/podcast/(${SLUG})/(${SLUG})/?$`);

function join(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

export function episodePageUrl(base: string, ref: CatalogueRef): string {
  return join(base, `/podcast/${ref.podcastSlug}/${ref.episodeSlug}`);
}

export function episodeMarkdownUrl(base: string, ref: CatalogueRef): string {
  return `${episodePageUrl(base, ref)}.md`;
}

export function episodeJsonUrl(base: string, ref: CatalogueRef): string {
  return join(base, `/v1/public/podcasts/${ref.podcastSlug}/episodes/${ref.episodeSlug}`);
}

export function transcriptionRequestUrl(base: string, ref: CatalogueRef): string {
  return `${episodeJsonUrl(base, ref)}/transcription-requests`;
}

/**
 * The catalogue episode a Stenobird URL points at, or `undefined`. Only `/podcast/<p>/<e>`
 * counts: podcast pages, `.md` twins, docs and pricing are not episode pages.
 */
export function parseEpisodePageUrl(url: URL, base: string = DEFAULT_STENOBIRD_BASE): CatalogueRef | undefined {
  if (url.origin !== new URL(base).origin) return undefined;
  const match = EPISODE_PATH.exec(url.pathname);
  if (!match) return undefined;
  return { podcastSlug: match[1]!, episodeSlug: match[2]! };
}

/** §5: the transcripts API. */
export function transcriptsUrl(base: string): string {
  return join(base, '/v1/transcripts');
}

const JOB_ID = /^[A-Za-z0-9_-]{1,200}$/;

/** A job's status, events and result URLs, built from its id (`tr_…`). */
export function transcriptJobUrls(base: string, id: string): { status: string; events: string; result: string } | undefined {
  if (!JOB_ID.test(id)) return undefined;
  const status = `${transcriptsUrl(base)}/${id}`;
  return { status, events: `${status}/events`, result: `${status}/result` };
}

/** Whether a URL is on the configured Stenobird origin: the only place an API key may go. */
export function isOnBase(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}

/** Why a base URL typed in the options was refused; the options page words each for the user. */
export type BaseUrlProblem = 'empty' | 'not-a-url' | 'not-https' | 'has-credentials' | 'has-query';

/**
 * A Stenobird base URL as the user may set it: `https://host[:port][/path]`, stored without a
 * trailing slash so every URL above joins onto it the same way. Plain http is refused: the API
 * key travels to this address. A path is kept (an instance served under a prefix).
 */
export function normaliseBaseUrl(input: string): { ok: true; value: string } | { ok: false; problem: BaseUrlProblem } {
  const text = input.trim();
  if (!text) return { ok: false, problem: 'empty' };
  if (!URL.canParse(text)) return { ok: false, problem: 'not-a-url' };
  const url = new URL(text);
  if (url.protocol !== 'https:') return { ok: false, problem: url.protocol === 'http:' ? 'not-https' : 'not-a-url' };
  if (!url.hostname) return { ok: false, problem: 'not-a-url' };
  if (url.username || url.password) return { ok: false, problem: 'has-credentials' };
  if (url.search || url.hash) return { ok: false, problem: 'has-query' };
  return { ok: true, value: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * The match pattern (and host permission) covering a base URL's host. Match patterns carry no
 * port (Firefox refuses one), so a base on a port is covered by its host's pattern.
 */
export function baseOriginPattern(base: string): string {
  return `https://${new URL(base).hostname}/*`;
}

/** The pattern of the base's catalogue episode pages, for the right-click menu's link filter. */
export function episodePagePattern(base: string): string {
  const url = new URL(base);
  return `https://${url.hostname}${url.pathname.replace(/\/+$/, '')}/podcast/*/*`;
}

/**
 * "Test connection" in the options: a job id shaped like Stenobird's (`tr_` and letters) that no
 * job will ever have, so asking for it bills nothing and changes nothing (contract §5 has no
 * cheaper authenticated call).
 */
export function connectionCheckUrl(base: string): string {
  return `${transcriptsUrl(base)}/tr_connectioncheck`;
}
