import type { Episode } from '@/utils/episode';
import type { RequestOutcome } from '@/utils/messages';
import { requestKey, type RequestRecord } from '@/utils/requests';
import { requestCatalogueTranscript } from '@/utils/stenobird/client';
import { stenobirdError } from '@/utils/stenobird/errors';
import { requestHistory, settings } from '@/utils/storage';

/**
 * The one transcript-request service. Every entry point (popup, context menu, keyboard command)
 * calls `requestTranscript`, so they all behave the same way.
 *
 * Requests already on the wire are shared per episode: a double click, or the popup and the
 * menu at once, send one POST. That map only ever holds live promises, which die with the
 * worker anyway; everything that must outlive the worker is written to storage.
 */
const inFlight = new Map<string, Promise<RequestOutcome>>();

export function requestTranscript(episode: Episode, now: () => number = Date.now): Promise<RequestOutcome> {
  const ref = episode.stenobird;
  if (!ref) {
    return Promise.resolve({
      ok: false,
      error: stenobirdError('not-found'),
    });
  }
  const key = requestKey(ref);
  const pending = inFlight.get(key);
  if (pending) return pending;
  const request = send(episode, ref, key, now).finally(() => inFlight.delete(key));
  inFlight.set(key, request);
  return request;
}

async function send(
  episode: Episode,
  ref: NonNullable<Episode['stenobird']>,
  key: string,
  now: () => number,
): Promise<RequestOutcome> {
  const { baseUrl } = await settings.get();
  const previous = await requestHistory.get(key);
  const result = await requestCatalogueTranscript({ baseUrl }, ref);
  if (!result.ok) return { ok: false, error: result.error };

  const time = now();
  const record: RequestRecord = {
    key,
    podcastSlug: ref.podcastSlug,
    episodeSlug: ref.episodeSlug,
    title: episode.title,
    showName: episode.showName,
    pageUrl: episode.pageUrl,
    state: result.value.status,
    requestedAt: previous?.requestedAt ?? time,
    updatedAt: time,
    transcriptUrl: result.value.transcript_url,
  };
  await requestHistory.put(record);
  return { ok: true, record };
}
