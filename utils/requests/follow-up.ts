import { i18n } from '#i18n';
import { keepCheckedStatus } from '@/utils/catalogue/refresh-status';
import { resolveEpisode } from '@/utils/catalogue/resolve-episode';
import { once } from '@/utils/in-flight';
import type { Settings } from '@/utils/settings/store';
import { lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import { showUnidentified, stenobirdError } from '@/utils/stenobird/errors';
import { requestHistory, settings } from '@/utils/storage';
import { afterCheck } from './catalogue-moves';
import { sendRequest, settle } from './catalogue-request';
import { commit } from './commit';
import { checkJob, sendJob } from './job-follow';
import { failed, timingOf } from './policy';
import { catalogueClient, isActive, refOf, type CatalogueRecord, type RequestRecord } from './record';
import { scheduleFollowUp } from './schedule';

/**
 * Following requests to the end. The alarm wakes the worker when a request is due; each due
 * request is sent again (if Stenobird never accepted it) or checked (in the catalogue, or at a
 * transcript job's status URL), and the alarm is set for the next one. Everything is read from
 * storage on every run (the settings once per run), so a stopped worker or a restarted browser
 * carries on where it was. The listeners that start a run are wired in `entrypoints/background/`.
 */

/** Requests due within this margin are handled in the same run rather than by another alarm. */
const SLACK_MS = 1_000;

/** Sends again a request Stenobird never accepted, resolving its episode first if need be. */
async function resend(record: CatalogueRecord, configured: Settings): Promise<unknown> {
  const ref = refOf(record);
  if (ref) return sendRequest(record, ref, 'follow-up', configured);
  const resolution = await resolveEpisode({ pageUrl: record.pageUrl, title: record.title, showName: record.showName }, catalogueClient(configured));
  // Kept under its page (or, damaged, under any other name): it becomes the episode's request.
  if (resolution.status === 'found') return sendRequest(record, resolution.ref, 'follow-up', configured, record.key);
  const error = resolution.status === 'missing' ? stenobirdError('not-found') : resolution.status === 'unidentified' ? showUnidentified() : resolution.error;
  return settle(record.key, record, { ok: false, error }, 'follow-up', record, configured);
}

/** Looks a followed request's episode up again: a transcript, a failure, or another wait. */
function check(record: CatalogueRecord, configured: Settings): Promise<void> {
  return once(`check:${record.key}`, async () => {
    const ref = refOf(record);
    if (!ref) return;
    const result = await lookUpCatalogueEpisode(catalogueClient(configured), ref);
    const t = timingOf(configured);
    if (result.ok && result.value) await keepCheckedStatus(record.pageUrl, ref, result.value);
    await commit(record.key, (current) => (current?.kind === 'catalogue' ? afterCheck(current, result, t) : undefined), { settings: configured });
  });
}

function advance(record: RequestRecord, configured: Settings): Promise<unknown> {
  if (record.kind === 'job') return record.phase === 'unsent' ? sendJob(record, 'follow-up', configured) : checkJob(record, configured);
  return record.phase === 'unsent' ? resend(record, configured) : check(record, configured);
}

const same = (a: RequestRecord | undefined, b: RequestRecord) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A due record the run could not move on at all (damaged past what `repairRecord` restores: a
 * request keyed by neither its episode nor its page) would be due again at once, and the alarm
 * would fire for it forever. It ends as failed instead, and the user is told, like any other end.
 */
async function endIfStuck(before: RequestRecord, configured: Settings): Promise<void> {
  if (!same(await requestHistory.get(before.key), before)) return;
  const damaged = { kind: 'malformed' as const, message: i18n.t('recordDamaged') };
  await commit(before.key, (current) => (current && same(current, before) ? failed(current, timingOf(configured), damaged) : undefined), { settings: configured });
}

/**
 * Handles every request that is due. `network-back`: the connection returned, so requests held
 * back by it go now rather than at their scheduled time. A record whose turn fails (storage
 * refused the write) does not stop the others; the run is then tried again after the usual
 * first wait, not at once, since what is stored still says "due".
 */
export function runFollowUp(reason: 'alarm' | 'network-back' = 'alarm'): Promise<void> {
  return once(`follow-up:${reason}`, async () => {
    const configured = await settings.get();
    const now = Date.now();
    let failedTurn = false;
    // Only the followed requests are read: the due times list them (an ended record is never due).
    const followed = await requestHistory.getMany(Object.keys(await requestHistory.due()));
    for (const record of Object.values(followed)) {
      if (!isActive(record)) continue;
      const due = (record.nextCheckAt ?? 0) <= now + SLACK_MS;
      const heldByNetwork = record.phase === 'unsent' && (record.lastError?.kind === 'offline' || record.lastError?.kind === 'timeout');
      if (!due && !(reason === 'network-back' && heldByNetwork)) continue;
      try {
        await advance(record, configured);
        if (due) await endIfStuck(record, configured);
      } catch (error) {
        failedTurn = true;
        reportFollowUpError(error);
      }
    }
    await scheduleFollowUp(Date.now(), failedTurn ? timingOf(configured).baseMs : 0);
  });
}

export function reportFollowUpError(error: unknown): void {
  console.error('Stenobird Companion: following requests failed', error);
}
