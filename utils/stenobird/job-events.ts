import { jobDoneSchema, previewLockedSchema, transcriptChunkSchema, transcriptJobSchema, type TranscriptJob } from './schemas';

/**
 * One Server-Sent Event of a transcript job (contract §5), parsed. The stream itself is read by
 * `job-stream.ts`; every event's `data` goes through here first. An event name the contract
 * does not list is passed on as `unknown`, not treated as an error.
 */
export type JobEvent =
  | { type: 'status'; job: TranscriptJob }
  | { type: 'transcript'; text: string; chunkIndex?: number; stage?: string }
  | { type: 'preview-locked'; message?: string; upgradeUrl?: string }
  | { type: 'done'; status?: string; resultReady: boolean; resultUrl?: string }
  | { type: 'unknown'; event: string }
  | { type: 'malformed'; event: string };

function json(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

export function parseJobEvent(event: string, data: string): JobEvent {
  const body = json(data);
  const malformed: JobEvent = { type: 'malformed', event };
  switch (event) {
    case 'status': {
      const parsed = transcriptJobSchema.safeParse(body);
      return parsed.success ? { type: 'status', job: parsed.data } : malformed;
    }
    case 'transcript': {
      const parsed = transcriptChunkSchema.safeParse(body);
      return parsed.success ? { type: 'transcript', text: parsed.data.text, chunkIndex: parsed.data.chunk_index, stage: parsed.data.stage } : malformed;
    }
    case 'preview_locked': {
      const parsed = previewLockedSchema.safeParse(body);
      return parsed.success ? { type: 'preview-locked', message: parsed.data.message, upgradeUrl: parsed.data.upgrade_url } : malformed;
    }
    case 'done': {
      const parsed = jobDoneSchema.safeParse(body);
      return parsed.success
        ? { type: 'done', status: parsed.data.status, resultReady: parsed.data.result_ready ?? false, resultUrl: parsed.data.result_url }
        : malformed;
    }
    default:
      return { type: 'unknown', event: event.slice(0, 100) };
  }
}
