import { fakeBrowser } from 'wxt/testing/fake-browser';
import { migrateHistory } from '@/utils/requests/history-writer';
import type { RequestRecord } from '@/utils/requests';
import { HISTORY_LAYOUT } from '@/utils/storage';

/** A catalogue request on record, as the background stores it: `key` in `phase`, requested and last updated at `time`. */
export const historyRecord = (key: string, phase: RequestRecord['phase'], time: number): RequestRecord => ({
  key,
  kind: 'catalogue',
  source: 'stenobird',
  pageUrl: `https://stenobird.com/podcast/p/${key}`,
  title: key,
  phase,
  state: '',
  requestedAt: time,
  updatedAt: time,
  attempts: 0,
});

/**
 * Stores records as a version before issue 11 kept them (layout 1: one value), then moves them
 * as the background's first start after the update does: how a test puts a history in place,
 * damaged records included (those are dropped by the move, as every read dropped them).
 */
export async function storeHistory(records: Record<string, unknown>): Promise<void> {
  await fakeBrowser.storage.local.set({ [HISTORY_LAYOUT.legacy]: records });
  await migrateHistory();
}

/** What storage.local holds of the history, as the browser has it: each indexed key's stored value. */
export async function storedHistory(): Promise<Record<string, unknown>> {
  const index = ((await fakeBrowser.storage.local.get(HISTORY_LAYOUT.index))[HISTORY_LAYOUT.index] ?? {}) as Record<string, unknown>;
  const names = Object.keys(index).map((key) => HISTORY_LAYOUT.recordPrefix + key);
  const values = names.length ? await fakeBrowser.storage.local.get(names) : {};
  return Object.fromEntries(Object.keys(index).map((key) => [key, values[HISTORY_LAYOUT.recordPrefix + key]]));
}

/** Whether one `storage.local.set` writes the history (its records or its index). */
export const writesHistory = (items: Record<string, unknown>) =>
  Object.keys(items).some((name) => name === HISTORY_LAYOUT.index || name.startsWith(HISTORY_LAYOUT.recordPrefix));
