import { isActive, refOf, type RequestRecord } from './record';

/**
 * What keeps the stored history usable: each record repaired by the name it is stored under,
 * and the history capped. Both run in the read and write paths (`utils/storage.ts`,
 * `utils/requests/history-writer.ts`); the shape of older versions is migrated before
 * this, as each record is parsed (`migrateRecord`).
 */

/** Enough for a few months of heavy use; storage stays small (each record is well under 1 kB). */
export const HISTORY_CAP = 200;

/**
 * Trims the history to `cap` records: the oldest ended requests go first, and only if every
 * record is still being followed, the oldest of those. It counts, and deletes, what is stored
 * under each name, whatever a record says its key is.
 */
export function capHistory(records: Record<string, Pick<RequestRecord, 'phase' | 'requestedAt' | 'updatedAt'>>, cap = HISTORY_CAP): void {
  const all = Object.entries(records);
  if (all.length <= cap) return;
  const ended = all.filter(([, r]) => !isActive(r)).sort(([, a], [, b]) => a.updatedAt - b.updatedAt);
  const active = all.filter(([, r]) => isActive(r)).sort(([, a], [, b]) => a.requestedAt - b.requestedAt);
  for (const [name] of [...ended, ...active].slice(0, all.length - cap)) delete records[name];
}

const CATALOGUE_KEY = /^([a-z0-9-]{1,300})\/([a-z0-9-]{1,300})$/;

/**
 * A stored record as the follow-up can act on it. A record can pass its schema and still be
 * stuck: written by hand or by an older version, or damaged. What can be known again is
 * restored; what cannot is put back to a phase that finds it out again:
 * - its key is the name it is stored under (lookups and the cap go by that name);
 * - a catalogue request without slugs takes them from its key (`<podcast>/<episode>`), and if
 *   that fails too, while followed, it goes back to "unsent": it is looked up again and sent
 *   again (the POST is idempotent);
 * - a job followed without a job id goes back to "unsent": its POST is sent again with its own
 *   Idempotency-Key, which gives the same job back.
 * Anything the follow-up still cannot move on ends as failed there (`follow-up.ts`).
 */
export function repairRecord(storedKey: string, stored: RequestRecord): RequestRecord {
  let record: RequestRecord = stored.key === storedKey ? stored : { ...stored, key: storedKey };
  if (record.kind === 'catalogue' && !refOf(record)) {
    const slugs = CATALOGUE_KEY.exec(storedKey);
    if (slugs) record = { ...record, podcastSlug: slugs[1], episodeSlug: slugs[2] };
    else if (record.phase === 'following') record = { ...record, phase: 'unsent' };
  }
  if (record.kind === 'job' && !record.job.id && record.phase === 'following') record = { ...record, phase: 'unsent' };
  return record;
}

