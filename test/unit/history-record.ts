import type { RequestRecord } from '@/utils/requests';

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
