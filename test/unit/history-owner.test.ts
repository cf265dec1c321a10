import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { RequestRecord } from '@/utils/requests';
import { historyRecord, storedHistory, storeHistory, writesHistory } from './history-record';

/**
 * Issue 13, finding 6: the options page's "Clear" and the background both rewrite the request
 * history. Each page is a JavaScript realm of its own, so a queue in a module serialises only
 * its own realm's writes. Here the options page is loaded as a second copy of the modules (its
 * own realm, as in the browser), and its Clear interleaves with a write the background is in
 * the middle of: both the new record and the clear must survive.
 */

const OPTIONS_HTML = readFileSync(resolve(import.meta.dirname, '../../entrypoints/options/index.html'), 'utf8');
const optionsSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html'), tab: { id: 3 } as never, frameId: 0 });
const contentSender = () => ({ id: fakeBrowser.runtime.id, url: 'https://smartlogic.fireside.fm/1', tab: { id: 9 } as never, frameId: 0 });


const storedKeys = async () => Object.keys(await storedHistory()).sort();

/** Messages an extension page sends reach the background with that page as their sender. */
function routeMessagesFrom(sender: () => object) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
    const answers = await fakeBrowser.runtime.onMessage.trigger(message, sender() as never, () => {});
    return answers.find((a) => a !== undefined);
  }) as never);
}

/** The background in its own realm: its modules, its listeners. */
async function startBackground() {
  vi.resetModules();
  (await import('@/entrypoints/background/index')).default.main();
  return import('@/utils/requests/history-writer');
}

/** The options page in its own realm, on its own document. */
async function openOptionsPage(): Promise<void> {
  vi.resetModules();
  document.documentElement.innerHTML = new DOMParser().parseFromString(OPTIONS_HTML, 'text/html').documentElement.innerHTML;
  await import('@/entrypoints/options/main');
  await vi.waitFor(() => expect(document.getElementById('options')?.getAttribute('aria-busy')).toBeNull());
}

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('one owner for the request history (finding 6)', () => {
  it('a background write and the options page’s Clear interleave: the new record survives and the ended one is cleared', async () => {
    await storeHistory({ ended: historyRecord('ended', 'available', 1) });
    const background = await startBackground();
    routeMessagesFrom(optionsSender);
    await openOptionsPage();
    const clear = document.getElementById('clear-history')!;
    expect(clear.hidden).toBe(false);

    // Hold the background's next history write until the Clear has started, wherever it runs.
    const local = fakeBrowser.storage.local;
    const set = local.set.bind(local);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let held = false;
    vi.spyOn(local, 'set').mockImplementation((async (items: Record<string, unknown>) => {
      if (!held && writesHistory(items)) {
        held = true;
        await released;
      }
      return set(items);
    }) as never);

    const write = background.updateHistory(['fresh'], (records) => {
      records.fresh = historyRecord('fresh', 'following', 2);
    });
    await vi.waitFor(() => expect(held).toBe(true));
    clear.click();
    // Let the click's handler run as far as it can (a read of its own, or its message out).
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
    release();
    await write;

    await vi.waitFor(() => expect(document.getElementById('history-status')?.textContent).toBe('History cleared.'));
    expect(await storedKeys()).toEqual(['fresh']);
  });

  it('the background clears only for its own pages: a content script cannot clear the history', async () => {
    await storeHistory({ ended: historyRecord('ended', 'failed', 1) });
    await startBackground();
    const answers = await fakeBrowser.runtime.onMessage.trigger({ type: 'clear-ended-requests' }, contentSender() as never, () => {});
    expect(answers.filter((a) => a !== undefined)).toEqual([]);
    expect(await storedKeys()).toEqual(['ended']);
  });
});
