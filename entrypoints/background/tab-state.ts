import { browser } from 'wxt/browser';
import type { TabState } from '@/utils/messages';
import { jobKey, requestKey, unresolvedKey } from '@/utils/requests';
import { requestHistory, tabReports } from '@/utils/storage';
import { knownResolution } from './resolve-episode';

/**
 * What the popup shows for a tab: the content script's report, any request on record (and any
 * transcription of its audio), and what is already known of the episode's place in the catalogue. Makes no request: the popup asks for
 * a look-up separately (`resolve-tab`), so it can draw at once.
 */
export async function getTabState(tabId: number): Promise<TabState> {
  const report = await tabReports.get(tabId);
  if (!report) return { status: 'unknown' };
  if (report.status === 'not-episode') return report;
  const { episode } = report;
  const known = await knownResolution(episode);
  const found = known?.status === 'found' ? known : undefined;
  const request =
    (found ? await requestHistory.get(requestKey(found.ref)) : undefined) ?? (await requestHistory.get(unresolvedKey(episode.pageUrl)));
  const job = episode.audioUrl ? await requestHistory.get(jobKey(episode.audioUrl)) : undefined;
  const catalogue =
    known?.status === 'missing' ? { status: 'missing' as const } : found ? { status: 'found' as const, transcriptUrl: found.transcriptUrl } : undefined;
  return { status: 'episode', episode, request, job, catalogue };
}

/**
 * A tab's report is dropped when it closes or starts loading a page; the content script reports
 * again once the new page is ready. No URL is read, so no `tabs` permission is needed.
 */
export function registerTabCleanup(): void {
  browser.tabs.onRemoved.addListener((tabId) => {
    void tabReports.remove(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void tabReports.remove(tabId);
  });
}
