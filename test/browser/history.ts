import type { RequestRecord } from '../../utils/requests';
import type { ExtensionSession } from './harness';

/**
 * The request history in the browser's storage, in the layout `utils/storage.ts` keeps
 * (`HISTORY_LAYOUT`: a key per record, the index, the due times), for tests that put a history
 * in place or look at what was kept.
 */

type Ext = Pick<ExtensionSession, 'background'>;

/**
 * The stored layout, written out as data (these tests run in Node and drive the built
 * extension; they do not load its modules): `HISTORY_LAYOUT` in utils/storage.ts.
 */
const HISTORY_LAYOUT = { index: 'requestIndex', due: 'requestsDue', recordPrefix: 'request:' } as const;
const followed = (record: RequestRecord) => record.phase === 'unsent' || record.phase === 'following';
/** What the index keeps of a record: its kind, phase, when requested; when it ended; its job id. */
const summaryOf = (record: RequestRecord) => ({
  kind: record.kind,
  phase: record.phase,
  requestedAt: record.requestedAt,
  ...(followed(record) ? {} : { endedAt: record.updatedAt }),
  ...(record.job?.id ? { jobId: record.job.id } : {}),
});
/** A followed record's next check (`null`: due now); an ended one is not listed. */
const dueOf = (record: RequestRecord) => (followed(record) ? (record.nextCheckAt ?? null) : undefined);

/** Every listed record as stored, by key. */
export function storedHistory<T = Record<string, unknown>>(ext: Ext): Promise<Record<string, T>> {
  return ext.background(async ({ index, prefix }) => {
    const listed = Object.keys(((await chrome.storage.local.get(index))[index] ?? {}) as object);
    const values = listed.length ? await chrome.storage.local.get(listed.map((key) => prefix + key)) : {};
    return Object.fromEntries(listed.filter((key) => values[prefix + key] !== undefined).map((key) => [key, values[prefix + key]]));
  }, { index: HISTORY_LAYOUT.index, prefix: HISTORY_LAYOUT.recordPrefix }) as Promise<Record<string, T>>;
}

/** Stores `records` as the background would have (records, index and due times in one write). */
export async function storeHistory(ext: Ext, records: Record<string, RequestRecord>): Promise<void> {
  const values: Record<string, unknown> = {
    [HISTORY_LAYOUT.index]: Object.fromEntries(Object.entries(records).map(([key, record]) => [key, summaryOf(record)])),
    [HISTORY_LAYOUT.due]: Object.fromEntries(Object.entries(records).flatMap(([key, record]) => (dueOf(record) === undefined ? [] : [[key, dueOf(record)]]))),
  };
  for (const [key, record] of Object.entries(records)) values[HISTORY_LAYOUT.recordPrefix + key] = record;
  await ext.background((items) => chrome.storage.local.set(items), values);
}
