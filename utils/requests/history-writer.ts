import { jobTexts } from '@/utils/job-texts';
import { capHistory, isActive, type RequestRecord } from '@/utils/requests';
import { dueOf, historyStore, jobIdsOf, resolutions, serialised, summaryOf, type HistoryDue, type HistoryIndex } from '@/utils/storage';
import { StorageWriteError, storageProblemOf } from '@/utils/storage-problem';

/**
 * The one writer of the request history. Every change to it (a request sent, a job moved on, a
 * notification marked, the options page's "Clear") runs here, in the background, one at a time
 * through this queue: the popup, an alarm and the `online` event may all be updating requests at
 * once, and must not overwrite each other. Pages only read the history (`requestHistory` in
 * `utils/storage.ts`) and ask the background for changes: a page is a realm of its own, and a
 * queue of its own would not serialise with this one (issue 13, finding 6).
 *
 * A change names the keys it touches: only those records are read and written, with the index
 * (`HISTORY_LAYOUT` in `utils/storage.ts`), which is all the cap needs. So a write costs the
 * same with 1 record stored or 200.
 */
const queue = serialised();

/**
 * Stores changed records (with the index and the due times, when given). When the browser
 * refuses it for want of room, the saved transcript texts (which can be fetched again) make room
 * and it is tried once more; a write that still fails throws a `StorageWriteError`, which every
 * caller turns into a message, never a hang.
 */
async function write(changed: Record<string, RequestRecord>, index: HistoryIndex | undefined, due: HistoryDue | undefined): Promise<void> {
  try {
    await historyStore.write(changed, index, due);
    return;
  } catch (error) {
    const known = jobIdsOf(index ?? (await historyStore.index()));
    const madeRoom = storageProblemOf(error) === 'full' && (await jobTexts.removeAllBut(new Set(), known).catch(() => false));
    if (!madeRoom) throw new StorageWriteError(storageProblemOf(error), error);
  }
  try {
    await historyStore.write(changed, index, due);
  } catch (error) {
    throw new StorageWriteError(storageProblemOf(error), error);
  }
}

/** A job's saved text goes with its job (storage is finite; an ended job's text can be fetched again from its result URL). */
async function dropTexts(before: HistoryIndex, after: HistoryIndex): Promise<void> {
  const kept = new Set(jobIdsOf(after));
  await jobTexts.remove(jobIdsOf(before).filter((id) => !kept.has(id))).catch(() => undefined);
}

/**
 * Trims the index to the cap (`capHistory`: what is stored is counted, by the names it is stored
 * under; the oldest ended go first, by when they ended); answers the names it dropped.
 */
function cap(index: HistoryIndex): string[] {
  const order = Object.fromEntries(
    Object.entries(index).map(([name, s]) => [name, { phase: s.phase, requestedAt: s.requestedAt, updatedAt: s.endedAt ?? s.requestedAt }]),
  );
  capHistory(order);
  const dropped = Object.keys(index).filter((name) => !(name in order));
  for (const name of dropped) delete index[name];
  return dropped;
}

type Change<T> = (records: Record<string, RequestRecord>) => T;

/**
 * The records a keyed change may see and touch: the keys it named, no others. Touching another
 * would be a change this write does not store (it reads and writes only the named keys), so it
 * throws at once rather than lose the change.
 */
function only(keys: Set<string>, records: Record<string, RequestRecord>): Record<string, RequestRecord> {
  const check = (name: string | symbol) => {
    if (typeof name === 'string' && !keys.has(name) && !(name in Object.prototype)) throw new Error(`updateHistory: the change touches "${name}", which it did not name`);
  };
  return new Proxy(records, {
    get: (target, name, receiver) => (check(name), Reflect.get(target, name, receiver)),
    set: (target, name, value, receiver) => (check(name), Reflect.set(target, name, value, receiver)),
    deleteProperty: (target, name) => (check(name), Reflect.deleteProperty(target, name)),
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies `change` to the records stored under `keys` (present ones only; it may set, replace,
 * mutate or delete them) and saves what changed, capped. Answers what `change` answered.
 * Without `keys`, the change sees every record: for the rare change of the whole history.
 *
 * What a write reads and writes: the named records; the index only when a record comes, goes,
 * or changes what the index keeps of it (its phase, say); the due times only when a followed
 * request's next check changes. A request moving on (the common write) touches its record and,
 * while followed, the few due times.
 *
 * Every stored record is listed: a record leaves storage before the index that listed it is
 * written without it, so a write the browser refuses at worst lists a record that is gone
 * (readers skip it, the cap counts it until it ages out), never stores one no list shows.
 */
export function updateHistory<T>(keys: readonly string[], change: Change<T>): Promise<T>;
export function updateHistory<T>(change: Change<T>): Promise<T>;
export async function updateHistory<T>(keysOrChange: readonly string[] | Change<T>, keyed?: Change<T>): Promise<T> {
  const keys = typeof keysOrChange === 'function' ? undefined : keysOrChange;
  const change = typeof keysOrChange === 'function' ? keysOrChange : keyed!;
  return (await write_(keys, change)).result;
}

/**
 * The same, keyed, answering also the due times the write stored (`undefined` when they did not
 * change): the pipeline sets its alarm from them without reading them again (`commit.ts`).
 */
export function updateHistoryAndDue<T>(keys: readonly string[], change: Change<T>): Promise<{ result: T; due?: HistoryDue }> {
  return write_(keys, change);
}

function write_<T>(keyList: readonly string[] | undefined, change: Change<T>): Promise<{ result: T; due?: HistoryDue }> {
  const keys = keyList && new Set(keyList);
  return queue(async () => {
    let index = keys ? undefined : await historyStore.index();
    const before = await historyStore.getMany(keys ? [...keys] : Object.keys(index!));
    // Compared as written: a change may mutate a record in place (`record.notifiedAt = …`).
    const was = new Map(Object.entries(before).map(([name, record]) => [name, { json: JSON.stringify(record), summary: summaryOf(record), due: dueOf(record) }]));
    const draft = { ...before };
    const result = change(keys ? only(keys, draft) : draft);
    // Unnamed, the change may also have added records.
    const names = keys ? [...keys] : [...new Set([...Object.keys(index!), ...Object.keys(draft)])];

    const changed: Record<string, RequestRecord> = {};
    const gone: string[] = [];
    const listing: string[] = [];
    const dueChanged: string[] = [];
    for (const name of names) {
      const record = draft[name];
      const old = was.get(name);
      if (record && JSON.stringify(record) !== old?.json) changed[name] = record;
      if (!record && old) gone.push(name);
      if (!same(old?.summary, record && summaryOf(record))) listing.push(name);
      if (old?.due !== dueOf(record)) dueChanged.push(name);
    }
    if (!keys) {
      // Listed but unreadable (damaged): a change of the whole history drops them, as it always did.
      for (const name of Object.keys(index!)) if (!(name in before) && !(name in draft)) (gone.push(name), listing.push(name));
    }
    if (Object.keys(changed).length === 0 && gone.length === 0) return { result };

    let next: HistoryIndex | undefined;
    if (listing.length) {
      index ??= await historyStore.index();
      next = { ...index };
      for (const name of listing) {
        const record = draft[name];
        if (record) next[name] = summaryOf(record);
        else delete next[name];
      }
      for (const name of cap(next)) {
        delete changed[name];
        gone.push(name);
        dueChanged.push(name);
      }
    }
    let due: HistoryDue | undefined;
    if (dueChanged.length) {
      due = { ...(await historyStore.due()) };
      for (const name of dueChanged) {
        const at = next && !(name in next) ? undefined : dueOf(draft[name]);
        if (at === undefined) delete due[name];
        else due[name] = at;
      }
    }
    await historyStore.remove([...new Set(gone)]);
    await write(changed, next, due);
    if (next) await dropTexts(index!, next);
    return { result, due };
  });
}

/**
 * The options page's "Clear": forgets every request that has ended. Requests still being
 * followed stay, or the user would never hear how they end. The index says which have ended.
 */
export async function clearEndedRequests(): Promise<void> {
  const ended = Object.entries(await historyStore.index())
    .filter(([, summary]) => !isActive(summary))
    .map(([key]) => key);
  await updateHistory(ended, (records) => {
    for (const key of ended) if (records[key] && !isActive(records[key])) delete records[key];
  });
}

/**
 * Layout 1 (every record in one value) to layout 2 (a key per record, and the index): the first
 * start after the update moves every readable record, capped as always; records already in
 * layout 2 (a move cut short, then written to) are newer and stay. Then the old value goes.
 * The background alone does this, first in its queue, before any read of its own (see
 * `becomeHistoryOwner`): pages never write the history.
 */
export function migrateHistory(): Promise<void> {
  return queue(async () => {
    const legacy = await historyStore.legacy();
    if (legacy === undefined) return;
    const index = await historyStore.index();
    const due = { ...(await historyStore.due()) };
    const next: HistoryIndex = { ...index };
    const moved: Record<string, RequestRecord> = {};
    for (const [name, record] of Object.entries(legacy)) {
      if (name in index) continue;
      moved[name] = record;
      next[name] = summaryOf(record);
    }
    const all = { ...next };
    const gone: string[] = [];
    for (const name of cap(next)) {
      if (name in moved) delete moved[name];
      else gone.push(name);
      delete due[name];
    }
    for (const [name, record] of Object.entries(moved)) {
      const at = dueOf(record);
      if (at !== undefined) due[name] = at;
    }
    await historyStore.remove(gone);
    await write(moved, next, due);
    await dropTexts(all, next);
    await historyStore.removeLegacy();
  });
}

/**
 * Called by the background at start-up, in its first turn: it is the history's one writer, and
 * the one that moves an older layout's records. Its own reads wait for that move.
 */
export function becomeHistoryOwner(): void {
  historyStore.holdReadsUntil(
    migrateHistory().catch((error: unknown) => console.error('Stenobird Companion: the request history could not be moved to its new layout', error)),
  );
  // The catalogue look-ups it keeps beside the history move the same way (a cache: a miss meanwhile costs one look-up).
  void resolutions.moveFromOneValue().catch(() => undefined);
}
