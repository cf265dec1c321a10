import { browser } from 'wxt/browser';
import type { TabState } from '@/utils/messages';
import { requestKey } from '@/utils/requests';
import { requestHistory, tabReports } from '@/utils/storage';

/** What the popup shows for a tab: the content script's report plus any request on record. */
export async function getTabState(tabId: number): Promise<TabState> {
  const report = await tabReports.get(tabId);
  if (!report) return { status: 'unknown' };
  if (report.status === 'not-episode') return report;
  const ref = report.episode.stenobird;
  const request = ref ? await requestHistory.get(requestKey(ref)) : undefined;
  return { status: 'episode', episode: report.episode, request };
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
