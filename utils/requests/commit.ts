import { updateHistory } from '@/utils/requests/history-writer';
import { announce } from '@/utils/notifications';
import type { Settings } from '@/utils/settings/store';
import { isActive, type RequestRecord } from './record';
import { armFollowUp, dueAt } from './schedule';

/**
 * The one way a record changes: `commit(key, move)` applies the move to the stored record,
 * sets the follow-up alarm from the records it has just written, and tells the user when the
 * move ended a record that was being followed. Every step of both kinds (a send, a check, a
 * view's news, a stuck record's end) goes through it, so none forgets to reschedule or to tell.
 */

/**
 * What becomes of the record stored under the key (`current`, absent for a new one): the
 * record to keep, `null` to keep none, or `undefined` to leave the history as it is (the
 * answer is about a record no longer there). `records` is the whole history, for the one move
 * that also takes in a record kept under another name (`adoptInto`).
 */
export type Move = (current: RequestRecord | undefined, records: Record<string, RequestRecord>) => RequestRecord | null | undefined;

export interface CommitOptions {
  /** Read once by the caller for the whole step: whether to notify. */
  settings: Pick<Settings, 'notifications'>;
  /**
   * Who learns of an end: `announce`, a notification (the follow-up's ends); `seen`, nobody,
   * the user watched it happen in an open view (it is marked as told); `caller`, the caller
   * answers the user itself (a request made now).
   */
  end?: 'announce' | 'seen' | 'caller';
}

export interface Committed {
  previous: RequestRecord | undefined;
  /** The record now stored under the key; `undefined` when the move kept none or left it. */
  next: RequestRecord | undefined;
}

export async function commit(key: string, move: Move, { settings, end = 'announce' }: CommitOptions): Promise<Committed> {
  let when: number | undefined;
  const { previous, next, tell } = await updateHistory((records) => {
    const previous = records[key];
    const moved = move(previous, records);
    if (moved === null) delete records[key];
    else if (moved) records[key] = moved;
    let next = moved ?? undefined;
    const ended = !!previous && isActive(previous) && !!next && !isActive(next);
    const tell = ended && end === 'announce' && settings.notifications;
    // Marked in the same write: an end the user saw, or is about to be told of.
    if (next && ended && (end === 'seen' || tell)) next = records[key] = { ...next, notifiedAt: next.updatedAt };
    when = dueAt(records);
    return { previous, next, tell };
  });
  await armFollowUp(when);
  if (tell && next) await announce(next);
  return { previous, next };
}
