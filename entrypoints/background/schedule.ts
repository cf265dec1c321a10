import { browser } from 'wxt/browser';
import { requestHistory } from '@/utils/storage';

export const FOLLOW_UP_ALARM = 'stenobird-follow-up';

/**
 * One alarm, set for the earliest request that is due (to send again, or to check), rebuilt
 * from storage alone. Called after every change to a request and whenever the worker starts:
 * alarms may not survive a browser restart or an update, the stored requests do.
 */
export async function scheduleFollowUp(now = Date.now(), notSoonerThanMs = 0): Promise<void> {
  // The followed requests' next checks, kept apart from the records: no record is read.
  const due = Object.values(await requestHistory.due()).map((at) => at ?? now);
  if (due.length === 0) {
    await browser.alarms.clear(FOLLOW_UP_ALARM);
    return;
  }
  // A time already past (the browser was closed) fires as soon as the alarm can.
  // `notSoonerThanMs`: the last run could not store its results, so what is due stays "due".
  const when = Math.max(Math.min(...due), now + Math.max(500, notSoonerThanMs));
  const existing = await browser.alarms.get(FOLLOW_UP_ALARM);
  if (existing && Math.abs(existing.scheduledTime - when) < 1_000) return;
  await browser.alarms.create(FOLLOW_UP_ALARM, { when });
}
