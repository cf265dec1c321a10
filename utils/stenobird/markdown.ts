import { catalogueEpisodeSchema, type CatalogueEpisode } from './schemas';
import type { CatalogueRef } from './urls';

/**
 * An episode's Markdown twin (`….md`), whose line format is confirmed (contract §1), read into
 * the same shape as the episode JSON. Used when a `200` JSON body does not match the assumed
 * schema (§2). The header lines come before the first `##` section:
 *
 *   # <title>
 *   Page: …  Text version: …  Podcast: [title](url)  Published: …  Episode link: …
 *   Audio file: …  Processing state: …  JSON: …  Duration seconds: <integer>
 */

const PODCAST_LINK = /^\[(.+)\]\((https?:\/\/[^\s)]+)\)$/;

function headerFields(lines: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of lines) {
    if (line.startsWith('## ')) break;
    const match = /^([A-Za-z][A-Za-z ]{0,40}):\s*(.*?)\s*$/.exec(line);
    if (match && !fields.has(match[1]!.toLowerCase())) fields.set(match[1]!.toLowerCase(), match[2]!);
  }
  return fields;
}

function podcastSlugOf(url: string): string | undefined {
  try {
    return /^\/podcast\/([a-z0-9-]+)\/?$/.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** The episode the Markdown describes, or `undefined` when it lacks a title or processing state. */
export function parseEpisodeMarkdown(text: string, ref: CatalogueRef): CatalogueEpisode | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const title = lines.find((line) => /^# \S/.test(line))?.slice(2).trim();
  const fields = headerFields(lines);
  const podcast = PODCAST_LINK.exec(fields.get('podcast') ?? '');
  const duration = fields.get('duration seconds');
  const published = fields.get('published');

  const parsed = catalogueEpisodeSchema.safeParse({
    slug: ref.episodeSlug,
    title,
    processing_state: fields.get('processing state'),
    podcast: podcast ? { slug: podcastSlugOf(podcast[2]!) ?? ref.podcastSlug, title: podcast[1] } : { slug: ref.podcastSlug },
    published_at: published && !Number.isNaN(Date.parse(published)) ? published : undefined,
    duration_seconds: duration && /^\d+$/.test(duration) ? Number(duration) : undefined,
    episode_url: fields.get('episode link'),
    audio_url: fields.get('audio file'),
    page_url: fields.get('page'),
    markdown_url: fields.get('text version'),
  });
  return parsed.success ? parsed.data : undefined;
}
