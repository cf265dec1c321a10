import { browser } from 'wxt/browser';
import type { TabState } from '@/utils/messages';
import { requestKey, unresolvedKey } from '@/utils/requests';
import { linkRequests, requestHistory, tabReports } from '@/utils/storage';
import { knownResolution } from './resolve-episode';

/**
 * What the popup shows for a tab: the content script's report, any request on record, and what
 * is already known of the episode's place in the catalogue. Makes no request: the popup asks for
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
  const catalogue =
    known?.status === 'missing' ? { status: 'missing' as const } : found ? { status: 'found' as const, transcriptUrl: found.transcriptUrl } : undefined;
  return { status: 'episode', episode, request, catalogue };
}

/**
 * A tab's report, and what a link right-clicked there showed, are dropped when it closes or
 * starts loading a page; the content script reports again once the new page is ready. No URL is
 * read, so no `tabs` permission is needed.
 */
export function registerTabCleanup(): void {
  const forget = (tabId: number) => {
    void tabReports.remove(tabId);
    void linkRequests.remove(tabId);
  };
  browser.tabs.onRemoved.addListener(forget);
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') forget(tabId);
  });
}
