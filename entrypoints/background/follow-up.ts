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
import { adoptUnresolved, sendRequest, settle, timing } from './send-request';
import { checkJob, sendJob } from './transcribe-audio';
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
    await adoptUnresolved(record.pageUrl, resolution.ref);
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
    const change = await updateHistory((records) => {
      const current = records[record.key];
      if (!current) return undefined;
      const next = afterCheck(current, result, t);
      records[record.key] = next;
      return { previous: current, next };
    });
    if (change && isActive(change.previous) && !isActive(change.next)) await announce(change.next);
  });
}

/**
 * Handles every request that is due. `network-back`: the connection returned, so requests held
 * back by it go now rather than at their scheduled time.
 */
export function runFollowUp(reason: 'alarm' | 'network-back' = 'alarm'): Promise<void> {
  return once(`follow-up:${reason}`, async () => {
    const now = Date.now();
    for (const record of Object.values(await requestHistory.all())) {
      if (!isActive(record)) continue;
      const due = (record.nextCheckAt ?? 0) <= now + SLACK_MS;
      const heldByNetwork = record.phase === 'unsent' && (record.lastError?.kind === 'offline' || record.lastError?.kind === 'timeout');
      if (!due && !(reason === 'network-back' && heldByNetwork)) continue;
      if (record.kind === 'job') await (record.phase === 'unsent' ? sendJob(record, 'follow-up') : checkJob(record));
      else await (record.phase === 'unsent' ? resend(record) : check(record));
    }
    await scheduleFollowUp();
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
  void scheduleFollowUp().catch(report);
}
