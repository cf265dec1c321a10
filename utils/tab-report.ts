import { browser } from 'wxt/browser';
import { contentMessageSchema, type ContentMessage, type PageReportQuestion } from './messages';
import { linkRequests, storedTabIds, tabReportSchema, tabReports, type TabReport } from './storage';

/**
 * A tab's report: what its page's content script found, stored by the background (session
 * storage, `tab:<id>`), and used only while that page is still the tab's page.
 *
 * The extension listens to no tab events: Chrome's `tabs.onUpdated` has no filter, so a listener
 * would wake the worker on every page load in the browser (and it says "loading" for a `#t=`
 * or `pushState` too). Instead:
 * - the browsers reset a tab's own toolbar look (badge, icon, tooltip) when it loads another
 *   document, and keep it through same-document navigations: the button is right by itself;
 * - a stored report is used once the tab's page confirms it: its content script is asked what
 *   it found (`current-report`). A page it does not run on, or a closed tab, answers nothing; a
 *   page that found no episode says so itself, so it need not tell the background (a
 *   non-episode page sends nothing);
 * - what is stored for closed tabs is dropped whenever a page reports (tab ids are not reused
 *   within a browser session), so it never outgrows the open tabs.
 */

/**
 * How long a page is given to answer. A page with no content script of ours answers at once
 * ("receiving end does not exist"); one that is slower is busy (its main thread, which the
 * content script shares, is running the page's own scripts).
 */
export const PAGE_ANSWER_WAIT_MS = 1_500;

/** A page that did not answer in time: the stored report is all there is to go by. */
const BUSY = 'busy' as const;

/** What the tab's page says it found; `undefined` when no content script of ours answers there. */
export async function askPage(tabId: number): Promise<ContentMessage | undefined> {
  const question: PageReportQuestion = { type: 'current-report' };
  try {
    // The top frame only: that is where the content script runs.
    const answer: unknown = await browser.tabs.sendMessage(tabId, question, { frameId: 0 });
    const parsed = contentMessageSchema.safeParse(answer);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // "Receiving end does not exist": no content script of ours on the page, or no such tab.
    return undefined;
  }
}

function answerWithin(tabId: number, ms: number): Promise<ContentMessage | undefined | typeof BUSY> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof BUSY>((resolve) => (timer = setTimeout(() => resolve(BUSY), ms)));
  return Promise.race([askPage(tabId), late]).finally(() => clearTimeout(timer));
}

const confirms = (stored: TabReport | undefined, answer: ContentMessage & { type: 'episode-detected' }) =>
  stored?.status === 'episode' && stored.episode.pageUrl === answer.episode.pageUrl && stored.episode.title === answer.episode.title;

/**
 * What the tab shows now: its stored report if its page confirms it, or "not an episode" if its
 * page says so (the page says why); `undefined` when neither is known (no content script there,
 * or its episode was refused: see the router). Nothing is written. `storedRead`: the stored
 * report, when the caller has started reading it already; the answer is then that very object
 * whenever the page confirms it.
 */
export async function currentReport(tabId: number, storedRead = tabReports.get(tabId)): Promise<TabReport | undefined> {
  // Asked at once: the page answers only once its own report has reached the background.
  const [stored, answer] = await Promise.all([storedRead, answerWithin(tabId, PAGE_ANSWER_WAIT_MS)]);
  // A busy page has our content script and has not moved on (that would have answered or
  // failed at once): the popup is not kept waiting on it, and shows what the page reported.
  if (answer === BUSY) return stored;
  if (!answer) return undefined;
  if (answer.type === 'no-episode') return { status: 'not-episode', reason: answer.reason };
  if (confirms(stored, answer)) return stored;
  // Stored while the page was being asked (its report was on its way): read once more.
  const again = await tabReports.get(tabId);
  return confirms(again, answer) ? again : undefined;
}

/** Drops what is stored for a tab: its report and what it showed of a right-clicked link. */
export async function forgetTab(tabId: number): Promise<void> {
  await Promise.all([tabReports.remove(tabId), linkRequests.remove(tabId)]);
}

/**
 * Stores a page's report for its tab, and drops what closed tabs left. `newPage`: the tab has
 * loaded another document since it was last painted, so a link right-clicked on the one before
 * is no longer shown. Whether the stored report changed: the same report again (a reload)
 * changes nothing, and storage then tells no listener.
 */
export async function storeReport(tabId: number, report: TabReport, { newPage }: { newPage: boolean }): Promise<boolean> {
  if (newPage) await linkRequests.remove(tabId);
  const before = await tabReports.get(tabId);
  await tabReports.set(tabId, report);
  await forgetClosedTabs(tabId);
  // Compared as read back (the schema's key order), as storage compares values.
  return JSON.stringify(before) !== JSON.stringify(tabReportSchema.parse(report));
}

async function forgetClosedTabs(reporting: number): Promise<void> {
  // Keys first, then the open tabs: a key stored after this read belongs to a tab that is open.
  const stored = await storedTabIds();
  const open = new Set([reporting, ...(await browser.tabs.query({})).map((tab) => tab.id)]);
  await Promise.all([...stored].filter((tabId) => !open.has(tabId)).map(forgetTab));
}
