import { browser, type Browser } from 'wxt/browser';
import { COMMAND_REQUEST_TRANSCRIPT } from '@/utils/patterns';
import { requestForTab } from '@/utils/menus/request-without-popup';

/**
 * The keyboard shortcut (`commands` in wxt.config.ts): a transcript of the episode in the current
 * tab, through the same function as the right-click menu on a page. The other shortcut, opening
 * the popup, is the browser's own `_execute_action` and needs no code.
 */
export const COMMAND_REQUEST = COMMAND_REQUEST_TRANSCRIPT;

/** Browsers pass the tab with the command; otherwise the active tab of the current (for a background: last focused) window. */
async function currentTabId(tab: Browser.tabs.Tab | undefined): Promise<number | undefined> {
  if (tab?.id !== undefined && tab.id >= 0) return tab.id;
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id;
}

export async function onCommand(command: string, tab?: Browser.tabs.Tab): Promise<void> {
  if (command !== COMMAND_REQUEST) return;
  const tabId = await currentTabId(tab);
  if (tabId !== undefined) await requestForTab(tabId);
}

export function registerCommands(): void {
  // The listener answers its work (browsers ignore it), so a caller can wait for the outcome.
  browser.commands.onCommand.addListener((command, tab) =>
    onCommand(command, tab).catch((error: unknown) => console.error('Stenobird Companion: the shortcut failed', error)),
  );
}
