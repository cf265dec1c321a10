import { storage } from 'wxt/utils/storage';
import { jobTexts } from '@/utils/job-texts';
import { capHistory, isActive, type RequestRecord } from '@/utils/requests';
import { jobIdsOf, REQUESTS, requestHistory, serialised } from '@/utils/storage';
import { StorageWriteError, storageProblemOf } from '@/utils/storage-problem';

/**
 * The one writer of the request history. Every change to it (a request sent, a job moved on, a
 * notification marked, the options page's "Clear") runs here, in the background, one at a time
 * through this queue: the popup, an alarm and the `online` event may all be updating requests at
 * once, and must not overwrite each other. Pages only read the history (`requestHistory` in
 * `utils/storage.ts`) and ask the background for changes: a page is a realm of its own, and a
 * queue of its own would not serialise with this one (issue 13, finding 6).
 */
const queue = serialised();

/**
 * Stores the history. When the browser refuses it for want of room, the saved transcript texts
 * (which can be fetched again) make room and it is tried once more; a write that still fails
 * throws a `StorageWriteError`, which every caller turns into a message, never a hang.
 */
async function write(records: Record<string, RequestRecord>): Promise<void> {
  try {
    await storage.setItem(REQUESTS, records);
    return;
  } catch (error) {
    const madeRoom = storageProblemOf(error) === 'full' && (await jobTexts.removeAllBut(new Set(), jobIdsOf(records)).catch(() => false));
    if (!madeRoom) throw new StorageWriteError(storageProblemOf(error), error);
  }
  try {
    await storage.setItem(REQUESTS, records);
  } catch (error) {
    throw new StorageWriteError(storageProblemOf(error), error);
  }
}

/** Applies `change` to the stored requests (mutating them in place) and saves, capped. */
export function updateHistory<T>(change: (records: Record<string, RequestRecord>) => T): Promise<T> {
  return queue(async () => {
    const records = await requestHistory.all();
    const before = jobIdsOf(records);
    const result = change(records);
    capHistory(records);
    await write(records);
    // A job's saved text goes with the job (storage is finite; an ended job's text can be
    // fetched again from its result URL).
    const kept = new Set(jobIdsOf(records));
    await jobTexts.remove(before.filter((id) => !kept.has(id))).catch(() => undefined);
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
