import { browser } from 'wxt/browser';
import { tabReports } from '@/utils/storage';

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
