import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background/index';
import type { Episode } from '@/utils/episode';
import { checkShown } from '@/utils/requests/shown';
import { requestHistory } from '@/utils/storage';
import { jobKey } from '@/utils/requests';
import { fakeStenobird } from './fake-stenobird';
import { installFakeSiteApis, type FakeSiteApis } from './fake-site-apis';
import { storedHistory } from './history-record';

/**
 * "Act only on what is shown" (issue 12): a popup action names the episode the popup shows, and
 * the background acts only if the tab's page still confirms that episode (utils/requests/shown.ts).
 */
const A: Episode = {
  source: 'stenobird',
  pageUrl: 'https://stenobird.com/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim',
  title: 'Set-Theoretic Types in Elixir with José Valim',
  showName: 'Elixir Wizards',
  audioUrl: 'https://aphid.fireside.fm/d/1437767933/aaaa/set-theoretic.mp3',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'set-theoretic-types-in-elixir-with-jos-valim' },
};
const B: Episode = {
  source: 'stenobird',
  pageUrl: 'https://stenobird.com/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin',
  title: 'Rustler: Bridging Elixir and Rust with Sonny Scroggin',
  showName: 'Elixir Wizards',
  audioUrl: 'https://aphid.fireside.fm/d/1437767933/bbbb/rustler.mp3',
  stenobird: { podcastSlug: 'elixir-wizards', episodeSlug: 'rustler-bridging-elixir-and-rust-with-sonny-scroggin' },
};
const TAB = 7;
const shownA = { pageUrl: A.pageUrl, ref: { podcastSlug: A.stenobird!.podcastSlug, episodeSlug: A.stenobird!.episodeSlug }, audioUrl: A.audioUrl };
const fromPopup = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
const fromContent = (episode: Episode) => ({ id: fakeBrowser.runtime.id, tab: { id: TAB } as never, frameId: 0, url: episode.pageUrl });
const send = async (message: unknown, sender: object) => (await fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => {}))[0];
/** The tab's page reports its episode, as the content script does on each page load. */
const pageShows = (episode: Episode) => send({ type: 'episode-detected', episode }, fromContent(episode));

let site: FakeSiteApis;
let stenobird: ReturnType<typeof fakeStenobird>;
beforeEach(async () => {
  fakeBrowser.reset();
  site = installFakeSiteApis();
  stenobird = fakeStenobird();
  stenobird.add('elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim', { title: A.title });
  vi.stubGlobal('fetch', stenobird.fetch);
  background.main();
  await pageShows(A);
});
afterEach(() => vi.unstubAllGlobals());

describe('checkShown', () => {
  it('passes the episode the tab still shows, for a catalogue action and for a transcription', async () => {
    expect(await checkShown(TAB, shownA, 'page')).toEqual({ ok: true, episode: A });
    expect(await checkShown(TAB, shownA, 'audio')).toEqual({ ok: true, episode: A });
    // The popup may not know the catalogue episode yet: the page is enough.
    expect(await checkShown(TAB, { pageUrl: A.pageUrl })).toEqual({ ok: true, episode: A });
  });

  it('refuses when the tab now shows another page', async () => {
    await pageShows(B);
    expect(await checkShown(TAB, shownA, 'page')).toMatchObject({
      ok: false,
      outcome: { ok: false, movedOn: true, error: { message: 'This tab now shows another episode, so nothing was sent. Here is the episode it shows now.' } },
    });
  });

  it('refuses a transcription of audio other than the episode’s, or of none', async () => {
    const other = { ...shownA, audioUrl: B.audioUrl };
    expect(await checkShown(TAB, other, 'audio')).toMatchObject({ ok: false, outcome: { movedOn: true } });
    expect(await checkShown(TAB, { pageUrl: A.pageUrl }, 'audio')).toMatchObject({ ok: false, outcome: { movedOn: true } });
    // A catalogue action does not depend on the audio.
    expect(await checkShown(TAB, other, 'page')).toMatchObject({ ok: true });
  });

  it('refuses a catalogue episode other than the one the page states', async () => {
    expect(await checkShown(TAB, { ...shownA, ref: B.stenobird! })).toMatchObject({ ok: false, outcome: { movedOn: true } });
  });

  it('refuses when no page confirms an episode: a tab never reported, a page with no content script of ours, a page with none', async () => {
    const gone = { ok: false, outcome: { movedOn: true, error: { message: 'This tab no longer shows that episode, so nothing was sent.' } } };
    expect(await checkShown(99, shownA)).toMatchObject(gone);
    // Another site: the stored report is still A's, but no content script confirms it.
    site.navigate(TAB);
    expect(await checkShown(TAB, shownA)).toMatchObject(gone);
    site.navigate(TAB, { type: 'no-episode', reason: 'not an episode page address' });
    expect(await checkShown(TAB, shownA)).toMatchObject(gone);
  });
});

describe('the popup’s actions through the background', () => {
  it('a request for the episode shown is sent', async () => {
    expect(await send({ type: 'request-tab-episode', tabId: TAB, shown: shownA }, fromPopup)).toMatchObject({ ok: true, record: { key: 'elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim' } });
    expect(stenobird.callsTo('POST', /transcription-requests$/)).toHaveLength(1);
  });

  it('a request for an episode the tab no longer shows sends nothing, for either episode', async () => {
    await pageShows(B);
    expect(await send({ type: 'request-tab-episode', tabId: TAB, shown: shownA }, fromPopup)).toMatchObject({ ok: false, movedOn: true });
    expect(stenobird.calls).toEqual([]);
    expect(await storedHistory()).toEqual({});
  });

  it('a transcription of audio the tab no longer shows makes no job and keeps no record', async () => {
    await pageShows(B);
    expect(await send({ type: 'transcribe-tab-audio', tabId: TAB, shown: shownA }, fromPopup)).toMatchObject({ ok: false, movedOn: true });
    expect(stenobird.calls).toEqual([]);
    expect(await requestHistory.get(jobKey(A.audioUrl!))).toBeUndefined();
    expect(await requestHistory.get(jobKey(B.audioUrl!))).toBeUndefined();
  });

  it('a transcription of the audio shown makes its job', async () => {
    expect(await send({ type: 'transcribe-tab-audio', tabId: TAB, shown: shownA }, fromPopup)).toMatchObject({ ok: true, record: { key: jobKey(A.audioUrl!) } });
    expect(stenobird.callsTo('POST', /^\/v1\/transcripts$/)).toHaveLength(1);
  });

  it('ignores an action that does not say what it is for, and one from a page that is not ours', async () => {
    expect(await send({ type: 'request-tab-episode', tabId: TAB }, fromPopup)).toBeUndefined();
    expect(await send({ type: 'transcribe-tab-audio', tabId: TAB, shown: { pageUrl: 'javascript:alert(1)' } }, fromPopup)).toBeUndefined();
    expect(await send({ type: 'request-tab-episode', tabId: TAB, shown: shownA }, fromContent(A))).toBeUndefined();
    expect(stenobird.calls).toEqual([]);
  });
});
