import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { axeViolations, popupOnPage, popupParts } from './popup-page';

/**
 * The publisher's own transcript (issue 12, contract §8), from the popup to the view, in the
 * built extension: the page's transcript link, and the RSS item's `podcast:transcript` when the
 * page has none. "Read the publisher's transcript" is the first action; the view shows the text
 * with speakers and times, exports it credited to the publisher, and nothing is asked of
 * Stenobird's transcription requests or API on the way. A damaged file ends in a sentence and
 * a "Try again" that reads the file again.
 */
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');
const RUSTLER = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const FEED = 'https://feeds.fireside.fm/smartlogic/rss';
const FILES = 'https://media24.fireside.fm/file/fireside-images-2024/podcasts/transcripts/0/03a50f66-dc5e-4da4-ab6e-31895b6d4c9e/episodes/8/817d0e9a-7634-4bdd-a220-6b8667f0c572';
const PAGE_HTML = fixture('fireside/elixir-wizards-s14-e05.html');
/** The same page with Fireside's hero transcript link (research §3), as shows with transcripts have it. */
const PAGE_WITH_LINK = PAGE_HTML.replace('<div class="buttons">', `<div class="buttons"><a class="button" href="${FILES}/transcript.txt">Transcript</a> `);
const STENOBIRD_WRITES = /transcription-requests$|^\/v1\/transcripts/;

const ext = useExtension();
beforeEach(() => {
  expect(PAGE_WITH_LINK).not.toBe(PAGE_HTML);
  ext.server.setPage(`${FILES}/transcript.txt`, fixture('transcripts/episode.txt'), 'text/plain; charset=utf-8');
  ext.server.setPage(`${FILES}/transcript.json`, fixture('transcripts/episode.json'), 'application/json');
  ext.server.setPage(FEED, fixture('feeds/elixir-wizards.rss'), 'application/rss+xml; charset=utf-8');
});

function popupOn(html: string): Promise<TestPage> {
  ext.server.setPage(RUSTLER, html);
  return popupOnPage(ext, RUSTLER);
}

/** Clicks the popup's first action, which must be the publisher's transcript, and returns the view it opens. */
async function readFromPopup(popup: TestPage): Promise<TestPage> {
  const { primary } = popupParts(popup);
  await expect.poll(() => primary.textContent()).toBe('Read the publisher’s transcript');
  const opened = ext.waitForPage((url) => url.includes('/transcript.html?publisher='));
  await primary.click();
  const view = await opened;
  await view.waitForFunction(() => !document.getElementById('app')?.hasAttribute('aria-busy'));
  return view;
}

const segments = (view: TestPage) => view.locator('#text .segment').allTextContents();
const stage = (view: TestPage) => view.locator('#stage').textContent();

describe('the page links its transcript', () => {
  it('is the first action, opens in the view, exports credited to the publisher; Stenobird is asked for nothing', async () => {
    const popup = await popupOn(PAGE_WITH_LINK);
    // Stenobird's own action stays, after it.
    expect(await popup.getByRole('button', { name: 'Request transcript' }).isVisible()).toBe(true);
    const view = await readFromPopup(popup);
    expect(await view.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await stage(view)).toBe('The show’s own transcript, from media24.fireside.fm');
    expect(await segments(view)).toEqual([
      'Chris Fisher: Hello and welcome to Self-Hosted, episode 100.',
      "Alex Kretzschmar: Thanks, Chris.\nToday: the apps we can't live without.",
      "That's the show.",
    ]);
    const txt = await ext.download(view, () => view.getByRole('button', { name: 'Download .txt' }).click());
    expect(txt.text.split('\n').slice(0, 1)).toEqual([TITLE]);
    expect(txt.text).toContain(`Transcript file: ${FILES}/transcript.txt\nTranscript published by the show, not by Stenobird\n\nChris Fisher: Hello`);
    expect(ext.server.requestsTo('POST', STENOBIRD_WRITES)).toHaveLength(0);
    // The page gave the link: the feed was not read.
    expect(ext.server.requestsTo('GET', /^\/smartlogic\/rss$/)).toHaveLength(0);
    expect(await axeViolations(view)).toEqual([]);
  });
});

describe('the RSS item lists podcast:transcript', () => {
  it('the popup offers it (JSON preferred), and the view shows speakers and times', async () => {
    const popup = await popupOn(PAGE_HTML);
    const view = await readFromPopup(popup);
    expect(await segments(view)).toEqual([
      '[0:00:00] Chris Fisher: Hello and welcome to Self-Hosted, episode 100.',
      "[0:00:05] Alex Kretzschmar: Thanks, Chris. Today: the apps we can't live without.",
      "[0:01:12] Alex Kretzschmar: Let's start with Home Assistant.",
      '[1:01:01] Thanks for listening & see you next week.',
    ]);
    expect(ext.server.requestsTo('GET', /^\/smartlogic\/rss$/)).toHaveLength(1);
    expect(ext.server.requestsTo('POST', STENOBIRD_WRITES)).toHaveLength(0);
  });

  it('a damaged file ends in a sentence, and "Try again" reads it again', async () => {
    ext.server.setPage(`${FILES}/transcript.json`, fixture('transcripts/truncated.json'), 'application/json');
    const popup = await popupOn(PAGE_HTML);
    const view = await readFromPopup(popup);
    expect(await view.locator('.notice.error').textContent()).toBe('The publisher’s transcript file is damaged or not in a format the extension can read.');
    expect(await segments(view)).toEqual([]);
    // The episode is still named, so the reader knows which file failed.
    expect(await view.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);

    ext.server.setPage(`${FILES}/transcript.json`, fixture('transcripts/episode.json'), 'application/json');
    await view.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => segments(view)).toHaveLength(4);
    expect(await view.locator('.notice.error').count()).toBe(0);
  });
});
