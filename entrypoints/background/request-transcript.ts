import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import type { RequestOutcome } from '@/utils/messages';
import { unresolvedKey } from '@/utils/requests';
import { stenobirdError, type StenobirdError } from '@/utils/stenobird/errors';
import { requestHistory, tabReports } from '@/utils/storage';
import { updateHistory } from './request-history';
import { once } from './in-flight';
import { resolveEpisode } from './resolve-episode';
import { adoptUnresolved, freshRecord, outcomeOf, sendRequest, settle, timing, type RequestSubject } from './send-request';
import { isRetryable } from './transitions';
import { problemOf } from '@/utils/storage-problem';

/**
 * The one transcript-request service. Every entry point (popup, context menu, keyboard command)
 * calls `requestTranscript` with the episode, or the tab showing it, so they all behave the same:
 * resolve the episode in the catalogue, send one request however often it is triggered while one
 * is under way, record it, and hand back the outcome. A request that cannot be sent now
 * (offline, timeout, rate limit, service trouble) is kept and sent later, never dropped.
 */
export type RequestTarget = Episode | { tabId: number };

async function episodeOfTab(tabId: number): Promise<Episode | undefined> {
  const report = await tabReports.get(tabId);
  return report?.status === 'episode' ? report.episode : undefined;
}

export async function requestTranscript(target: RequestTarget): Promise<RequestOutcome> {
  const episode = 'tabId' in target ? await episodeOfTab(target.tabId) : target;
  if (!episode) return { ok: false, error: { kind: 'not-found', message: i18n.t('noEpisodeOnPage') } };
  return once(`request:${episode.pageUrl}`, async () => {
    const resolution = await resolveEpisode(episode);
    if (resolution.status === 'missing') return { ok: false, error: stenobirdError('not-found') };
    if (resolution.status === 'error') return keepUnresolved(episode, resolution.error);
    // Not adopted (storage refused it): the page-keyed record stays, and the request still goes.
    await adoptUnresolved(episode.pageUrl, resolution.ref).catch(() => undefined);
    return sendRequest(episode, resolution.ref, 'user');
  });
}

/** The episode could not be looked up: keep the request (by page) when trying later may help. */
async function keepUnresolved(subject: RequestSubject, error: StenobirdError): Promise<RequestOutcome> {
  if (!isRetryable(error)) return { ok: false, error };
  const key = unresolvedKey(subject.pageUrl);
  const fresh = freshRecord(key, subject, undefined, await timing());
  const result = { ok: false as const, error };
  try {
    const before = await updateHistory([key], (records) => {
      const before = records[key];
      if (!before || before.phase === 'failed') records[key] = fresh;
      return before;
    });
    return outcomeOf(result, await settle(key, before, result, 'user', fresh));
  } catch (failure) {
    // It could not be kept to try later: said, rather than promised.
    return outcomeOf(result, undefined, problemOf(failure));
  }
}
