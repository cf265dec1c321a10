import { browser } from 'wxt/browser';

/**
 * Where a job's transcript view lives, and how every entry point opens it. One page serves as
 * Chrome's side panel and as a plain tab (Firefox, or where the panel cannot open); it finds its
 * job by `?job=<record key>`.
 */
export const TRANSCRIPT_PAGE = 'transcript.html';

export function transcriptViewPath(key: string): string {
  return `${TRANSCRIPT_PAGE}?job=${encodeURIComponent(key)}`;
}

/** The view's full URL, for a link or a tab. */
export function transcriptViewUrl(key: string): string {
  return browser.runtime.getURL(`/${transcriptViewPath(key)}` as '/transcript.html');
}

/** The side panel API where the browser has one (Chrome 114+); Firefox has none. */
function sidePanel() {
  return (browser as { sidePanel?: typeof chrome.sidePanel }).sidePanel;
}

function openTab(key: string): Promise<void> {
  return browser.tabs.create({ url: transcriptViewUrl(key) }).then(() => undefined);
}

/**
 * Opens the view of a job: in the side panel of `tabId` where there is one, else in a new tab.
 * Call it straight from a user's click (popup button, context menu, notification): the browser
 * opens a side panel only within a user gesture, so both panel calls start in this same turn
 * (the path is set first, as calls run in order). If the panel cannot open, a tab opens instead.
 */
export function openTranscriptView(key: string, tabId?: number): Promise<void> {
  const panel = sidePanel();
  if (!panel?.open || tabId === undefined) return openTab(key);
  try {
    const configured = panel.setOptions({ tabId, path: transcriptViewPath(key), enabled: true });
    const opened = panel.open({ tabId });
    return Promise.all([configured, opened]).then(
      () => undefined,
      () => openTab(key),
    );
  } catch {
    return openTab(key);
  }
}
