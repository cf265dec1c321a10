import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import type { Episode } from '@/utils/episode';
import { getTabState } from '@/utils/tab-state';
import { installFakeSiteApis } from './fake-site-apis';
import { storedHistory } from './history-record';

const PAGE = 'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim';
const episode: Episode = {
  source: 'stenobird',
  pageUrl: PAGE,
  title: 'Set-Theoretic Types in Elixir with José Valim',
  showName: 'Elixir Wizards',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim' },
};
const fromContent = (url = PAGE, tabId = 7) => ({ id: fakeBrowser.runtime.id, tab: { id: tabId } as never, frameId: 0, url });
const fromPopup = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

async function send(message: unknown, sender: object): Promise<unknown> {
  const results = await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {});
  return results[0];
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.unstubAllGlobals();
  installFakeSiteApis();
  background.main();
});

describe('background messages', () => {
  it('keeps an episode a content script reports and describes it to the popup', async () => {
    await send({ type: 'episode-detected', episode }, fromContent());
    expect(await getTabState(7)).toEqual({
      status: 'episode',
      episode,
      request: undefined,
      // A Stenobird page states its catalogue slugs: known without a request. Its status in the
      // catalogue is not known yet (`stale`): the popup has it read.
      catalogue: { status: 'found', podcastSlug: 'elixir-wizards', episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim', transcriptUrl: undefined, stale: true },
    });
  });

  it('ignores messages from other extensions, sub-frames, and malformed payloads', async () => {
    await send({ type: 'episode-detected', episode }, { ...fromContent(), id: 'another-extension' });
    await send({ type: 'episode-detected', episode }, { ...fromContent(), frameId: 3 });
    await send({ type: 'episode-detected', episode: { ...episode, title: '' } }, fromContent());
    await send({ type: 'episode-detected', episode: { ...episode, pageUrl: 'javascript:alert(1)' } }, fromContent());
    expect(await getTabState(7)).toEqual({ status: 'unknown' });
  });

  it('refuses an episode a page reports for another site', async () => {
    await send({ type: 'episode-detected', episode }, fromContent('https://evil.example/podcast/a/b'));
    expect(await getTabState(7)).toEqual({ status: 'unknown' });
  });

  it('answers page requests only from the extension’s own pages', async () => {
    await send({ type: 'episode-detected', episode }, fromContent());
    expect(await send({ type: 'resolve-tab', tabId: 7 }, fromContent())).toBeUndefined();
    expect(await send({ type: 'resolve-tab', tabId: 7 }, fromPopup())).toMatchObject({ status: 'episode' });
  });

  it('sends one POST for requests made while one is in flight, and records the outcome', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = vi.fn(async () => {
      await gate;
      return new Response(JSON.stringify({ status: 'queued' }), { status: 202, headers: { 'content-type': 'application/json' } });
    });
    vi.stubGlobal('fetch', fetch);
    await send({ type: 'episode-detected', episode }, fromContent());

    const first = send({ type: 'request-tab-episode', tabId: 7, shown: { pageUrl: PAGE } }, fromPopup());
    const second = send({ type: 'request-tab-episode', tabId: 7, shown: { pageUrl: PAGE } }, fromPopup());
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    release();
    const [a, b] = await Promise.all([first, second]);

    expect(fetch).toHaveBeenCalledTimes(1);
    expect(a).toMatchObject({ ok: true, record: { state: 'queued', key: 'elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim' } });
    expect(b).toEqual(a);
    const state = await getTabState(7);
    expect(state).toMatchObject({ status: 'episode', request: { state: 'queued' } });
  });

  // Until issue 12 this was an error with nothing stored; contract §3 says a 2xx is accepted whatever its body.
  it('records a request Stenobird accepted with a body it cannot read, and follows it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('not json', { status: 202 })));
    await send({ type: 'episode-detected', episode }, fromContent());
    const outcome = await send({ type: 'request-tab-episode', tabId: 7, shown: { pageUrl: PAGE } }, fromPopup());
    expect(outcome).toMatchObject({ ok: true, record: { state: 'accepted', phase: 'following' } });
    expect(Object.values(await storedHistory())).toMatchObject([{ state: 'accepted', phase: 'following' }]);
  });

  it('stores nothing when Stenobird refuses with a body it cannot read', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status": ', { status: 400 })));
    await send({ type: 'episode-detected', episode }, fromContent());
    const outcome = await send({ type: 'request-tab-episode', tabId: 7, shown: { pageUrl: PAGE } }, fromPopup());
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'bad-request', status: 400 } });
    expect(await storedHistory()).toEqual({});
  });

  it('forgets a tab’s episode when the tab closes', async () => {
    await send({ type: 'episode-detected', episode }, fromContent());
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () => expect(await getTabState(7)).toEqual({ status: 'unknown' }));
  });
});
