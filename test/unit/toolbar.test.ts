import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { applyToolbar, registerToolbar } from '@/utils/toolbar/paint';
import type { Episode } from '@/utils/episode';
import type { RequestRecord } from '@/utils/requests';
import { updateHistory } from '@/utils/requests/history-writer';
import { linkRequests, tabReports } from '@/utils/storage';
import { installBrowserSurface, type BrowserSurface } from './fake-browser-surface';

/**
 * The toolbar button per tab, through `action` on Chrome and `browserAction` on Firefox (this
 * file runs for both builds), repainted from storage alone.
 */

const episode: Episode = { source: 'stenobird', pageUrl: 'https://stenobird.com/podcast/p/e', title: 'An episode' };
const record: RequestRecord = {
  key: 'p/e', kind: 'catalogue', source: 'stenobird', pageUrl: episode.pageUrl, title: 'An episode', podcastSlug: 'p', episodeSlug: 'e',
  phase: 'following', state: 'queued', requestedAt: 0, updatedAt: 0, attempts: 0,
};

let surface: BrowserSurface;
beforeEach(() => {
  fakeBrowser.reset();
  surface = installBrowserSurface();
});

const look = async (tabId: number) => ({
  badge: await surface.toolbar.getBadgeText({ tabId }),
  title: await surface.toolbar.getTitle({ tabId }),
  icon: surface.icons.get(tabId),
});

describe(`the toolbar button (${import.meta.env.BROWSER})`, () => {
  it('marks a tab that shows an episode, with the coloured icon', async () => {
    await tabReports.set(1, { status: 'episode', episode });
    await applyToolbar(1);
    expect(await look(1)).toEqual({ badge: '●', title: 'Stenobird Companion: episode found — An episode', icon: { 16: '/icon/16.png', 32: '/icon/32.png' } });
  });

  it('repaints by itself when a tab’s report or the requests change', async () => {
    registerToolbar();
    await tabReports.set(2, { status: 'episode', episode });
    await vi.waitFor(async () => expect((await look(2)).badge).toBe('●'));
    await updateHistory((records) => void (records[record.key] = record));
    await vi.waitFor(async () => expect((await look(2)).badge).toBe('…'));
  });

  it('shows a link right-clicked on the tab: reading it, then its request as it goes on', async () => {
    registerToolbar();
    await tabReports.set(3, { status: 'not-episode', reason: 'a forum' });
    await linkRequests.set(3, { status: 'working', at: Date.now() });
    await vi.waitFor(async () => expect(await look(3)).toMatchObject({ badge: '…', title: 'Stenobird Companion: reading the linked episode…' }));
    await updateHistory((records) => void (records[record.key] = record));
    await linkRequests.set(3, { status: 'requested', key: record.key, title: record.title });
    await vi.waitFor(async () => expect((await look(3)).title).toBe('Stenobird Companion: transcript requested for the linked episode — An episode'));
    await updateHistory((records) => void (records[record.key] = { ...record, phase: 'available', transcriptUrl: 'https://stenobird.com/t' }));
    await vi.waitFor(async () => expect(await look(3)).toMatchObject({ badge: '✓', title: 'Stenobird Companion: transcript available for the linked episode — An episode' }));
  });

  it('forgets a "reading" left behind by a stopped worker after two minutes: the tab’s own look returns', async () => {
    await linkRequests.set(4, { status: 'working', at: Date.now() - 2 * 60_000 + 5_000 });
    await applyToolbar(4);
    expect((await look(4)).title).toBe('Stenobird Companion: reading the linked episode…');
    await linkRequests.set(4, { status: 'working', at: Date.now() - 2 * 60_000 - 1 });
    await applyToolbar(4);
    expect(await look(4)).toEqual({ badge: '', title: 'Stenobird Companion: no episode detected on this page', icon: { 16: '/icon-inactive/16.png', 32: '/icon-inactive/32.png' } });
  });
});
