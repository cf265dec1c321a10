import { updateHistoryAndDue } from '@/utils/requests/history-writer';
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
 * answer is about a record no longer there). `records` holds the records under the key and
 * under `also` (the one move that takes in a record kept under another name, `adoptInto`):
 * a write reads and writes only the keys it names.
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
  /** Other keys the move reads or writes (`adoptInto`'s old name). */
  also?: readonly string[];
}

export interface Committed {
  previous: RequestRecord | undefined;
  /** The record now stored under the key; `undefined` when the move kept none or left it. */
  next: RequestRecord | undefined;
}

export async function commit(key: string, move: Move, { settings, end = 'announce', also = [] }: CommitOptions): Promise<Committed> {
  const { result, due } = await updateHistoryAndDue([key, ...also], (records) => {
    const previous = records[key];
    const moved = move(previous, records);
    if (moved === null) delete records[key];
    else if (moved) records[key] = moved;
    let next = moved ?? undefined;
    const ended = !!previous && isActive(previous) && !!next && !isActive(next);
    const tell = ended && end === 'announce' && settings.notifications;
    // Marked in the same write: an end the user saw, or is about to be told of.
    if (next && ended && (end === 'seen' || tell)) next = records[key] = { ...next, notifiedAt: next.updatedAt };
    return { previous, next, tell };
  });
  const { previous, next, tell } = result;
  // From the due times the write has just stored, when it changed them (no record is read
  // again); unchanged, the alarm set when they last changed still stands.
  if (due) await armFollowUp(dueAt(due));
  if (tell && next) await announce(next);
  return { previous, next };
}
