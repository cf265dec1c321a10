import { browser } from 'wxt/browser';

/**
 * The names records are stored under, and the address of a job's transcript view: the one
 * place that spells them (the popup, the toolbar and the pipeline all find records by them).
 */

/** One record per catalogue episode; an episode not yet resolved is keyed by its page. */
export function requestKey(ref: { podcastSlug: string; episodeSlug: string }): string {
  return `${ref.podcastSlug}/${ref.episodeSlug}`;
}

export function unresolvedKey(pageUrl: string): string {
  return `page:${pageUrl}`;
}

/** One job record per audio URL: asking again for the same audio shows the same job. */
export function jobKey(audioUrl: string): string {
  return `job:${audioUrl}`;
}

/** A job's transcript view (`entrypoints/transcript/`), found by its record's key. */
export function transcriptViewPath(key: string): string {
  return `transcript.html?job=${encodeURIComponent(key)}`;
}

/** The view's full URL, for a link or a tab. */
export function transcriptViewUrl(key: string): string {
  return browser.runtime.getURL(`/${transcriptViewPath(key)}` as '/transcript.html');
}
