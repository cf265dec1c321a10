import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import type { Episode } from '@/utils/episode';
import type { ContentMessage } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import { linkRequests, tabReports } from '@/utils/storage';
import { currentReport, PAGE_ANSWER_WAIT_MS, storeReport } from '@/utils/tab-report';
import { currentTabState } from '@/utils/tab-state';
import { updateHistory } from '@/utils/requests/history-writer';
import { installBrowserSurface, type BrowserSurface } from './fake-browser-surface';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { fakeStenobird } from './fake-stenobird';
import { loadFixture } from './load-fixture';

/**
 * The worker sleeps through browsing that has nothing to do with podcasts: it listens to no tab
 * events, pages that are not episodes tell it nothing, and a tab's stored report is used only
 * while the tab's page confirms it (utils/tab-report.ts). Browsers reset a tab's own toolbar
 * look when it loads another document; the fakes here do what the browser would.
 */

const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const PAGE = `https://stenobird.com/podcast/${KEY}`;
const episode: Episode = {
  source: 'stenobird',
  pageUrl: PAGE,
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
};
const record: RequestRecord = {
  key: KEY, kind: 'catalogue', source: 'stenobird', pageUrl: PAGE, title: episode.title, podcastSlug: 'elixir-wizards',
  episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin', phase: 'following', state: 'queued', requestedAt: 0, updatedAt: 0, attempts: 0,
};
const IDLE_TITLE = 'Stenobird Companion: no episode detected on this page';

let surface: BrowserSurface;
let sites: FakeSiteApis;
let stenobird: ReturnType<typeof fakeStenobird>;

const fromContent = (tabId: number, url = PAGE) => ({ id: fakeBrowser.runtime.id, tab: { id: tabId } as never, frameId: 0, url });
const report = (message: ContentMessage, tabId: number) => fakeBrowser.runtime.onMessage.trigger(message, fromContent(tabId), () => {});
const look = async (tabId: number) => ({ badge: await surface.toolbar.getBadgeText({ tabId }), title: await surface.toolbar.getTitle({ tabId }) });

/**
 * What the browser does when the tab loads another document: its own look goes back to the
 * button's default, the manifest's (`default_title: '__MSG_toolbarIdle__'`, no badge; fakeBrowser
 * has no manifest, so it is written here), and its page goes with it.
 */
async function loadAnotherDocument(tabId: number, found?: ContentMessage): Promise<void> {
  const action = (fakeBrowser.action ?? (fakeBrowser as unknown as { browserAction: typeof fakeBrowser.action }).browserAction) as typeof fakeBrowser.action;
  await action.setBadgeText({ tabId, text: '' });
  await action.setTitle({ tabId, title: IDLE_TITLE });
  sites.navigate(tabId, found);
}

beforeEach(() => {
  fakeBrowser.reset();
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: episode.title });
  vi.stubGlobal('fetch', stenobird.fetch);
  surface = installBrowserSurface();
  sites = installFakeSiteApis();
});
afterEach(() => vi.unstubAllGlobals());

describe('the background at start-up', () => {
  it('listens to no tab events, so page loads and tab closes elsewhere do not wake the worker', () => {
    const updated = vi.spyOn(fakeBrowser.tabs.onUpdated, 'addListener');
    const removed = vi.spyOn(fakeBrowser.tabs.onRemoved, 'addListener');
    background.main();
    expect(updated).not.toHaveBeenCalled();
    expect(removed).not.toHaveBeenCalled();
  });
});

describe('a tab’s report, checked against its page', () => {
  it('stands while the page that made it answers for it', async () => {
    await tabReports.set(1, { status: 'episode', episode });
    expect(await currentReport(1)).toEqual({ status: 'episode', episode });
  });

  it('counts for nothing once the tab shows a page no content script answers on (another site, or a closed tab)', async () => {
    await tabReports.set(2, { status: 'episode', episode });
    sites.navigate(2);
    expect(await currentReport(2)).toBeUndefined();
  });

  it('gives way to what the page says itself: not an episode, though nothing was stored', async () => {
    await tabReports.set(3, { status: 'episode', episode });
    sites.navigate(3, { type: 'no-episode', reason: 'not an episode page address' });
    expect(await currentReport(3)).toEqual({ status: 'not-episode', reason: 'not an episode page address' });
    sites.navigate(4, { type: 'no-episode', reason: 'a show’s home page' });
    expect(await currentReport(4)).toEqual({ status: 'not-episode', reason: 'a show’s home page' });
  });

  it('is not an episode the page does not describe (another episode, or one the background refused to store)', async () => {
    await tabReports.set(5, { status: 'episode', episode });
    sites.navigate(5, { type: 'episode-detected', episode: { ...episode, title: 'Another episode', pageUrl: `${PAGE}-2` } });
    expect(await currentReport(5)).toBeUndefined();
  });

  it('stands for a page too busy to answer in time: the popup is not kept waiting, and shows what the page reported', async () => {
    vi.useFakeTimers();
    try {
      await tabReports.set(7, { status: 'episode', episode });
      const answer = sites.pageReport;
      sites.pageReport = () => new Promise(() => {});
      const report = currentReport(7);
      await vi.advanceTimersByTimeAsync(PAGE_ANSWER_WAIT_MS);
      expect(await report).toEqual({ status: 'episode', episode });
      sites.pageReport = answer;
    } finally {
      vi.useRealTimers();
    }
  });

  it('is found when it is stored while the page is being asked (its report was on its way)', async () => {
    const answer = sites.pageReport;
    sites.pageReport = async (tabId) => {
      await tabReports.set(tabId, { status: 'episode', episode });
      return { type: 'episode-detected', episode };
    };
    expect(await currentReport(6)).toEqual({ status: 'episode', episode });
    sites.pageReport = answer;
  });
});

describe('the popup’s read of a tab (its report and what storage holds of its episode)', () => {
  it('shows the request on record for the episode its page confirms', async () => {
    await tabReports.set(11, { status: 'episode', episode });
    await updateHistory([KEY], (records) => {
      records[KEY] = record;
    });
    const { report, state } = await currentTabState(11);
    expect(report).toEqual({ status: 'episode', episode });
    expect(state).toMatchObject({ status: 'episode', episode: { pageUrl: PAGE }, request: { key: KEY, state: 'queued' } });
  });

  it('drops what it read for a stored report the page no longer confirms: nothing of the old episode is shown', async () => {
    await tabReports.set(12, { status: 'episode', episode });
    await updateHistory([KEY], (records) => {
      records[KEY] = record;
    });
    sites.navigate(12, { type: 'no-episode', reason: 'a show’s home page' });
    expect(await currentTabState(12)).toEqual({
      report: { status: 'not-episode', reason: 'a show’s home page' },
      state: { status: 'not-episode', reason: 'a show’s home page' },
    });
    sites.navigate(13);
    await tabReports.set(13, { status: 'episode', episode });
    expect((await currentTabState(13)).state).toEqual({ status: 'unknown' });
  });

  it('reads the report stored while the page was being asked, with its request', async () => {
    await updateHistory([KEY], (records) => {
      records[KEY] = record;
    });
    const answer = sites.pageReport;
    sites.pageReport = async (tabId) => {
      await tabReports.set(tabId, { status: 'episode', episode });
      return { type: 'episode-detected', episode };
    };
    expect((await currentTabState(14)).state).toMatchObject({ status: 'episode', request: { key: KEY } });
    sites.pageReport = answer;
  });
});

describe('what closed tabs leave behind', () => {
  it('is dropped when a page reports: a report and a link of a closed tab go, an open tab’s stay', async () => {
    const open = await fakeBrowser.tabs.create({ url: PAGE });
    // A tab that has closed: the browser lists it no more (fakeBrowser's tabs.remove cannot be used here).
    const closed = open.id! + 100;
    await tabReports.set(open.id!, { status: 'episode', episode });
    await tabReports.set(closed, { status: 'episode', episode });
    await linkRequests.set(closed, { status: 'failed', message: 'The link is not an episode.' });
    const reporting = await fakeBrowser.tabs.create({ url: PAGE });
    await storeReport(reporting.id!, { status: 'episode', episode }, { newPage: true });
    expect(await tabReports.get(closed)).toBeUndefined();
    expect(await linkRequests.get(closed)).toBeUndefined();
    expect(await tabReports.get(open.id!)).toEqual({ status: 'episode', episode });
    expect(await tabReports.get(reporting.id!)).toEqual({ status: 'episode', episode });
  });
});

describe('the toolbar of a tab that has left its episode', () => {
  beforeEach(() => background.main());

  it('is not repainted when a request moves on: it keeps the look the browser reset it to', async () => {
    await report({ type: 'episode-detected', episode }, 4);
    await vi.waitFor(async () => expect((await look(4)).badge).toBe('●'));
    await report({ type: 'episode-detected', episode }, 5);
    await vi.waitFor(async () => expect((await look(5)).badge).toBe('●'));
    await loadAnotherDocument(4);
    await updateHistory((records) => void (records[KEY] = record));
    // The tab still on the episode shows the request; the one that left does not.
    await vi.waitFor(async () => expect((await look(5)).badge).toBe('…'));
    expect(await look(4)).toEqual({ badge: '', title: IDLE_TITLE });
  });

  it('gets its badge back when the page reloads and reports the same episode (storage sees no change)', async () => {
    await report({ type: 'episode-detected', episode }, 6);
    await vi.waitFor(async () => expect((await look(6)).badge).toBe('●'));
    await loadAnotherDocument(6, { type: 'episode-detected', episode });
    await report({ type: 'episode-detected', episode }, 6);
    expect((await look(6)).badge).toBe('●');
  });

  it('no longer shows a link right-clicked on the page before; the same page reporting again keeps it', async () => {
    await report({ type: 'episode-detected', episode }, 7);
    // The page is shown as an episode before the user right-clicks a link on it.
    await vi.waitFor(async () => expect((await look(7)).badge).toBe('●'));
    await linkRequests.set(7, { status: 'failed', message: 'The link is not an episode.' });
    await vi.waitFor(async () => expect((await look(7)).badge).toBe('!'));
    // The same page again (an injection on demand): the link stays.
    await report({ type: 'episode-detected', episode }, 7);
    expect(await linkRequests.get(7)).toBeDefined();
    await loadAnotherDocument(7, { type: 'episode-detected', episode });
    await report({ type: 'episode-detected', episode }, 7);
    expect(await linkRequests.get(7)).toBeUndefined();
    expect((await look(7)).badge).toBe('●');
  });

  it('is not where the shortcut requests the episode it used to show', async () => {
    const created = vi.spyOn(fakeBrowser.notifications, 'create');
    await report({ type: 'episode-detected', episode }, 8);
    await loadAnotherDocument(8);
    surface.press('request-transcript', { id: 8 });
    await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(1));
    expect((created.mock.calls[0]![1] as unknown as { title: string }).title).toBe('No transcript requested');
    expect(stenobird.callsTo('POST', /\/transcription-requests$/)).toEqual([]);
  });
});

describe('the content script', () => {
  type Listener = (question: unknown, sender: unknown, answer: (report: unknown) => void) => boolean | undefined;
  let sent: ContentMessage[];
  let listeners: Listener[];
  let deliver: () => void;

  /** Runs the content script on a page, with the browser's own `runtime` (what it uses in a page). */
  async function runOn(fixture: string, url: string): Promise<unknown> {
    (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
    document.documentElement.innerHTML = loadFixture(fixture).documentElement.innerHTML;
    const script = (await import('@/entrypoints/episode-detector')).default as unknown as { main(): unknown };
    return script.main();
  }
  const ask = (): Promise<unknown> =>
    new Promise((resolve) => {
      const kept = listeners.map((listener) => listener({ type: 'current-report' }, {}, resolve));
      if (!kept.includes(true)) resolve(undefined);
    });

  beforeEach(() => {
    vi.resetModules();
    delete (globalThis as { stenobirdPage?: unknown }).stenobirdPage;
    sent = [];
    listeners = [];
    let delivered!: () => void;
    const gate = new Promise<void>((resolve) => (delivered = resolve));
    deliver = delivered;
    vi.stubGlobal('browser', {
      runtime: {
        sendMessage: async (message: ContentMessage) => {
          sent.push(message);
          await gate;
        },
        onMessage: { addListener: (listener: Listener) => listeners.push(listener) },
      },
    });
  });

  it('tells the background nothing on a page that is not an episode, and says what it found when asked', async () => {
    await runOn('fireside/hosts.html', 'https://linuxunplugged.fireside.fm/hosts');
    expect(sent).toEqual([]);
    expect(await ask()).toMatchObject({ type: 'no-episode' });
  });

  it('reports an episode, and answers only once the background has it', async () => {
    const done = runOn('stenobird/episode-rustler.html', PAGE);
    await vi.waitFor(() => expect(sent).toMatchObject([{ type: 'episode-detected', episode: { title: episode.title } }]));
    let answered: unknown;
    const answer = ask().then((value) => (answered = value));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(answered).toBeUndefined();
    deliver();
    expect(await answer).toMatchObject({ type: 'episode-detected', episode: { title: episode.title } });
    expect(await done).toBe(true);
  });
});
