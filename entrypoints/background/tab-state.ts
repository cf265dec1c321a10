import { browser } from 'wxt/browser';
import { linkRequests, tabReports } from '@/utils/storage';

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
