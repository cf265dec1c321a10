import { storage } from 'wxt/utils/storage';
import { capHistory, isActive, type RequestRecord } from '@/utils/requests';
import { JOB_TEXT_CAP, jobIdsOf, jobTextKey, REQUESTS, requestHistory, serialised } from '@/utils/storage';

/**
 * The one writer of the request history. Every change to it (a request sent, a job moved on, a
 * notification marked, the options page's "Clear") runs here, in the background, one at a time
 * through this queue: the popup, an alarm and the `online` event may all be updating requests at
 * once, and must not overwrite each other. Pages only read the history (`requestHistory` in
 * `utils/storage.ts`) and ask the background for changes: a page is a realm of its own, and a
 * queue of its own would not serialise with this one (issue 13, finding 6).
 */
const queue = serialised();

/** Applies `change` to the stored requests (mutating them in place) and saves, capped. */
export function updateHistory<T>(change: (records: Record<string, RequestRecord>) => T): Promise<T> {
  return queue(async () => {
    const records = await requestHistory.all();
    const before = jobIdsOf(records);
    const result = change(records);
    capHistory(records);
    await storage.setItem(REQUESTS, records);
    // Texts of jobs gone from the history, or beyond the newest few, go too (storage is finite;
    // an ended job's text can be fetched again from its result URL).
    const kept = new Set(jobIdsOf(records).slice(0, JOB_TEXT_CAP));
    const dropped = before.filter((id) => !kept.has(id));
    if (dropped.length) await storage.removeItems(dropped.map(jobTextKey));
    return result;
  });
}

/**
 * The options page's "Clear": forgets every request that has ended. Requests still being
 * followed stay, or the user would never hear how they end.
 */
export function clearEndedRequests(): Promise<void> {
  return updateHistory((records) => {
    for (const [key, record] of Object.entries(records)) if (!isActive(record)) delete records[key];
  });
}
