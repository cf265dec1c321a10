import type { Episode } from '@/utils/episode';
import { once } from '@/utils/in-flight';
import type { RequestOutcome } from '@/utils/messages';
import type { Settings } from '@/utils/settings/store';
import { requestCatalogueTranscript, type ClientResult } from '@/utils/stenobird/client';
import type { TranscriptionRequestResponse } from '@/utils/stenobird/schemas';
import type { CatalogueRef } from '@/utils/stenobird/urls';
import { requestHistory } from '@/utils/storage';
import { problemOf } from '@/utils/storage-problem';
import { afterSend } from './catalogue-moves';
import { commit } from './commit';
import { outcomeOf } from './outcome';
import { timingOf, type Timing } from './policy';
import { requestKey } from './keys';
import { catalogueClient, isActive, type CatalogueRecord, type RequestRecord } from './record';

/** The episode a request is about, as a record keeps it. */
export type RequestSubject = Pick<Episode, 'pageUrl' | 'title' | 'showName'> & Partial<Pick<Episode, 'source'>>;

export function freshRecord(key: string, subject: RequestSubject, ref: CatalogueRef | undefined, t: Timing): CatalogueRecord {
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

const asCatalogue = (record: RequestRecord | undefined) => (record?.kind === 'catalogue' ? record : undefined);

/**
 * Stores the answer to an attempt (a POST, or a failure before it). A request the follow-up
 * was running that ends is announced; the user who asked now is answered by the caller.
 */
export async function settle(
  key: string,
  before: CatalogueRecord | undefined,
  result: ClientResult<TranscriptionRequestResponse>,
  via: 'user' | 'follow-up',
  fallback: CatalogueRecord,
  configured: Settings,
): Promise<CatalogueRecord | undefined> {
  const t = timingOf(configured);
  const { next } = await commit(key, (current) => afterSend(asCatalogue(current) ?? fallback, before, result, via, t) ?? null, {
    settings: configured,
    end: via === 'follow-up' ? 'announce' : 'caller',
  });
  return asCatalogue(next);
}

/**
 * The record kept under `oldKey` (its page, while the episode could not be looked up, or a
 * damaged name) becomes the catalogue episode's request, unless one is under way there: the
 * history holds one record per episode.
 */
export function adoptInto(records: Record<string, RequestRecord>, oldKey: string, ref: CatalogueRef): void {
  const key = requestKey(ref);
  const old = records[oldKey];
  if (oldKey === key || old?.kind !== 'catalogue') return;
  delete records[oldKey];
  const existing = records[key];
  if (!existing || !isActive(existing)) records[key] = { ...old, key, ...ref };
}

/**
 * Asks Stenobird for a catalogue episode's transcript (contract §3), once per episode at a time
 * whoever asks (popup, menu, command, follow-up), and records what happened. `configured`: the
 * settings, read once by the caller. `adopt`: a record kept under another name that this one
 * takes over. Before the POST the history is read and written once (adoption, the record, the
 * alarm), after it once more (the answer).
 */
export function sendRequest(subject: RequestSubject, ref: CatalogueRef, via: 'user' | 'follow-up', configured: Settings, adopt?: string): Promise<RequestOutcome> {
  const key = requestKey(ref);
  return once(`send:${key}`, async () => {
    const fresh = freshRecord(key, subject, ref, timingOf(configured));
    let before: CatalogueRecord | undefined;
    try {
      await commit(
        key,
        (_, records) => {
          if (adopt) adoptInto(records, adopt, ref);
          before = asCatalogue(records[key]);
          return !before || before.phase === 'failed' ? fresh : before;
        },
        { settings: configured, end: 'caller', also: adopt ? [adopt] : [] },
      );
    } catch {
      // Storage refused the record. The request still goes out (it is idempotent, and the user
      // asked for it now); whether the answer can be kept is settled below, and said.
      before = asCatalogue(await requestHistory.get(key).catch(() => undefined));
    }
    const result = await requestCatalogueTranscript(catalogueClient(configured), ref);
    try {
      return outcomeOf(result, await settle(key, before, result, via, fresh, configured));
    } catch (error) {
      // Nothing to keep (a refusal the user sees now) is no loss; anything else is said to be lost.
      const next = afterSend(before ?? fresh, before, result, via, timingOf(configured));
      return outcomeOf(result, next, next ? problemOf(error) : undefined);
    }
  });
}
