import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as storage from '@/utils/storage-areas';

/**
 * The storage areas as the extension addresses them (`local:`/`session:` keys). What a user
 * would lose if this went wrong: a value read from, written to or removed from the wrong area
 * (a tab's report in `local` would outlive the browser, a request in `session` would not), a
 * history write split into several (a record without its index entry after a crash), a
 * listener fired for another value or for a write that changed nothing.
 */

beforeEach(() => fakeBrowser.reset());

describe('one value', () => {
  it('is stored under its name, in the area its key names, and read back from there alone', async () => {
    await storage.setItem('local:requestIndex', { a: 1 });
    await storage.setItem('session:tab:4', { status: 'not-episode', reason: 'x' });

    expect(await fakeBrowser.storage.local.get(null)).toEqual({ requestIndex: { a: 1 } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'tab:4': { status: 'not-episode', reason: 'x' } });
    expect(await storage.getItem('local:requestIndex')).toEqual({ a: 1 });
    expect(await storage.getItem('session:requestIndex')).toBeNull();
    expect(await storage.getItem('local:tab:4')).toBeNull();
  });

  it('reads as null when missing, keeps falsy values, and is removed by storing null or undefined', async () => {
    expect(await storage.getItem('local:missing')).toBeNull();
    await storage.setItem('local:zero', 0);
    await storage.setItem('local:empty', '');
    expect(await storage.getItem('local:zero')).toBe(0);
    expect(await storage.getItem('local:empty')).toBe('');

    await storage.setItem('local:zero', null);
    await storage.setItem('local:empty', undefined);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('is removed from its own area only', async () => {
    await fakeBrowser.storage.local.set({ 'tab:1': 'kept' });
    await fakeBrowser.storage.session.set({ 'tab:1': 'gone' });
    await storage.removeItem('session:tab:1');
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ 'tab:1': 'kept' });
  });
});

describe('several values', () => {
  it('are read in the order asked, null where missing, with one read per area', async () => {
    await fakeBrowser.storage.local.set({ 'request:a': 1, 'request:c': 3 });
    await fakeBrowser.storage.session.set({ 'tab:2': 'two' });
    const localGet = vi.spyOn(fakeBrowser.storage.local, 'get');
    const sessionGet = vi.spyOn(fakeBrowser.storage.session, 'get');

    const values = await storage.getItems(['local:request:c', 'session:tab:2', 'local:request:b', 'local:request:a']);

    expect(values).toEqual([
      { key: 'local:request:c', value: 3 },
      { key: 'session:tab:2', value: 'two' },
      { key: 'local:request:b', value: null },
      { key: 'local:request:a', value: 1 },
    ]);
    expect(localGet).toHaveBeenCalledTimes(1);
    expect(sessionGet).toHaveBeenCalledTimes(1);
  });

  it('are written in one set per area, so a record and its index entry land together', async () => {
    const localSet = vi.spyOn(fakeBrowser.storage.local, 'set');
    await storage.setItems([
      { key: 'local:request:a', value: { phase: 'requested' } },
      { key: 'local:requestIndex', value: { a: { phase: 'requested' } } },
      { key: 'session:link:3', value: { status: 'working', at: 1 } },
    ]);

    expect(localSet).toHaveBeenCalledTimes(1);
    expect(localSet).toHaveBeenCalledWith({ 'request:a': { phase: 'requested' }, requestIndex: { a: { phase: 'requested' } } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'link:3': { status: 'working', at: 1 } });
  });

  it('are removed together, each from its area', async () => {
    await fakeBrowser.storage.local.set({ 'request:a': 1, 'request:b': 2, 'request:c': 3 });
    await fakeBrowser.storage.session.set({ 'tab:9': 9 });
    await storage.removeItems(['local:request:a', 'session:tab:9', 'local:request:c']);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ 'request:b': 2 });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});

describe('watching a value', () => {
  it('tells each change of that value in that area, null once removed, until unwatched', async () => {
    const seen: unknown[] = [];
    const unwatch = storage.watch('local:alwaysDetectSites', (value) => seen.push(value));

    await storage.setItem('local:alwaysDetectSites', ['https://a.example']);
    await storage.setItem('local:other', 'not this one');
    await storage.setItem('session:alwaysDetectSites', ['not this area']);
    await storage.setItem('local:alwaysDetectSites', ['https://a.example']); // the same value again
    await storage.setItem('local:alwaysDetectSites', ['https://a.example', 'https://b.example']);
    await storage.removeItem('local:alwaysDetectSites');
    unwatch();
    await storage.setItem('local:alwaysDetectSites', ['after']);

    expect(seen).toEqual([['https://a.example'], ['https://a.example', 'https://b.example'], null]);
  });
});
