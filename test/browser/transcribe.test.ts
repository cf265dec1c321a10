import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSER, type TestPage } from './harness';
import { useExtension } from './session';
import { axeViolations } from './popup-page';
import { STENOBIRD_BASE } from './fake/server';
import { writeSettings } from './extension-settings';
import { storedHistory } from './history';

/**
 * Transcribing an episode's audio end to end (contract §5): the built extension, the fake
 * Stenobird streaming each job's events as the test releases them (or at its own pace), and the
 * transcript view. Playwright cannot drive Chrome's side panel headless, so the view is tested
 * as the extension page it also is (`transcript.html?job=…` in a tab, which is where Firefox
 * shows it); the side panel test (Chrome only) checks that the popup opens it on the job and
 * that it follows the job, and its Firefox twin that the popup opens the view in a tab.
 */

const SV101 = 'https://sv101.fireside.fm/260';
/** A Fireside show's episode page, which the content script reads (the popup acts only on what its page confirms). */
const PAGE = 'https://elixirwizards.fireside.fm/rustler';
const AUDIO = 'https://aphid.fireside.fm/d/1437767933/0d1c2b3a-4f5e-4a6b-9c8d-7e6f5a4b3c2d/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d.mp3';
const KEY = `job:${AUDIO}`;
const POST = /^\/v1\/transcripts$/;
const EVENTS = /^\/v1\/transcripts\/tr_\w+\/events$/;
const EPISODE_PAGE = `<!doctype html><html lang="en"><head><title>Rustler</title>
<link rel="canonical" href="${PAGE}">
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'PodcastEpisode',
  url: PAGE,
  name: 'Rustler: Bridging Elixir and Rust',
  datePublished: '2025-06-26T10:30:00+00:00',
  timeRequired: 'PT48M58S',
  partOfSeries: { '@type': 'PodcastSeries', name: 'Elixir Wizards' },
  associatedMedia: { '@type': 'MediaObject', contentUrl: AUDIO },
})}</script></head><body><h1>Rustler</h1></body></html>`;
const CHUNKS = ['Hello and welcome to Elixir Wizards.', 'Today we talk about Rustler,', 'bridging Elixir and Rust,', 'with Sonny Scroggin.'];

const firefox = BROWSER === 'firefox';

const ext = useExtension();
beforeEach(async () => {
  ext.server.setPage(PAGE, EPISODE_PAGE);
});

/** A tab showing the episode, once its content script has reported it. */
async function episodeTab(): Promise<{ page: TestPage; tabId: number }> {
  const page = await ext.open(PAGE);
  const tabId = await ext.tabIdOf(page);
  await ext.waitForReport(tabId);
  return { page, tabId };
}

/** As the popup's button does: the tab's episode's audio, naming the episode the popup shows. */
const transcribeMessage = (tabId: number) => ({ type: 'transcribe-tab-audio', tabId, shown: { pageUrl: PAGE, audioUrl: AUDIO } });

/** The transcript view of the job, opened as a tab. */
function openView(): Promise<TestPage> {
  return ext.openExtensionPage(`transcript.html?job=${encodeURIComponent(KEY)}`);
}

/** As the popup does: open the view and ask the background to transcribe the tab's episode. */
async function transcribeFromView(tabId: number): Promise<TestPage> {
  const view = await openView();
  await view.evaluate((message) => chrome.runtime.sendMessage(message), transcribeMessage(tabId));
  await expect.poll(() => ext.server.jobs.size).toBe(1);
  return view;
}

/** The view at a side panel's width, light and dark, for the README (Chromium's pictures only). */
async function screenshotView(view: TestPage, name: string): Promise<void> {
  if (firefox) return;
  await view.setViewportSize({ width: 400, height: 560 });
  for (const scheme of ['light', 'dark'] as const) {
    await view.emulateMedia({ colorScheme: scheme });
    await view.screenshot({ path: resolve(import.meta.dirname, `../../docs/screenshots/transcript-${name}-${scheme}.png`) });
  }
}

const text = (view: TestPage) => view.locator('#text').textContent();
const stage = (view: TestPage) => view.getByRole('status').textContent();
const phaseOf = (key: string) =>
  storedHistory<{ phase: string }>(ext).then((records) => records[key]?.phase);
const setKey = (apiKey: string) => writeSettings(ext, { apiKey });

describe('the text streams into the view', () => {
  it('shows the stage, then each chunk as its event arrives, then the finished transcript', async () => {
    await setKey('sk_live_1');
    ext.server.jobScript.paceMs = null;
    const { tabId } = await episodeTab();
    const view = await transcribeFromView(tabId);
    const job = ext.server.onlyJob();
    expect(job.mode).toBe('full');

    await expect.poll(() => stage(view)).toBe('Stenobird is checking the audio URL…');
    expect(await text(view)).toBe('The text appears here as Stenobird transcribes it.');
    ext.server.advance(job.id);
    await expect.poll(() => stage(view)).toBe('Submitted; transcription is starting…');
    ext.server.advance(job.id);
    await expect.poll(() => text(view)).toContain(CHUNKS[0]);
    expect(await stage(view)).toBe('Transcribing…');
    ext.server.advance(job.id);
    await expect.poll(() => text(view)).toBe(CHUNKS.slice(0, 2).join(' '));
    // Nothing to copy or download until the job is done.
    expect(await view.getByRole('button', { name: 'Download .md' }).count()).toBe(0);

    ext.server.finish(job.id);
    await expect.poll(() => stage(view)).toBe('Done.');
    expect(await text(view)).toBe(CHUNKS.join(' '));
    expect(await view.getByRole('button', { name: 'Copy text' }).isVisible()).toBe(true);
    expect(await view.getByRole('link', { name: 'Open the result' }).getAttribute('href')).toBe(`${STENOBIRD_BASE}/v1/transcripts/${job.id}/result`);
    // One stream was enough, and it carried the key.
    const streams = ext.server.requestsTo('GET', EVENTS);
    expect(streams).toHaveLength(1);
    expect(streams[0]!.headers.authorization).toBe('Bearer sk_live_1');
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    // The history has the job, ended.
    await expect.poll(() => phaseOf(KEY)).toBe('available');
  });

  it('closing and opening the view again continues the same job: its text at once, the rest from where it stopped', async () => {
    await setKey('sk_live_1');
    ext.server.jobScript.paceMs = null;
    const { tabId } = await episodeTab();
    const first = await transcribeFromView(tabId);
    const job = ext.server.onlyJob();
    ext.server.advance(job.id, 3);
    await expect.poll(() => text(first)).toBe(CHUNKS.slice(0, 2).join(' '));
    // What the view showed is in storage (it saves as the text comes).
    const saved = () => ext.background(async (k) => (await chrome.storage.local.get(k))[k] as { chunks: string[]; lastEventId?: string } | undefined, `jobText:${job.id}`);
    await expect.poll(saved).toEqual({ chunks: CHUNKS.slice(0, 2), lastEventId: '4' });
    await first.close();
    await expect.poll(() => ext.server.openStreams()).toBe(0);

    // The job goes on at Stenobird while no view is open.
    ext.server.advance(job.id);
    const again = await openView();
    await expect.poll(() => text(again)).toBe(CHUNKS.slice(0, 3).join(' '));
    // Resumed after the last event it had: the server sent only what was new, so the first two
    // chunks came from what the first view saved.
    const [, resumed] = ext.server.requestsTo('GET', EVENTS);
    expect(resumed!.headers['last-event-id']).toBe('4');

    ext.server.finish(job.id);
    await expect.poll(() => stage(again)).toBe('Done.');
    expect(await text(again)).toBe(CHUNKS.join(' '));
    // Asking again (the popup's button once more) shows the same job: one job on the server.
    await again.evaluate((message) => chrome.runtime.sendMessage(message), transcribeMessage(tabId));
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    expect(ext.server.jobs.size).toBe(1);
  });
});

describe('the free preview', () => {
  it('is labelled from the start, and shows Stenobird’s upgrade message when it ends', async () => {
    const { tabId } = await episodeTab();
    const view = await transcribeFromView(tabId);
    expect(ext.server.onlyJob().mode).toBe('preview');
    expect(ext.server.requestsTo('POST', POST)[0]!.headers.authorization).toBeUndefined();
    await expect.poll(() => view.getByText('Free preview — the first 15 seconds only').isVisible()).toBe(true);

    await expect.poll(() => stage(view)).toBe('Preview done.');
    expect(await view.getByText('Preview ended. Add an API key to get the full transcript.').isVisible()).toBe(true);
    expect(await view.getByRole('link', { name: 'See Stenobird’s prices' }).getAttribute('href')).toBe(`${STENOBIRD_BASE}/pricing`);
    expect(await text(view)).toBe(CHUNKS.slice(0, 2).join(' '));
    expect(await axeViolations(view)).toEqual([]);
    await screenshotView(view, 'preview');
  });
});

describe('when things go wrong', () => {
  it('a dropped stream is resumed with Last-Event-ID, and the text is whole, not repeated', async () => {
    ext.server.jobScript.paceMs = null;
    const { tabId } = await episodeTab();
    const view = await transcribeFromView(tabId);
    const job = ext.server.onlyJob();
    // A job starts with its first event released: two more, and the third (the first text) is out.
    ext.server.advance(job.id, 2);
    // It has reached the view; then the connection breaks.
    await expect.poll(() => text(view)).toContain(CHUNKS[0]);
    ext.server.breakStreams();
    ext.server.finish(job.id);
    await expect.poll(() => stage(view), { timeout: 15_000 }).toBe('Preview done.');
    expect(await text(view)).toBe(CHUNKS.slice(0, 2).join(' '));
    const streams = ext.server.requestsTo('GET', EVENTS);
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams[1]!.headers['last-event-id']).toBe('3');
  });

  it('an event stream that keeps failing falls back to the status URL; a result not ready yet (409) is waited for', async () => {
    const failing = { status: 503, body: { error: { code: 'unavailable', message: 'Streams are down.' } } };
    ext.server.script('GET', EVENTS, failing, failing, failing, failing);
    ext.server.jobScript.notReady = 2;
    const { tabId } = await episodeTab();
    const view = await transcribeFromView(tabId);
    await expect.poll(() => stage(view), { timeout: 20_000 }).toBe('Preview done.');
    expect(await text(view)).toBe(CHUNKS.slice(0, 2).join(' '));
    // Four connections (the first and three reconnects) failed; the status URL told the rest.
    expect(ext.server.requestsTo('GET', EVENTS)).toHaveLength(4);
    expect(ext.server.requestsTo('GET', /^\/v1\/transcripts\/tr_\w+$/).length).toBeGreaterThanOrEqual(1);
    expect(ext.server.requestsTo('GET', /\/result$/)).toHaveLength(3);
  });

  it('a refused key says where to set it; a rejected URL says why', async () => {
    await setKey('sk_wrong');
    ext.server.script('POST', POST, { status: 401, body: { error: { code: 'invalid_api_key', message: 'Invalid API key.' } } });
    const { tabId } = await episodeTab();
    const view = await openView();
    await view.evaluate((message) => chrome.runtime.sendMessage(message), transcribeMessage(tabId));
    await expect.poll(() => view.locator('.notice.error p').textContent()).toMatch(/^Stenobird did not accept your API key\. Check it in the extension’s options/);
    expect(await stage(view)).toBe('The transcription stopped.');
    // Where to set it, one click away.
    const opened = ext.waitForPage((url) => url.includes('/options.html'));
    await view.getByRole('button', { name: 'Open the options' }).click();
    const options = await opened;
    await expect.poll(() => options.url()).toBe(ext.pageUrl('options.html'));
    await options.close();

    ext.server.script('POST', POST, { status: 400, body: { error: { code: 'invalid_audio_url', message: 'This URL is a web page, not audio.' } } });
    await view.evaluate((message) => chrome.runtime.sendMessage(message), transcribeMessage(tabId));
    await expect.poll(() => view.locator('.notice.error').textContent()).toBe('Stenobird cannot transcribe this audio URL: “This URL is a web page, not audio.”');
  });
});

describe('downloads', () => {
  it('the .md file has the episode’s facts as a header, then the transcript', async () => {
    await setKey('sk_live_1');
    const { tabId } = await episodeTab();
    const view = await transcribeFromView(tabId);
    await expect.poll(() => stage(view), { timeout: 15_000 }).toBe('Done.');
    const download = await ext.download(view, () => view.getByRole('button', { name: 'Download .md' }).click());
    expect(download.fileName).toBe('Rustler-Bridging-Elixir-and-Rust.md');
    expect(download.text).toBe(
      [
        '# Rustler: Bridging Elixir and Rust',
        '',
        '- **Show:** Elixir Wizards',
        '- **Published:** 2025-06-26',
        '- **Duration:** 0:48:58',
        `- **Page:** <${PAGE}>`,
        `- **Audio:** <${AUDIO}>`,
        '- Transcribed by Stenobird',
        '',
        '---',
        '',
        CHUNKS.join(' '),
        '',
      ].join('\n'),
    );
    const txt = await ext.download(view, () => view.getByRole('button', { name: 'Download .txt' }).click());
    expect(txt.fileName).toBe('Rustler-Bridging-Elixir-and-Rust.txt');
    expect(txt.text).toMatch(new RegExp(`^Rustler: Bridging Elixir and Rust\\nShow: Elixir Wizards\\n[^]*\\n\\n${CHUNKS[0]}`));
  });
});

describe('from the popup', () => {
  /** A real Fireside page, detected by the content script, that Stenobird's catalogue does not have: its popup. */
  async function popupOutsideCatalogue(): Promise<{ page: TestPage; popup: TestPage; audioUrl: string }> {
    ext.server.setPage(SV101, readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/sv101-260.html'), 'utf8'));
    const page = await ext.open(SV101);
    const tabId = await ext.tabIdOf(page);
    const report = (await ext.waitForReport(tabId)) as { episode: { audioUrl: string } };
    const popup = await ext.openPopup(tabId);
    const button = popup.getByRole('button', { name: 'Transcribe audio with Stenobird' });
    await expect.poll(() => button.isVisible()).toBe(true);
    expect(await popup.getByText('Without an API key this is a free 15-second preview.', { exact: false }).isVisible()).toBe(true);
    return { page, popup, audioUrl: report.episode.audioUrl };
  }

  it.skipIf(firefox)('a detected episode outside the catalogue offers the transcription first; the click starts one job and opens its side panel (Chrome only: side panel)', async () => {
    const { page, popup, audioUrl } = await popupOutsideCatalogue();
    await popup.getByRole('button', { name: 'Transcribe audio with Stenobird' }).click();

    await expect.poll(() => ext.server.jobs.size).toBe(1);
    expect(ext.server.onlyJob().audioUrl).toBe(audioUrl);
    // The side panel is not a page Playwright lists; the browser's own target list shows it.
    const panel = ext.pageUrl(`transcript.html?job=${encodeURIComponent(`job:${audioUrl}`)}`);
    const cdp = await ext.chromium!.context.browser()!.newBrowserCDPSession();
    try {
      await expect.poll(async () => (await cdp.send('Target.getTargets')).targetInfos.map((t) => t.url)).toContain(panel);
    } finally {
      await cdp.detach();
    }
    // The panel follows the job to its end (its events were read; the history says so).
    await expect.poll(() => ext.server.requestsTo('GET', EVENTS).length).toBeGreaterThanOrEqual(1);
    await expect.poll(() => phaseOf(`job:${audioUrl}`), { timeout: 15_000 }).toBe('available');
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    await page.close();
  });

  it.runIf(firefox)('a detected episode outside the catalogue offers the transcription first; the click starts one job and opens its view in a tab (Firefox has no side panel)', async () => {
    const { popup, audioUrl } = await popupOutsideCatalogue();
    const viewUrl = ext.pageUrl(`transcript.html?job=${encodeURIComponent(`job:${audioUrl}`)}`);
    const opened = ext.waitForPage((url) => url === viewUrl);
    await popup.getByRole('button', { name: 'Transcribe audio with Stenobird' }).click();

    await expect.poll(() => ext.server.jobs.size).toBe(1);
    expect(ext.server.onlyJob().audioUrl).toBe(audioUrl);
    // The view follows the job to its end in its tab: the preview's text, and the history says so.
    const view = await opened;
    await expect.poll(() => stage(view), { timeout: 15_000 }).toBe('Preview done.');
    expect(await text(view)).toBe(CHUNKS.slice(0, 2).join(' '));
    await expect.poll(() => phaseOf(`job:${audioUrl}`), { timeout: 15_000 }).toBe('available');
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
  });
});
