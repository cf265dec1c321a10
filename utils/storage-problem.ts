/**
 * When the browser refuses to store something: `storage.local` is finite (Chrome's
 * QUOTA_BYTES, 10 MB for an extension without `unlimitedStorage`), and a disk can fail. Every
 * caller that writes turns the refusal into one of two problems a user can be told about, and
 * carries on: nothing waits forever on a write that will not happen. No zod or i18n here: the
 * popup's first paint imports nothing it does not need.
 */
export type StorageProblem = 'full' | 'failed';

/** Chrome says "QUOTA_BYTES quota exceeded"; IndexedDB-backed storage (Firefox) a QuotaExceededError. */
export function storageProblemOf(error: unknown): StorageProblem {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /quota/i.test(text) ? 'full' : 'failed';
}

/** A write that did not happen, with what kind of problem it was. */
export class StorageWriteError extends Error {
  constructor(readonly problem: StorageProblem, cause?: unknown) {
    super(problem === 'full' ? 'The extension’s storage is full' : 'The browser could not store the extension’s data', { cause });
    this.name = 'StorageWriteError';
  }
}

/** The problem behind any error a write threw. */
export function problemOf(error: unknown): StorageProblem {
  return error instanceof StorageWriteError ? error.problem : storageProblemOf(error);
}
