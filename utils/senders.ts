import { browser, type Browser } from 'wxt/browser';

/**
 * Who sent a message. Every message the background handles is checked against its sender first:
 * other extensions, sub-frames and pages pretending to be ours get no answer.
 */
export type Sender = Browser.runtime.MessageSender;

const ownOrigin = () => new URL(browser.runtime.getURL('/')).origin;
const isOwnUrl = (url: string | undefined) => !!url && URL.canParse(url) && new URL(url).origin === ownOrigin();

/**
 * Extension pages (popup, options, transcript view) are served from our own origin. Where the
 * browser names the sender's origin (Chrome) it must be ours too, and a page in a tab must be in
 * a tab showing one of our pages: a content script's messages carry its page's.
 */
export function isExtensionPage(sender: Sender): boolean {
  const { origin, tab } = sender as Sender & { origin?: string };
  return (
    sender.id === browser.runtime.id &&
    isOwnUrl(sender.url) &&
    (origin === undefined || origin === ownOrigin()) &&
    (tab?.url === undefined || isOwnUrl(tab.url))
  );
}

/** The options page: the only page that changes the settings. */
export function isOptionsPage(sender: Sender): boolean {
  return isExtensionPage(sender) && new URL(sender.url!).pathname === '/options.html';
}

/** A content script of ours, in a tab's top frame. */
export function isOwnContentScript(sender: Sender): sender is Sender & { tab: { id: number }; url: string } {
  return (
    sender.id === browser.runtime.id &&
    sender.tab?.id !== undefined &&
    (sender.frameId === undefined || sender.frameId === 0) &&
    typeof sender.url === 'string' &&
    !sender.url.startsWith(browser.runtime.getURL('/'))
  );
}

