import * as storage from './storage-areas';
import * as z from 'zod/mini';
import type { SavedProgress } from './job-machine';
import { text, lazySchema } from './schema-helpers';
import { jobTextKey, readEntries, readParsed, serialised } from './storage';
import { storageProblemOf, type StorageProblem } from './storage-problem';

/**
 * The text a transcript view has of a job (its chunks, the last event id, the final result), so
 * a view opened again shows it at once and resumes the stream where it stopped. Written by the
 * view; removed when its job leaves the history (`utils/requests/history-writer.ts`).
 *
 * `storage.local` is finite (Chrome: 10 MB for everything the extension keeps), and a text is
 * the one thing in it that can be large. So a text is kept once (a finished one without the
 * chunks it was made of), a text above `JOB_TEXT_MAX_BYTES` is not kept at all, and all texts
 * together stay under `JOB_TEXTS_MAX_BYTES`: the ones saved longest ago make room. A text not
 * kept is not lost: an ended job's result can be fetched again from its result URL.
 *
 * The sizes are listed in an index stored beside the texts (`savedTexts`), so keeping within
 * the cap never reads the texts themselves. The view and the background both change texts and
 * index: they take turns through a Web Lock, which is shared by every page and worker of the
 * extension's origin (and unreachable from content scripts, which run in the page's origin).
 */

/** One text at most: about ten times a three-hour episode's transcript. */
export const JOB_TEXT_MAX_BYTES = 2_000_000;
/** All texts together: under two thirds of Chrome's 10 MB, leaving the history and caches room. */
export const JOB_TEXTS_MAX_BYTES = 6_000_000;

export const savedProgressSchema = lazySchema(() => z.object({
  chunks: z.array(z.nullable(text(1_000_000))).check(z.maxLength(100_001)),
  lastEventId: z.optional(text(1_000)),
  finalText: z.optional(text(20_000_000)),
}));

const INDEX = 'local:savedTexts' as const;
const indexEntrySchema = lazySchema(() => z.object({ bytes: z.number().check(z.nonnegative()), savedAt: z.number() }));
type Index = Record<string, z.output<typeof indexEntrySchema>>;

/** A bad entry is dropped alone: the other texts stay counted (`readEntries`). */
const readIndex = (): Promise<Index> => readEntries(INDEX, indexEntrySchema);

const localTurns = serialised();
/** One change to the texts at a time, across every extension page and the background. */
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks;
  return locks ? (locks.request('stenobird-job-texts', task) as Promise<T>) : localTurns(task);
}

/** What storing a value costs, near enough to how the browser counts it: its JSON, in UTF-8 bytes. */
function sizeOf(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

/** What is kept of a job's progress: a finished text once, without its chunks. */
function keptForm(progress: SavedProgress): SavedProgress {
  return progress.finalText === undefined ? progress : { chunks: [], lastEventId: progress.lastEventId, finalText: progress.finalText };
}

/** The oldest saved texts that must go for `bytes` more to fit under the cap. */
function oldestToDrop(index: Index, bytes: number): string[] {
  let total = Object.values(index).reduce((sum, entry) => sum + entry.bytes, 0) + bytes;
  const drop: string[] = [];
  for (const [id, entry] of Object.entries(index).sort(([, a], [, b]) => a.savedAt - b.savedAt)) {
    if (total <= JOB_TEXTS_MAX_BYTES) break;
    drop.push(id);
    total -= entry.bytes;
  }
  return drop;
}

export type SaveOutcome = { saved: true } | { saved: false; problem: 'too-big' | StorageProblem };

async function removeLocked(ids: string[], index: Index): Promise<void> {
  for (const id of ids) delete index[id];
  await storage.removeItems(ids.map(jobTextKey));
  await storage.setItem(INDEX, index);
}

export const jobTexts = {
  get: (jobId: string) => readParsed<SavedProgress | undefined>(jobTextKey(jobId), savedProgressSchema, undefined),

  /**
   * Keeps a job's text, making room by dropping the texts saved longest ago. Never throws: a
   * text that is too big, or that the browser will not store, is answered as not saved (and
   * any older copy of it goes, so a reopened view never shows a stale text as if current).
   */
  put(jobId: string, progress: SavedProgress): Promise<SaveOutcome> {
    const value = keptForm(progress);
    const bytes = sizeOf(value);
    return exclusive(async (): Promise<SaveOutcome> => {
      const index = await readIndex();
      delete index[jobId];
      if (bytes > JOB_TEXT_MAX_BYTES) {
        await removeLocked([jobId], index).catch(() => undefined);
        return { saved: false, problem: 'too-big' };
      }
      const write = async (drop: string[]) => {
        if (drop.length) await removeLocked(drop, index);
        index[jobId] = { bytes, savedAt: Date.now() };
        await storage.setItems([
          { key: jobTextKey(jobId), value },
          { key: INDEX, value: index },
        ]);
      };
      try {
        await write(oldestToDrop(index, bytes));
        return { saved: true };
      } catch (error) {
        if (storageProblemOf(error) !== 'full') return { saved: false, problem: 'failed' };
      }
      // Full, though the texts are within their cap: the rest of storage needs the room. This
      // text is the one being read now; the others make way for it, once.
      try {
        delete index[jobId];
        await write(Object.keys(index));
        return { saved: true };
      } catch (error) {
        await removeLocked([jobId], index).catch(() => undefined);
        return { saved: false, problem: storageProblemOf(error) };
      }
    });
  },

  /** Drops the texts of these jobs (gone from the history). */
  remove(jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return Promise.resolve();
    return exclusive(async () => removeLocked(jobIds, await readIndex()));
  },

  /**
   * Drops every saved text but those of `keep`, and answers whether anything went: when the
   * history cannot be written for want of room, the texts (which can be fetched again) go first.
   * Texts the index does not list (left by an older version) are found by the history's job ids.
   */
  removeAllBut(keep: Set<string>, known: string[] = []): Promise<boolean> {
    return exclusive(async () => {
      const index = await readIndex();
      const ids = [...new Set([...Object.keys(index), ...known])].filter((id) => !keep.has(id));
      if (ids.length === 0) return false;
      await removeLocked(ids, index);
      return true;
    });
  },
};
