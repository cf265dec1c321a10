import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import type { Episode } from '@/utils/episode';
import { requestHistory, tabReports } from '@/utils/storage';
import { installBrowserSurface, type BrowserSurface } from './fake-browser-surface';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { fakeStenobird } from './fake-stenobird';

/** The keyboard shortcut, pressed as the browser reports it, for both builds. */

const KEY = 'elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const episode: Episode = {
  source: 'fireside',
  pageUrl: 'https://podcast.smartlogic.io/s14-e05-rustler-bridging-elixir-rust',
  title: TITLE,
  showName: 'Elixir Wizards',
};
const POST = /\/transcription-requests$/;
/** The command as the manifest names it (wxt.config.ts), so the browser sends it so. */
const COMMAND_REQUEST = 'request-transcript';

let stenobird: ReturnType<typeof fakeStenobird>;
let surface: BrowserSurface;
let sites: FakeSiteApis;
let created: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  fakeBrowser.reset();
  stenobird = fakeStenobird();
  stenobird.add(KEY, { title: TITLE });
  vi.stubGlobal('fetch', stenobird.fetch);
  surface = installBrowserSurface();
  sites = installFakeSiteApis();
  created = vi.spyOn(fakeBrowser.notifications, 'create');
  background.main();
});
afterEach(() => {
  created.mockRestore();
  vi.unstubAllGlobals();
});

const notified = async () => {
  // Up to the client's retries (0.5 s + 1 s) when Stenobird cannot be reached.
  await vi.waitFor(() => expect(created).toHaveBeenCalledTimes(1), { timeout: 5_000 });
  return (created.mock.calls[0]![1] as { title: string }).title;
};

describe('the "request transcript" shortcut', () => {
  it('requests the episode of the tab it was pressed in: one request, the badge, a notification', async () => {
    await tabReports.set(3, { status: 'episode', episode });
    surface.press(COMMAND_REQUEST, { id: 3 });
    expect(await notified()).toBe('Transcript requested');
    expect(stenobird.callsTo('POST', POST)).toHaveLength(1);
    expect(await requestHistory.get(KEY)).toMatchObject({ phase: 'following', pageUrl: episode.pageUrl });
    await vi.waitFor(async () => expect(await surface.toolbar.getBadgeText({ tabId: 3 })).toBe('…'));
  });

  it('without a tab from the browser, acts on the active tab', async () => {
    const window = await fakeBrowser.windows.create({ focused: true });
    await fakeBrowser.tabs.create({ url: 'https://example.org/', active: true });
    const tab = await fakeBrowser.tabs.create({ url: episode.pageUrl, active: true, windowId: window!.id });
    await tabReports.set(tab.id!, { status: 'episode', episode });
    surface.press(COMMAND_REQUEST);
    expect(await notified()).toBe('Transcript requested');
    expect(stenobird.callsTo('POST', POST)).toHaveLength(1);
  });

  it('on a page nothing read yet: reads it on demand (the key press grants activeTab), then requests', async () => {
    sites.inject = async (tabId) => tabReports.set(tabId, { status: 'episode', episode });
    surface.press(COMMAND_REQUEST, { id: 4 });
    expect(await notified()).toBe('Transcript requested');
    expect(stenobird.callsTo('POST', POST)).toHaveLength(1);
  });

  it('on a page that is not an episode: says so, requests nothing', async () => {
    await tabReports.set(4, { status: 'not-episode', reason: 'no audio' });
    surface.press(COMMAND_REQUEST, { id: 4 });
    expect(await notified()).toBe('No transcript requested');
    expect(stenobird.calls).toEqual([]);
  });

  it('offline: the request is kept to be sent later, and the notification says so', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await tabReports.set(3, { status: 'episode', episode: { ...episode, stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' } } });
    surface.press(COMMAND_REQUEST, { id: 3 });
    expect(await notified()).toBe('Transcript request not sent yet');
    expect(await requestHistory.get(KEY)).toMatchObject({ phase: 'unsent', lastError: { kind: 'offline' } });
    await vi.waitFor(async () => expect(await surface.toolbar.getBadgeText({ tabId: 3 })).toBe('!'));
  }, 10_000);

  it('ignores commands that are not its own', async () => {
    await tabReports.set(3, { status: 'episode', episode });
    // Resolves once whatever the listener started has ended: a request would have been sent and told by then.
    await surface.press('something-else', { id: 3 });
    expect(stenobird.calls).toEqual([]);
    expect(created).not.toHaveBeenCalled();
    expect(await requestHistory.all()).toEqual({});
  });
});
