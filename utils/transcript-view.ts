import { browser } from 'wxt/browser';
import { transcriptViewPath, transcriptViewUrl } from './requests';

/**
 * How every entry point opens a job's transcript view: one page that is Chrome's side panel and a
 * plain tab elsewhere (Firefox, or where the panel cannot open). Its address is `transcriptViewPath`
 * in `requests/keys.ts`, beside the job's key, so the options page links to it without this module.
 */

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

/** The view of the publisher's own transcript for a page (approved first by the background). */
function publisherViewUrl(pageUrl: string): string {
  return browser.runtime.getURL(`/transcript.html?publisher=${encodeURIComponent(pageUrl)}` as '/transcript.html');
}

/**
 * Opens it in a new tab. Not the side panel: the background approves the transcript first, and
 * the panel opens only in the turn of the user's click, which that answer comes after.
 */
export function openPublisherView(pageUrl: string): Promise<void> {
  return browser.tabs.create({ url: publisherViewUrl(pageUrl) }).then(() => undefined);
}
