import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { isActive, refOf, type RequestRecord } from '@/utils/requests';
import { lookUpCatalogueEpisode } from '@/utils/stenobird/client';
import { stenobirdError } from '@/utils/stenobird/errors';
import { requestHistory } from '@/utils/storage';
import { updateHistory } from './request-history';
import { clientOptions } from './client-options';
import { once } from './in-flight';
import { announce } from './notify';
import { resolveEpisode } from './resolve-episode';
import { FOLLOW_UP_ALARM, scheduleFollowUp } from './schedule';
import { adoptRecord, sendRequest, settle, timing } from './send-request';
import { bindJobsToBase, checkJob, sendJob } from './transcribe-audio';
import { afterCheck } from './transitions';

/**
 * Following requests to the end. The alarm wakes the worker when a request is due; each due
 * request is sent again (if Stenobird never accepted it) or checked (in the catalogue, or at a
 * transcript job's status URL), and the alarm is set for the next one. Everything is read from storage on every run, so
 * a stopped worker or a restarted browser carries on where it was.
 */

/** Requests due within this margin are handled in the same run rather than by another alarm. */
const SLACK_MS = 1_000;

/** Sends again a request Stenobird never accepted, resolving its episode first if need be. */
async function resend(record: RequestRecord): Promise<void> {
  const ref = refOf(record);
  if (ref) {
    await sendRequest(record, ref, 'follow-up');
    return;
  }
  const resolution = await resolveEpisode({ pageUrl: record.pageUrl, title: record.title, showName: record.showName });
  if (resolution.status === 'found') {
    // Kept under its page (or, damaged, under any other name): it becomes the episode's request.
    await adoptRecord(record.key, resolution.ref);
    await sendRequest(record, resolution.ref, 'follow-up');
    return;
  }
  const error = resolution.status === 'missing' ? stenobirdError('not-found') : resolution.error;
  await settle(record.key, record, { ok: false, error }, 'follow-up', record);
}

/** Looks a followed request's episode up again: a transcript, a failure, or another wait. */
function check(record: RequestRecord): Promise<void> {
  return once(`check:${record.key}`, async () => {
    const ref = refOf(record);
    if (!ref) return;
    const result = await lookUpCatalogueEpisode(await clientOptions(), ref);
    const t = await timing();
    const change = await updateHistory([record.key], (records) => {
      const current = records[record.key];
      if (!current) return undefined;
      const next = afterCheck(current, result, t);
      records[record.key] = next;
      return { previous: current, next };
    });
    if (change && isActive(change.previous) && !isActive(change.next)) await announce(change.next);
  });
}

function advance(record: RequestRecord): Promise<unknown> {
  if (record.kind === 'job') return record.phase === 'unsent' ? sendJob(record, 'follow-up') : checkJob(record);
  return record.phase === 'unsent' ? resend(record) : check(record);
}

const same = (a: RequestRecord | undefined, b: RequestRecord) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A due record the run could not move on at all (damaged past what `repairRecord` restores: a
 * job record without its job, a request keyed by neither its episode nor its page) would be
 * due again at once, and the alarm would fire for it forever. It ends as failed instead, and
 * the user is told, like any other end.
 */
async function endIfStuck(before: RequestRecord): Promise<void> {
  if (!same(await requestHistory.get(before.key), before)) return;
  const now = Date.now();
  const ended = await updateHistory([before.key], (records) => {
    const current = records[before.key];
    if (!current || !same(current, before)) return undefined;
    const next: RequestRecord = { ...current, phase: 'failed', nextCheckAt: undefined, lastError: { kind: 'malformed', message: i18n.t('recordDamaged') }, updatedAt: now };
    return (records[before.key] = next);
  });
  if (ended) await announce(ended);
}

/**
 * Handles every request that is due. `network-back`: the connection returned, so requests held
 * back by it go now rather than at their scheduled time. A record whose turn fails (storage
 * refused the write) does not stop the others; the run is then tried again after the usual
 * first wait, not at once, since what is stored still says "due".
 */
export function runFollowUp(reason: 'alarm' | 'network-back' = 'alarm'): Promise<void> {
  return once(`follow-up:${reason}`, async () => {
    const now = Date.now();
    let failed = false;
    for (const record of Object.values(await requestHistory.all())) {
      if (!isActive(record)) continue;
      const due = (record.nextCheckAt ?? 0) <= now + SLACK_MS;
      const heldByNetwork = record.phase === 'unsent' && (record.lastError?.kind === 'offline' || record.lastError?.kind === 'timeout');
      if (!due && !(reason === 'network-back' && heldByNetwork)) continue;
      try {
        await advance(record);
        if (due) await endIfStuck(record);
      } catch (error) {
        failed = true;
        report(error);
      }
    }
    await scheduleFollowUp(Date.now(), failed ? (await timing()).baseMs : 0);
  });
}

function report(error: unknown): void {
  console.error('Stenobird Companion: following requests failed', error);
}

export function registerFollowUp(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FOLLOW_UP_ALARM) void runFollowUp('alarm').catch(report);
  });
  // Where the browser tells a background context that the network is back (Firefox's page,
  // Chromium workers that are awake), queued requests go at once; elsewhere the alarm sends them.
  globalThis.addEventListener?.('online', () => void runFollowUp('network-back').catch(report));
  // Every start of the worker (browser start, update, wake-up) rebuilds the alarm from storage.
  void bindJobsToBase()
    .catch(report)
    .then(() => scheduleFollowUp())
    .catch(report);
}
