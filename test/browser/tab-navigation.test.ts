import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordNotifications, useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { popupParts } from './popup-page';

/**
 * A tab's episode follows the tab's page, though the extension listens to no tab events
 * (utils/tab-report.ts): pages that are not episodes tell the background nothing; a same-document
 * navigation (a `#t=` timestamp, `pushState`) keeps the page and its episode; loading another
 * document leaves the episode behind; a closed tab leaves nothing behind for long.
 *
 * What the background hears from pages is counted by a listener this file adds to it (a test
 * hook: the extension has none). A page's content script is known to have finished once it
 * answers the extension's question "what did you find?": it answers only after anything it
 * tells the background has arrived there.
 */
const OTHER_SITES = ['news.example', 'shop.example'];
const EPISODE = `${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`;
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const FIRESIDE_EPISODE = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
/** Fireside pages the content script runs on and finds no episode on (test/fixtures/corpus.json). */
const FIRESIDE_PAGES: Record<string, string> = {
  'https://linuxunplugged.fireside.fm/': 'show-home-subdomain.html',
  'https://linuxunplugged.fireside.fm/hosts': 'hosts.html',
  'https://smartlogic.fireside.fm/guests': 'guests.html',
  'https://share.fireside.fm/episode/IAs5ixts+SMPxxUmC': 'share-page.html',
  'https://app.fireside.fm/login': 'app-login.html',
};
const FIRESIDE_OTHER = Object.keys(FIRESIDE_PAGES);
const IDLE = { badge: '', title: 'Stenobird Companion: no episode detected on this page' };

const ext = useExtension({ extraHosts: OTHER_SITES });
const notifications = recordNotifications(ext);
const fixture = (file: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/fireside', file), 'utf8');
beforeEach(() => {
  for (const [url, file] of Object.entries(FIRESIDE_PAGES)) ext.server.setPage(url, fixture(file));
  ext.server.setPage(FIRESIDE_EPISODE, fixture('elixir-wizards-s14-e05.html'));
});

type Heard = { tabId?: number; type?: string };

/** From now on, counts every message the background receives from a page's content script. */
async function listenToPages(): Promise<void> {
  await ext.background(() => {
    const scope = globalThis as unknown as { heardFromPages?: Heard[] };
    if (!scope.heardFromPages) {
      const heard: Heard[] = (scope.heardFromPages = []);
      const ours = chrome.runtime.getURL('/');
      chrome.runtime.onMessage.addListener((message: unknown, sender) => {
        // A content script's messages come from its tab's web page (the popup may be in a tab too).
        if (sender.tab && !sender.url?.startsWith(ours)) heard.push({ tabId: sender.tab.id, type: (message as { type?: string } | null)?.type });
      });
    }
    scope.heardFromPages.length = 0;
  });
}
const heardFromPages = () => ext.background(() => [...(globalThis as unknown as { heardFromPages: Heard[] }).heardFromPages]);

/** What the content script on the tab's page answers when asked what it found; null: none answers. */
const pageAnswer = (tabId: number) =>
  ext.background(
    (id) =>
      chrome.tabs.sendMessage(id, { type: 'current-report' }, { frameId: 0 }).then(
        (answer: unknown) => answer ?? null,
        () => null,
      ),
    tabId,
  );

/** Until the content script on the tab's page has finished: it answers, or the background heard from it. */
async function contentScriptDone(tabId: number): Promise<void> {
  await expect
    .poll(async () => (await pageAnswer(tabId)) !== null || (await heardFromPages()).some((m) => m.tabId === tabId), { timeout: 15_000 })
    .toBe(true);
}

const toolbar = async (tabId: number) => ({ badge: await ext.badgeText(tabId), title: await ext.toolbarTitle(tabId) });
const stored = (tabId: number) =>
  ext.background(async (id) => {
    const all = await chrome.storage.session.get([`tab:${id}`, `link:${id}`]);
    return Object.keys(all).sort().reverse(); // tab: before link:
  }, tabId);

function serveOtherSites(): string[] {
  const pages = OTHER_SITES.flatMap((host) => [`https://${host}/`, `https://${host}/a-story-about-podcasts`]);
  for (const url of pages) ext.server.setPage(url, `<!doctype html><html lang="en"><title>${url}</title><p>Nothing about podcasts.</p></html>`);
  return pages;
}

describe('pages that are not episodes', () => {
  it('tell the background nothing: Fireside’s other pages (after a non-episode page) and other sites', async () => {
    const other = serveOtherSites();
    await listenToPages();
    const page = await ext.open(FIRESIDE_OTHER[0]!);
    const tabId = await ext.tabIdOf(page);
    await contentScriptDone(tabId);
    for (const [i, url] of FIRESIDE_OTHER.slice(1).entries()) {
      await page.goto(url);
      await contentScriptDone(tabId);
      await page.goto(other[i % other.length]!);
    }
    expect(await heardFromPages()).toEqual([]);
    expect(await toolbar(tabId)).toEqual(IDLE);

    // The same count hears an episode page's report.
    await page.goto(FIRESIDE_EPISODE);
    await ext.waitForReport(tabId);
    expect(await heardFromPages()).toEqual([{ tabId, type: 'episode-detected' }]);
  });
});

describe('a tab’s episode and its navigations', () => {
  it('stays through same-document navigations (#t=, pushState): stored report, badge and popup', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');
    // The browser tells tab listeners of both navigations (Chrome says "loading", then
    // "complete", for each): recorded here, so the checks below come after the extension
    // would have heard of them.
    await ext.background((id) => {
      const seen: string[] = ((globalThis as unknown as { tabUrls: string[] }).tabUrls = []);
      chrome.tabs.onUpdated.addListener((updated, change) => {
        if (updated === id && change.url) seen.push(change.url);
      });
    }, tabId);
    const urlsSeen = () => ext.background(() => (globalThis as unknown as { tabUrls: string[] }).tabUrls);

    await page.evaluate(() => void (location.hash = '#t=00:02:00'));
    await expect.poll(urlsSeen).toContainEqual(expect.stringMatching(/#t=00:02:00$/));
    await page.evaluate(() => history.pushState({}, '', '?from=player'));
    await expect.poll(urlsSeen).toContainEqual(expect.stringMatching(/\?from=player$/));

    expect(await stored(tabId)).toEqual([`tab:${tabId}`]);
    expect((await toolbar(tabId)).badge).toBe('●');
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupParts(popup).title.textContent()).toBe(TITLE);
  });

  it('is left behind when the tab loads a Fireside page that is not an episode: idle button, the popup says so, the shortcut requests nothing', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');
    await listenToPages();

    await page.goto(FIRESIDE_OTHER[1]!);
    await contentScriptDone(tabId);
    await expect.poll(() => toolbar(tabId)).toEqual(IDLE);
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupParts(popup).title.textContent()).toBe('This page is not a podcast episode.');
    expect(await popup.locator('main').textContent()).not.toContain(TITLE);
    await popup.close();

    await ext.pressShortcut(page, 'request-transcript');
    await expect.poll(notifications).toEqual([expect.objectContaining({ title: 'No transcript requested' })]);
    expect(ext.server.requestsTo('POST', /transcription-requests/)).toEqual([]);
    // All of that without the page telling the background anything.
    expect(await heardFromPages()).toEqual([]);
  });

  it('is left behind when the tab loads another site’s page: idle button, and neither the popup nor the shortcut uses it', async () => {
    const [news] = serveOtherSites();
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');

    await page.goto(news!);
    await expect.poll(() => toolbar(tabId)).toEqual(IDLE);
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupParts(popup).title.textContent()).toBe('This page is not a podcast episode.');
    expect(await popup.locator('main').textContent()).not.toContain(TITLE);
    await popup.close();
    await ext.pressShortcut(page, 'request-transcript');
    await expect.poll(notifications).toEqual([expect.objectContaining({ title: 'No transcript requested' })]);
    expect(ext.server.requestsTo('POST', /transcription-requests/)).toEqual([]);
  });

  it('comes back with the badge when the tab reloads the episode page', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');
    await listenToPages();
    await page.reload();
    // The reloaded page reports the same episode; the browser had reset the button.
    await expect.poll(async () => (await heardFromPages()).length).toBe(1);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');
  });
});

describe('closed tabs', () => {
  it('leave nothing stored once another page reports, for the popup or the menus to show', async () => {
    const [news] = serveOtherSites();
    ext.server.setPage(news!, `<!doctype html><html lang="en"><title>News</title><p><a href="${EPISODE}">A podcast episode</a></p></html>`);
    const episodeTab = await ext.open(FIRESIDE_EPISODE);
    const episodeId = await ext.tabIdOf(episodeTab);
    await ext.waitForReport(episodeId);
    // A link right-clicked on another tab shows on that tab's button (`link:<id>`).
    const linkTab = await ext.open(news!);
    const linkId = await ext.tabIdOf(linkTab);
    await ext.clickMenuItem(linkTab, 'request-transcript-link', { link: EPISODE });
    await expect.poll(notifications).toHaveLength(1);
    await expect.poll(async () => [...(await stored(episodeId)), ...(await stored(linkId))]).toEqual([`tab:${episodeId}`, `link:${linkId}`]);
    await episodeTab.close();
    await linkTab.close();

    const other = await ext.open(EPISODE);
    const otherId = await ext.tabIdOf(other);
    await ext.waitForReport(otherId);
    await expect.poll(async () => [...(await stored(episodeId)), ...(await stored(linkId))]).toEqual([]);
    expect(await stored(otherId)).toEqual([`tab:${otherId}`]);
    // Asked about a closed tab, the popup shows nothing it had.
    const popup = await ext.openPopup(episodeId);
    expect(await popup.locator('main').textContent()).not.toContain('Rustler');
  });
});
