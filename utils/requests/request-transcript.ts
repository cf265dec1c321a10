import { identified } from '@/utils/catalogue/identify-show';
import { resolveEpisode } from '@/utils/catalogue/resolve-episode';
import type { Episode } from '@/utils/episode';
import { once } from '@/utils/in-flight';
import type { RequestOutcome } from '@/utils/messages';
import type { Settings } from '@/utils/settings/store';
import { showUnidentified, stenobirdError, type StenobirdError } from '@/utils/stenobird/errors';
import { settings } from '@/utils/storage';
import { problemOf } from '@/utils/storage-problem';
import { afterSend, isRetryable } from './catalogue-moves';
import { freshRecord, sendRequest, type RequestSubject } from './catalogue-request';
import { commit } from './commit';
import { outcomeOf } from './outcome';
import { timingOf } from './policy';
import { unresolvedKey } from './keys';
import { catalogueClient } from './record';

/**
 * The one transcript-request service. Every entry point (popup, context menu, keyboard command)
 * calls `requestTranscript` with the episode (a tab's, as its page confirms it: the popup's only
 * if it is the one shown, `shown.ts`), so they all behave the same:
 * resolve the episode in the catalogue, send one request however often it is triggered while one
 * is under way, record it, and hand back the outcome. A request that cannot be sent now
 * (offline, timeout, rate limit, service trouble) is kept and sent later, never dropped.
 *
 * One click reads the settings once, for every step after it.
 */
export async function requestTranscript(shown: Episode): Promise<RequestOutcome> {
  return once(`request:${shown.pageUrl}`, async () => {
    // A page that names no show is identified from its show's feed first (the record keeps the name).
    const [configured, episode] = await Promise.all([settings.get(), identified(shown)]);
    const resolution = await resolveEpisode(episode, catalogueClient(configured));
    if (resolution.status === 'missing') return { ok: false, error: stenobirdError('not-found') };
    if (resolution.status === 'unidentified') return { ok: false, error: showUnidentified() };
    if (resolution.status === 'error') return keepUnresolved(episode, resolution.error, configured);
    // A request kept under the page while it could not be looked up becomes this one.
    return sendRequest(episode, resolution.ref, 'user', configured, unresolvedKey(episode.pageUrl));
  });
}

/** The episode could not be looked up: keep the request (by page) when trying later may help. */
async function keepUnresolved(subject: RequestSubject, error: StenobirdError, configured: Settings): Promise<RequestOutcome> {
  if (!isRetryable(error)) return { ok: false, error };
  const key = unresolvedKey(subject.pageUrl);
  const t = timingOf(configured);
  const fresh = freshRecord(key, subject, undefined, t);
  const result = { ok: false as const, error };
  try {
    const { next } = await commit(
      key,
      (current) => {
        const before = current?.kind === 'catalogue' ? current : undefined;
        return afterSend(!before || before.phase === 'failed' ? fresh : before, before, result, 'user', t) ?? null;
      },
      { settings: configured, end: 'caller' },
    );
    return outcomeOf(result, next);
  } catch (failure) {
    // It could not be kept to try later: said, rather than promised.
    return outcomeOf(result, undefined, problemOf(failure));
  }
}
