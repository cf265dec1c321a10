import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { commit } from '@/utils/requests/commit';
import { FOLLOW_UP_ALARM } from '@/utils/requests/schedule';
import { historyRecord, storeHistory } from './history-record';

/**
 * `commit` sets the follow-up alarm from the due times its write stored, and only when that
 * write changed them: a change that moves no due time (a title, a "told" mark) leaves the alarm
 * the user's followed requests rely on exactly where it was, without asking for it again.
 */

const T0 = Date.UTC(2026, 2, 1, 12);
const settings = { notifications: false };

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ now: T0, toFake: ['Date'] });
});

describe('the follow-up alarm after a commit', () => {
  it('is set for a record that becomes due, and moved when its due time moves', async () => {
    await storeHistory({});
    await commit('p/a', () => ({ ...historyRecord('p/a', 'following', T0), nextCheckAt: T0 + 60_000 }), { settings });
    expect((await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))?.scheduledTime).toBe(T0 + 60_000);
    await commit('p/a', (current) => current && { ...current, nextCheckAt: T0 + 120_000 }, { settings });
    expect((await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))?.scheduledTime).toBe(T0 + 120_000);
  });

  it('is left alone by a change that moves no due time', async () => {
    await storeHistory({});
    await commit('p/a', () => ({ ...historyRecord('p/a', 'following', T0), nextCheckAt: T0 + 60_000 }), { settings });
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    const get = vi.spyOn(fakeBrowser.alarms, 'get');
    const clear = vi.spyOn(fakeBrowser.alarms, 'clear');
    const { next } = await commit('p/a', (current) => current && { ...current, title: 'A better title' }, { settings });
    expect(next?.title).toBe('A better title');
    expect([create.mock.calls, get.mock.calls, clear.mock.calls]).toEqual([[], [], []]);
    vi.restoreAllMocks();
    expect((await fakeBrowser.alarms.get(FOLLOW_UP_ALARM))?.scheduledTime).toBe(T0 + 60_000);
  });

  it('is cleared once the last followed record ends', async () => {
    await storeHistory({});
    await commit('p/a', () => ({ ...historyRecord('p/a', 'following', T0), nextCheckAt: T0 + 60_000 }), { settings });
    expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toBeDefined();
    await commit('p/a', (current) => current && { ...current, phase: 'available', nextCheckAt: undefined }, { settings });
    expect(await fakeBrowser.alarms.get(FOLLOW_UP_ALARM)).toBeUndefined();
  });
});
