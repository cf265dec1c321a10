import { browser } from 'wxt/browser';
import { requestHistory, type HistoryDue } from '@/utils/storage';

export const FOLLOW_UP_ALARM = 'stenobird-follow-up';

/**
 * One alarm, set for the earliest request that is due (to send again, or to check), worked out
 * from the followed requests' due times alone (`requestsDue`, a handful of numbers kept beside
 * the records: no record is read). Set after every change to a request (`commit.ts`) and
 * whenever the worker starts: alarms may not survive a browser restart or an update, the stored
 * requests do.
 *
 * Returns when the alarm should fire, or `undefined` for no alarm. A time already past (the
 * browser was closed) fires as soon as the alarm can. `notSoonerThanMs`: the last run could not
 * store its results, so what is due stays "due".
 */
export function dueAt(times: HistoryDue, now = Date.now(), notSoonerThanMs = 0): number | undefined {
  const due = Object.values(times).map((at) => at ?? now);
  if (due.length === 0) return undefined;
  return Math.max(Math.min(...due), now + Math.max(500, notSoonerThanMs));
}

/** Sets (or clears) the alarm; one already set within a second of `when` stays as it is. */
export async function armFollowUp(when: number | undefined): Promise<void> {
  if (when === undefined) {
    await browser.alarms.clear(FOLLOW_UP_ALARM);
    return;
  }
  const existing = await browser.alarms.get(FOLLOW_UP_ALARM);
  if (existing && Math.abs(existing.scheduledTime - when) < 1_000) return;
  await browser.alarms.create(FOLLOW_UP_ALARM, { when });
}

/** The alarm rebuilt from storage (a worker's start, the end of a follow-up run). */
export async function scheduleFollowUp(now = Date.now(), notSoonerThanMs = 0): Promise<void> {
  await armFollowUp(dueAt(await requestHistory.due(), now, notSoonerThanMs));
}
