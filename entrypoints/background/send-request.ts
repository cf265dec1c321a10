import { i18n } from '#i18n';
import type { Episode } from '@/utils/episode';
import type { RequestOutcome } from '@/utils/messages';
import { isActive, requestKey, unresolvedKey, type RequestRecord } from '@/utils/requests';
import { requestCatalogueTranscript, type ClientResult } from '@/utils/stenobird/client';
import type { TranscriptionRequestResponse } from '@/utils/stenobird/schemas';
import type { CatalogueRef } from '@/utils/stenobird/urls';
import { requestHistory, settings } from '@/utils/storage';
import { updateHistory } from './request-history';
import { clientOptions } from './client-options';
import { once } from './in-flight';
import { announce } from './notify';
import { scheduleFollowUp } from './schedule';
import { afterSend, type Timing } from './transitions';
import { problemOf, type StorageProblem } from '@/utils/storage-problem';

/** The episode a request is about, as a record keeps it. */
export type RequestSubject = Pick<Episode, 'pageUrl' | 'title' | 'showName'> & Partial<Pick<Episode, 'source'>>;

export async function timing(): Promise<Timing> {
  const { checkIntervalMinutes } = await settings.get();
  return { now: Date.now(), baseMs: checkIntervalMinutes * 60_000 };
}

export function freshRecord(key: string, subject: RequestSubject, ref: CatalogueRef | undefined, t: Timing): RequestRecord {
  return {
    key,
    kind: 'catalogue',
    source: subject.source,
    pageUrl: subject.pageUrl,
    title: subject.title,
    showName: subject.showName,
    podcastSlug: ref?.podcastSlug,
    episodeSlug: ref?.episodeSlug,
    phase: 'unsent',
    state: '',
    requestedAt: t.now,
    updatedAt: t.now,
    attempts: 0,
    // Written before the request goes out: if the worker or the browser stops mid-request,
    // the follow-up alarm sends it again (the POST is idempotent).
    nextCheckAt: t.now + t.baseMs,
  };
}

/**
 * The outcome a caller (popup, menu, command) gets; `record` on a failure means "kept, will
 * retry", so a request storage could not keep (`unsaved`) carries none.
 */
export function outcomeOf(result: ClientResult<unknown>, record: RequestRecord | undefined, unsaved?: StorageProblem): RequestOutcome {
  if (result.ok && record) return unsaved ? { ok: true, record, unsaved } : { ok: true, record };
  const error = result.ok ? { kind: 'malformed' as const, message: i18n.t('requestNotRecorded') } : result.error;
  if (unsaved) return { ok: false, error, unsaved };
  return { ok: false, error, record: record && isActive(record) ? record : undefined };
}

/**
 * Stores the answer to an attempt (a POST, or a failure before it), reschedules the follow-up,
 * and tells the user when a request the follow-up was running has ended.
 */
export async function settle(
  key: string,
  before: RequestRecord | undefined,
  result: ClientResult<TranscriptionRequestResponse>,
  via: 'user' | 'follow-up',
  fallback: RequestRecord,
): Promise<RequestRecord | undefined> {
  const t = await timing();
  const { previous, next } = await updateHistory([key], (records) => {
    const current = records[key] ?? fallback;
    const next = afterSend(current, before, result, via, t);
    if (next) records[key] = next;
    else delete records[key];
    return { previous: current, next };
  });
  await scheduleFollowUp();
  if (via === 'follow-up' && next && isActive(previous) && !isActive(next)) await announce(next);
  return next;
}

/**
 * Asks Stenobird for a catalogue episode's transcript (contract §3), once per episode at a time
 * whoever asks (popup, menu, command, follow-up), and records what happened.
 */
export function sendRequest(subject: RequestSubject, ref: CatalogueRef, via: 'user' | 'follow-up'): Promise<RequestOutcome> {
  const key = requestKey(ref);
  return once(`send:${key}`, async () => {
    const t = await timing();
    const fresh = freshRecord(key, subject, ref, t);
    let before: RequestRecord | undefined;
    try {
      before = await updateHistory([key], (records) => {
        const before = records[key];
        if (!before || before.phase === 'failed') records[key] = fresh;
        return before;
      });
      await scheduleFollowUp();
    } catch {
      // Storage refused the record. The request still goes out (it is idempotent, and the user
      // asked for it now); whether the answer can be kept is settled below, and said.
      before = await requestHistory.get(key).catch(() => undefined);
    }
    const result = await requestCatalogueTranscript(await clientOptions(), ref);
    try {
      return outcomeOf(result, await settle(key, before, result, via, fresh));
    } catch (error) {
      // Nothing to keep (a refusal the user sees now) is no loss; anything else is said to be lost.
      const next = afterSend(before ?? fresh, before, result, via, t);
      return outcomeOf(result, next, next ? problemOf(error) : undefined);
    }
  });
}

/**
 * A request kept while its episode could not be looked up (keyed by page) becomes the catalogue
 * episode's request once it resolves, so the history holds one record per episode.
 */
export function adoptUnresolved(pageUrl: string, ref: CatalogueRef): Promise<void> {
  return adoptRecord(unresolvedKey(pageUrl), ref);
}

/** The record stored under `oldKey` becomes the catalogue episode's request (unless that one is under way). */
export function adoptRecord(oldKey: string, ref: CatalogueRef): Promise<void> {
  const key = requestKey(ref);
  if (oldKey === key) return Promise.resolve();
  return updateHistory([oldKey, key], (records) => {
    const old = records[oldKey];
    if (!old) return;
    delete records[oldKey];
    const existing = records[key];
    if (!existing || !isActive(existing)) records[key] = { ...old, key, ...ref };
  });
}
