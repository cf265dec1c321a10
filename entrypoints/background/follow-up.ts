import { browser } from 'wxt/browser';
import { reportFollowUpError as report, runFollowUp } from '@/utils/requests/follow-up';
import { bindJobsToBase } from '@/utils/requests/job-follow';
import { FOLLOW_UP_ALARM, scheduleFollowUp } from '@/utils/requests/schedule';

/** Wiring for the follow-up (`utils/requests/follow-up.ts`): what wakes it, and its start. */
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
