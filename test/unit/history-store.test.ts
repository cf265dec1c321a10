import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import { migrateHistory, updateHistory } from '@/utils/requests/history-writer';
import { FOLLOW_UP_ALARM } from '@/utils/requests/schedule';
import { registerToolbar, showsOwnLook } from '@/utils/toolbar/paint';
import type { Episode } from '@/utils/episode';
import { jobKey, type RequestRecord } from '@/utils/requests';
import { HISTORY_LAYOUT, linkRequests, requestHistory, RESOLUTION_LAYOUT, resolutions, tabReports } from '@/utils/storage';
import { tabsShowing } from '@/utils/tab-state';
import { historyRecord, storedHistory, storeHistory, writesHistory } from './history-record';

/**
 * Issue 11: the request history kept a record per key, with an index, so that what a read or a
 * write costs does not grow with the history. What a user would notice if it went wrong: a
 * record lost in the move from the old layout, the cap forgetting the wrong request, two writes
 * overwriting each other, a badge not following its request, the options page losing its place.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const local = () => fakeBrowser.storage.local;
const raw = async (name: string) => (await local().get(name))[name];

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('the move from one value to a key per record (first start after the update)', () => {
  it('moves every readable record under its own key, lists it in the index, and removes the old value', async () => {
    const records: Record<string, unknown> = {};
    for (let i = 0; i < 150; i++) records[`show/e${i}`] = historyRecord(`show/e${i}`, i % 3 ? 'available' : 'following', T0 - i);
    records['stored-here'] = historyRecord('says-elsewhere', 'failed', T0 - 500);
    records.damaged = { key: 'damaged', phase: 'exploded' };
    await local().set({ [HISTORY_LAYOUT.legacy]: records });

    background.main();
    // The background's own reads wait for the move: nothing is missing when they come.
    expect(Object.keys(await requestHistory.all())).toHaveLength(151);

    expect(await raw(HISTORY_LAYOUT.legacy)).toBeUndefined();
    const stored = await storedHistory();
    expect(Object.keys(stored).sort()).toEqual(Object.keys(records).filter((k) => k !== 'damaged').sort());
    // Each as it was (repaired as every read repairs it: a catalogue key gives its slugs).
    for (let i = 0; i < 150; i++) expect(stored[`show/e${i}`]).toEqual({ ...(records[`show/e${i}`] as object), podcastSlug: 'show', episodeSlug: `e${i}` });
    // Stored under the name it was kept by, which is its key from now on.
    expect(stored['stored-here']).toMatchObject({ key: 'stored-here', phase: 'failed' });
    expect(await requestHistory.get('show/e7')).toEqual(stored['show/e7']);
  });

  it('carries on following what was being followed: the alarm is set from the moved records', async () => {
    const followed = { ...historyRecord('p/e', 'following', T0 - 1000), nextCheckAt: T0 + 60_000 };
    await local().set({ [HISTORY_LAYOUT.legacy]: { 'p/e': followed } });
    background.main();
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))?.scheduledTime).toBe(T0 + 60_000));
  });

  it('keeps the cap: more than 200 old records move as the 200 that the cap keeps', async () => {
    const records: Record<string, RequestRecord> = {};
    for (let i = 0; i < 205; i++) records[`p/e${i}`] = historyRecord(`p/e${i}`, 'available', T0 + i);
    await storeHistory(records);
    const stored = await storedHistory();
    expect(Object.keys(stored)).toHaveLength(200);
    expect(['p/e0', 'p/e1', 'p/e2', 'p/e3', 'p/e4'].filter((k) => k in stored)).toEqual([]);
    expect(await raw(`${HISTORY_LAYOUT.recordPrefix}p/e0`)).toBeUndefined();
  });

  it('a move cut short and written to since: the newer record stays, the rest of the old value still moves', async () => {
    await updateHistory(['p/a'], (records) => void (records['p/a'] = historyRecord('p/a', 'available', T0)));
    await local().set({ [HISTORY_LAYOUT.legacy]: { 'p/a': historyRecord('p/a', 'following', 1), 'p/b': historyRecord('p/b', 'failed', 2) } });
    await migrateHistory();
    expect(await requestHistory.get('p/a')).toMatchObject({ phase: 'available', updatedAt: T0 });
    expect(await requestHistory.get('p/b')).toMatchObject({ phase: 'failed' });
    expect(Object.keys(await requestHistory.index()).sort()).toEqual(['p/a', 'p/b']);
  });

  it('records the layout version with the index, and a second start moves nothing again', async () => {
    await storeHistory({ 'p/e': historyRecord('p/e', 'available', 1) });
    expect(await raw(`${HISTORY_LAYOUT.index}$`)).toEqual({ v: HISTORY_LAYOUT.version });
    const set = vi.spyOn(local(), 'set');
    await migrateHistory();
    expect(set).not.toHaveBeenCalled();
  });
});

describe('reading and writing one record', () => {
  beforeEach(async () => {
    const records: Record<string, RequestRecord> = {};
    for (let i = 0; i < 200; i++) records[`p/e${i}`] = historyRecord(`p/e${i}`, i < 20 ? 'following' : 'available', T0 - 1000 + i);
    await storeHistory(records);
  });

  it('reads one record by asking storage for that record alone', async () => {
    const get = vi.spyOn(local(), 'get');
    expect(await requestHistory.get('p/e42')).toMatchObject({ key: 'p/e42' });
    expect(get.mock.calls.map(([keys]) => keys)).toEqual([`${HISTORY_LAYOUT.recordPrefix}p/e42`]);
  });

  it('a damaged record reads as nothing, alone; one stored under another key reads by the key it is stored under', async () => {
    await local().set({ [`${HISTORY_LAYOUT.recordPrefix}p/e3`]: { key: 'p/e3', phase: 'exploded' } });
    await local().set({ [`${HISTORY_LAYOUT.recordPrefix}p/e4`]: historyRecord('elsewhere', 'available', 1) });
    expect(await requestHistory.get('p/e3')).toBeUndefined();
    expect((await requestHistory.get('p/e4'))!.key).toBe('p/e4');
    expect(Object.keys(await requestHistory.all())).toHaveLength(199);
  });

  it('a write of one record stores that record and the index, nothing else', async () => {
    const set = vi.spyOn(local(), 'set');
    await updateHistory(['p/e5'], (records) => void (records['p/e5']!.phase = 'available'));
    const names = set.mock.calls.flatMap(([items]) => Object.keys(items as object));
    expect(names.filter((name) => name.startsWith(HISTORY_LAYOUT.recordPrefix))).toEqual([`${HISTORY_LAYOUT.recordPrefix}p/e5`]);
    expect((await requestHistory.index())['p/e5']).toMatchObject({ phase: 'available' });
  });

  it('one more than 200: the oldest ended request leaves storage, its key included; the followed ones stay', async () => {
    await updateHistory(['new/one'], (records) => void (records['new/one'] = historyRecord('new/one', 'following', T0)));
    const index = await requestHistory.index();
    expect(Object.keys(index)).toHaveLength(200);
    expect(index['p/e20']).toBeUndefined();
    expect(await raw(`${HISTORY_LAYOUT.recordPrefix}p/e20`)).toBeUndefined();
    expect(Object.keys(index).filter((k) => index[k]!.phase === 'following')).toHaveLength(21);
  });

  it('a change that touches a record it did not name throws, and nothing is written', async () => {
    const set = vi.spyOn(local(), 'set');
    await expect(updateHistory(['p/e1'], (records) => void (records['p/e2'] = historyRecord('p/e2', 'failed', 1)))).rejects.toThrow(/did not name/);
    expect(set.mock.calls.filter(([items]) => writesHistory(items as Record<string, unknown>))).toEqual([]);
    expect(await requestHistory.get('p/e2')).toMatchObject({ phase: 'following' });
  });

  it('writes to different records at once all land: the index they share keeps every one', async () => {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => updateHistory([`new/${i}`], (records) => void (records[`new/${i}`] = historyRecord(`new/${i}`, 'following', T0 + i)))),
    );
    const index = await requestHistory.index();
    expect([0, 1, 2, 3, 4].map((i) => index[`new/${i}`]?.phase)).toEqual(Array(5).fill('following'));
    expect(Object.keys(await requestHistory.getMany([0, 1, 2, 3, 4].map((i) => `new/${i}`)))).toHaveLength(5);
  });
});

describe('the toolbar after a history write: only the tabs that show the changed record', () => {
  const onStenobird = (slug: string): Episode => ({ source: 'stenobird', pageUrl: `https://stenobird.com/podcast/p/${slug}`, title: slug });
  const AUDIO = 'https://aphid.fireside.fm/d/1/a.mp3';
  const FIRESIDE = 'https://show.fireside.fm/12';

  async function openTabs(): Promise<void> {
    await tabReports.set(1, { status: 'episode', episode: onStenobird('e') });
    await tabReports.set(2, { status: 'episode', episode: onStenobird('other') });
    await tabReports.set(3, { status: 'not-episode', reason: 'a forum' });
    // A link right-clicked there: read (painted as working), then requested.
    await linkRequests.set(3, { status: 'working', at: T0 });
    await linkRequests.set(3, { status: 'requested', key: 'p/e', title: 'e' });
    await tabReports.set(4, { status: 'episode', episode: { source: 'fireside', pageUrl: FIRESIDE, title: 'Twelve', audioUrl: AUDIO } });
    await resolutions.put(FIRESIDE, { ref: { podcastSlug: 'p', episodeSlug: 'twelve' }, checkedAt: T0, expiresAt: T0 + 3600_000 });
  }

  it('finds the tabs whose look involves a key: its episode (stated or looked up), its page, its audio, a link on it', async () => {
    await openTabs();
    expect((await tabsShowing(new Set(['p/e']))).sort()).toEqual([1, 3]);
    expect(await tabsShowing(new Set(['p/twelve']))).toEqual([4]);
    expect(await tabsShowing(new Set([jobKey(AUDIO)]))).toEqual([4]);
    expect(await tabsShowing(new Set([`page:${FIRESIDE}`]))).toEqual([4]);
    expect(await tabsShowing(new Set(['q/unrelated', jobKey('https://x.example/b.mp3')]))).toEqual([]);
  });

  it('a write repaints the tabs showing its record and leaves the others alone', async () => {
    // The tabs are painted as their pages report (each then has a look of its own), as in use.
    registerToolbar();
    await openTabs();
    await vi.waitFor(async () => expect(await Promise.all([1, 2, 3, 4].map(showsOwnLook))).toEqual([true, true, true, true]));
    const toolbar = ((fakeBrowser as unknown as Record<string, unknown>).action ?? (fakeBrowser as unknown as Record<string, unknown>).browserAction) as {
      setBadgeText(details: { tabId: number; text: string }): Promise<void>;
    };
    const setBadgeText = toolbar.setBadgeText.bind(toolbar);
    const painted: number[] = [];
    vi.spyOn(toolbar, 'setBadgeText').mockImplementation(async (details) => {
      painted.push(details.tabId);
      return setBadgeText(details);
    });

    await updateHistory(['p/e'], (records) => void (records['p/e'] = { ...historyRecord('p/e', 'following', T0), podcastSlug: 'p', episodeSlug: 'e' } as RequestRecord));
    await vi.waitFor(() => expect([...new Set(painted)].sort()).toEqual([1, 3]));
    // Then a change to tab 4's audio job: once it is painted, every repaint the first write set off has had its turn.
    await updateHistory([jobKey(AUDIO)], (records) => void (records[jobKey(AUDIO)] = { ...historyRecord(jobKey(AUDIO), 'following', T0), kind: 'job', job: { audioUrl: AUDIO, idempotencyKey: 'k', requested: 'preview' } } as RequestRecord));
    await vi.waitFor(() => expect(painted).toContain(4));
    expect([...new Set(painted)].sort()).toEqual([1, 3, 4]);
  });
});

describe('the options page keeps its history current row by row', () => {
  const OPTIONS_HTML = readFileSync(resolve(import.meta.dirname, '../../entrypoints/options/index.html'), 'utf8');
  const titles = () => [...document.querySelectorAll('#history .history-title')].map((a) => a.textContent);
  const rowOf = (title: string) => [...document.querySelectorAll('#history li')].find((li) => li.querySelector('.history-title')?.textContent === title)!;

  beforeEach(async () => {
    vi.useRealTimers();
    await storeHistory({ 'p/a': historyRecord('p/a', 'following', 3), 'p/b': historyRecord('p/b', 'available', 2), 'p/c': historyRecord('p/c', 'failed', 1) });
    vi.resetModules();
    document.documentElement.innerHTML = new DOMParser().parseFromString(OPTIONS_HTML, 'text/html').documentElement.innerHTML;
    await import('@/entrypoints/options/main');
    await vi.waitFor(() => expect(document.getElementById('options')?.getAttribute('aria-busy')).toBeNull());
  });

  it('redraws only the row of the request that moved on; adds a new one on top; removes one that goes', async () => {
    expect(titles()).toEqual(['p/a', 'p/b', 'p/c']);
    const [b, c] = [rowOf('p/b'), rowOf('p/c')];

    await updateHistory(['p/a'], (records) => void (records['p/a'] = { ...records['p/a']!, phase: 'available', transcriptUrl: 'https://stenobird.com/t/a' } as RequestRecord));
    await vi.waitFor(() => expect(rowOf('p/a').querySelector('.history-status')?.textContent).toBe('Transcript available'));
    expect(rowOf('p/b')).toBe(b);
    expect(rowOf('p/c')).toBe(c);

    await updateHistory(['p/new'], (records) => void (records['p/new'] = historyRecord('p/new', 'following', 9)));
    await vi.waitFor(() => expect(titles()).toEqual(['p/new', 'p/a', 'p/b', 'p/c']));
    expect(rowOf('p/b')).toBe(b);

    await updateHistory(['p/b'], (records) => void delete records['p/b']);
    await vi.waitFor(() => expect(titles()).toEqual(['p/new', 'p/a', 'p/c']));
    expect(rowOf('p/c')).toBe(c);
  });

  it('an emptied history says so, and hides "Clear"', async () => {
    await updateHistory(['p/a', 'p/b', 'p/c'], (records) => {
      for (const key of ['p/a', 'p/b', 'p/c']) delete records[key];
    });
    await vi.waitFor(() => expect(document.querySelector('#history .empty-note')?.textContent).toBe('No transcripts requested yet.'));
    expect(document.getElementById('clear-history')!.hidden).toBe(true);
  });
});

describe('the catalogue look-ups, a key per page', () => {
  const answer = (i: number, expiresAt = T0 + 3600_000) => ({ ref: { podcastSlug: 'p', episodeSlug: `e${i}` }, checkedAt: T0 - i, expiresAt });

  it('move from one value at the first start: unexpired ones stay, each read by itself', async () => {
    await local().set({ resolutions: { 'https://a.fireside.fm/1': answer(1), 'https://a.fireside.fm/2': answer(2, T0 - 1), 'https://a.fireside.fm/3': { ref: 'bad' } } });
    background.main();
    await vi.waitFor(async () => expect(await raw('resolutions')).toBeUndefined());
    expect(await resolutions.get('https://a.fireside.fm/1', T0)).toEqual(answer(1));
    expect(await resolutions.get('https://a.fireside.fm/2', T0)).toBeUndefined();
    const get = vi.spyOn(local(), 'get');
    await resolutions.get('https://a.fireside.fm/1', T0);
    expect(get.mock.calls.map(([keys]) => keys)).toEqual([['resolution:https://a.fireside.fm/1']]);
  });

  const page = (i: number) => `https://a.fireside.fm/${i}`;
  const storedLookUps = async () => Object.keys(await local().get(null)).filter((name) => name.startsWith(RESOLUTION_LAYOUT.prefix)).length;

  it('keep the newest 500, taking new ones in 20 at a time: the 20th past the cap pushes out the 20 oldest, keys and all', async () => {
    for (let i = 0; i < 519; i++) await resolutions.put(page(i), { ...answer(0), checkedAt: T0 + i });
    // 19 waiting to be taken in: kept beside the 500, none dropped yet.
    expect(await storedLookUps()).toBe(519);
    expect(await resolutions.get(page(0), T0)).toBeDefined();

    await resolutions.put(page(519), { ...answer(0), checkedAt: T0 + 519 });
    expect(await storedLookUps()).toBe(500);
    for (const i of [0, 19]) {
      expect(await resolutions.get(page(i), T0)).toBeUndefined();
      expect(await raw(`resolution:${page(i)}`)).toBeUndefined();
    }
    for (const i of [20, 518, 519]) expect(await resolutions.get(page(i), T0)).toBeDefined();
  });

  it('a new look-up with 500 kept writes its answer and the short list of new ones, in one write, not the index of 500', async () => {
    for (let i = 0; i < 500; i++) await resolutions.put(page(i), { ...answer(0), checkedAt: T0 + i });
    const set = vi.spyOn(local(), 'set');
    await resolutions.put(page(500), { ...answer(0), checkedAt: T0 + 500 });
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0]).sort()).toEqual([`resolution:${page(500)}`, RESOLUTION_LAYOUT.added]);
    expect(await resolutions.get(page(500), T0)).toEqual({ ...answer(0), checkedAt: T0 + 500 });
  });

  it('an answer read again for a page already kept updates it in place, and counts once', async () => {
    await resolutions.put(page(1), answer(1));
    await resolutions.put(page(1), { ...answer(1), expiresAt: T0 + 7200_000 });
    expect(await resolutions.get(page(1), T0)).toEqual({ ...answer(1), expiresAt: T0 + 7200_000 });
    expect(Object.keys((await raw(RESOLUTION_LAYOUT.added)) as object)).toEqual([page(1)]);
  });
});
