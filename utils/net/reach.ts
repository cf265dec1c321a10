import { browser } from 'wxt/browser';

/**
 * The origins the extension may send a request to, as match patterns: the host permissions of
 * the manifest and those the user granted since (sites allowed for "always detect", a link's
 * site, another Stenobird address). `mayFetch` checks addresses read from pages against these.
 */
export async function reachableOrigins(): Promise<string[]> {
  return (await browser.permissions.getAll()).origins ?? [];
}
