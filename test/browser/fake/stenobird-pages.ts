/**
 * Stenobird's public pages as the fake serves them, written to the structure seen in archived
 * copies (`../shared/reference/stenobird-research.md` §4.3–4.4). Values are escaped: a test can
 * put hostile titles in the catalogue and they reach the browser as the real site would send them.
 */

export interface FakeCatalogueEpisode {
  podcastSlug: string;
  podcastTitle: string;
  slug: string;
  title: string;
  publishedAt?: string;
  durationSeconds?: number;
  episodeUrl?: string;
  audioUrl?: string;
  processingState: string;
  transcriptUrl?: string | null;
  transcriptionRequest?: { status: string; requested_at: string } | null;
}

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function episodeJson(base: string, e: FakeCatalogueEpisode): Record<string, unknown> {
  const page = `${base}/podcast/${e.podcastSlug}/${e.slug}`;
  return {
    slug: e.slug,
    title: e.title,
    podcast: { slug: e.podcastSlug, title: e.podcastTitle },
    published_at: e.publishedAt ?? null,
    duration_seconds: e.durationSeconds ?? null,
    episode_url: e.episodeUrl ?? null,
    audio_url: e.audioUrl ?? null,
    processing_state: e.processingState,
    page_url: page,
    markdown_url: `${page}.md`,
    transcript_url: e.transcriptUrl ?? null,
    transcription_request: e.transcriptionRequest ?? null,
  };
}

export function episodeHtml(base: string, e: FakeCatalogueEpisode): string {
  const page = `${base}/podcast/${e.podcastSlug}/${e.slug}`;
  const published = e.publishedAt
    ? `<dt>Published</dt><dd><time datetime="${escape(e.publishedAt)}">${escape(
        new Date(e.publishedAt).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }),
      )}</time></dd>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>${escape(e.title)} · ${escape(e.podcastTitle)} · Stenobird</title>
<meta name="description" content="${escape(e.title)}, an episode of ${escape(e.podcastTitle)}.">
<link rel="alternate" type="text/markdown" href="${page}.md">
</head><body><header><a href="/">Stenobird</a> <a href="/docs">Docs</a> <a href="/pricing">Pricing</a></header>
<main><p>Episode</p><h1>${escape(e.title)}</h1>
<dl><dt>Podcast</dt><dd><a href="/podcast/${e.podcastSlug}">${escape(e.podcastTitle)}</a></dd>${published}
${e.durationSeconds !== undefined ? `<dt>Duration seconds</dt><dd>${e.durationSeconds}</dd>` : ''}
<dt>Processing state</dt><dd>${escape(e.processingState)}</dd></dl>
<h2>Actions</h2><ul>
<li><code>POST ${base}/v1/public/podcasts/${e.podcastSlug}/episodes/${e.slug}/transcription-requests</code> Idempotently request low-priority transcript generation for this episode.</li>
<li><code>GET ${page}.md</code> Read the agent-friendly Markdown representation of this episode resource.</li></ul>
<h2>Transcript</h2><p>Full transcripts are not published on public pages unless there is a clear rights basis.</p>
</main></body></html>`;
}

export function episodeMarkdown(base: string, e: FakeCatalogueEpisode): string {
  const page = `${base}/podcast/${e.podcastSlug}/${e.slug}`;
  return [
    `# ${e.title}`,
    `Page: ${page}`,
    `Text version: ${page}.md`,
    `Podcast: [${e.podcastTitle}](${base}/podcast/${e.podcastSlug})`,
    e.publishedAt ? `Published: ${e.publishedAt}` : undefined,
    e.episodeUrl ? `Episode link: ${e.episodeUrl}` : undefined,
    e.audioUrl ? `Audio file: ${e.audioUrl}` : undefined,
    `Processing state: ${e.processingState}`,
    `JSON: ${base}/v1/public/podcasts/${e.podcastSlug}/episodes/${e.slug}`,
    e.durationSeconds !== undefined ? `Duration seconds: ${e.durationSeconds}` : undefined,
    '',
    '## Resource',
    'Show notes.',
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

export function simplePage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><main><h1>${escape(title)}</h1><p>${escape(body)}</p></main></body></html>`;
}

/** The two real episodes of the contract, as the catalogue starts. */
export function defaultCatalogue(): FakeCatalogueEpisode[] {
  return [
    {
      podcastSlug: 'elixir-wizards',
      podcastTitle: 'Elixir Wizards',
      slug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin',
      title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
      publishedAt: '2025-06-26T10:30:00+00:00',
      durationSeconds: 2938,
      episodeUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
      audioUrl:
        'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/817d0e9a-7634-4bdd-a220-6b8667f0c572.mp3',
      processingState: 'processed',
    },
    {
      podcastSlug: 'elixir-wizards',
      podcastTitle: 'Elixir Wizards',
      slug: 'set-theoretic-types-in-elixir-with-jos-valim',
      title: 'Set-Theoretic Types in Elixir with José Valim',
      publishedAt: '2025-07-10T10:30:00+00:00',
      durationSeconds: 2740,
      episodeUrl: 'https://smartlogic.fireside.fm/s14-e07-set-theoretic-types-elixir-jose-valim',
      audioUrl:
        'https://aphid.fireside.fm/d/1437767933/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/2f60d0c5-cf49-484b-bdbc-5dd2cf3c3a55.mp3',
      processingState: 'processed',
    },
  ];
}
