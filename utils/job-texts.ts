import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import type { SavedProgress } from './job-machine';
import { text } from './schema-helpers';
import { jobTextKey, readParsed } from './storage';

/**
 * The text a transcript view has of a job (its chunks, the last event id, the final result), so
 * a view opened again shows it at once and resumes the stream where it stopped. Written by the
 * view; `requestHistory.update` removes it when its job leaves the history (or the newest few).
 */
export const savedProgressSchema = z.object({
  chunks: z.array(z.nullable(text(1_000_000))).check(z.maxLength(100_001)),
  lastEventId: z.optional(text(1_000)),
  finalText: z.optional(text(20_000_000)),
});

export const jobTexts = {
  get: (jobId: string) => readParsed<SavedProgress | undefined>(jobTextKey(jobId), savedProgressSchema, undefined),
  put: (jobId: string, progress: SavedProgress) => storage.setItem(jobTextKey(jobId), progress),
};
