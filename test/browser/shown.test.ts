import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { popupParts } from './popup-page';
import { writeSettings } from './extension-settings';
import { storedHistory } from './history';

/**
 * Issue 12, "act only on what is shown" (finding 5) and same-document navigations (finding 4):
 * the popup stays open while its tab moves on to another episode; a click then neither requests
 * nor transcribes anything, neither the episode the popup shows nor the one the tab has moved to:
 * the popup says so and draws the tab's episode. A single-page site's `pushState` to another
 * episode's address is read as that episode.
 */
const PODCAST = 'elixir-wizards';
const A = `${STENOBIRD_BASE}/podcast/${PODCAST}/rustler-bridging-elixir-and-rust-with-sonny-scroggin`;
const A_TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const B = `${STENOBIRD_BASE}/podcast/${PODCAST}/set-theoretic-types-in-elixir-with-jos-valim`;
const REQUESTS = /\/transcription-requests$/;
const JOBS = /^\/v1\/transcripts$/;
/** Two episodes of one Fireside show, outside the catalogue: the popup offers to transcribe them. */
const SV255 = 'https://sv101.fireside.fm/255';
const SV260 = 'https://sv101.fireside.fm/260';
const MOVED_ON = 'This tab now shows another episode, so nothing was sent. Here is the episode it shows now.';

const ext = useExtension();
const fixture = (file: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/fireside', file), 'utf8');

type Report = { status: string; episode: { pageUrl: string; title: string; audioUrl?: string } };

/** A tab on `url`, its report, and the popup describing it (drawn). */
async function popupOn(url: string): Promise<{ page: TestPage; tabId: number; popup: TestPage; report: Report }> {
  const page = await ext.open(url);
  const tabId = await ext.tabIdOf(page);
  const report = (await ext.waitForReport(tabId)) as Report;
  const popup = await ext.openPopup(tabId);
  await expect.poll(() => popupParts(popup).title.textContent()).toBe(report.episode.title);
  return { page, tabId, popup, report };
}

/** The tab loads another episode page (the popup stays open), and its content script has reported it. */
async function tabMovesTo(page: TestPage, tabId: number, url: string): Promise<Report> {
  await page.goto(url);
  return (await ext.waitForReport(tabId)) as Report;
}

/**
 * A single-page site's navigation: the page draws `html` in place of its document and
 * `pushState`s to `url`, without loading a document.
 */
async function pushStateTo(page: TestPage, url: string, html: string): Promise<void> {
  await page.evaluate(
    ({ url, html }) => {
      const next = new DOMParser().parseFromString(html, 'text/html');
      document.replaceChild(document.adoptNode(next.documentElement), document.documentElement);
      history.pushState({}, '', url);
    },
    { url, html },
  );
}

describe('the popup acts only on the episode it shows', () => {
  it('"Request transcript" after the tab moved on to another episode: no request for either, the popup says why and shows the tab’s episode', async () => {
    const { page, tabId, popup } = await popupOn(A);
    await expect.poll(() => popupParts(popup).primary.textContent()).toBe('Request transcript');
    const b = await tabMovesTo(page, tabId, B);
    expect(await popupParts(popup).title.textContent()).toBe(A_TITLE);

    await popupParts(popup).primary.click();
    await expect.poll(() => popupParts(popup).status.textContent()).toBe(MOVED_ON);
    await expect.poll(() => popupParts(popup).title.textContent()).toBe(b.episode.title);
    expect(ext.server.requestsTo('POST', REQUESTS)).toEqual([]);
    expect(await storedHistory(ext)).toEqual({});

    // What it shows now is what a click acts on.
    await expect.poll(() => popupParts(popup).primary.textContent()).toBe('Request transcript');
    await popupParts(popup).primary.click();
    await expect.poll(() => popupParts(popup).status.textContent()).toMatch(/^Transcript requested/);
    expect(ext.server.requestsTo('POST', REQUESTS).map((r) => r.path)).toEqual([expect.stringContaining('/set-theoretic-types-in-elixir-with-jos-valim/')]);
  });

  it('"Transcribe audio" with an API key after the tab moved on: no job is made (nothing billed), the popup says why and shows the tab’s episode', async () => {
    await writeSettings(ext, { apiKey: 'sk_live_1' });
    ext.server.setPage(SV255, fixture('sv101-255.html'));
    ext.server.setPage(SV260, fixture('sv101-260.html'));
    const { page, tabId, popup } = await popupOn(SV255);
    const transcribe = popupParts(popup).button('Transcribe audio with Stenobird');
    await expect.poll(() => transcribe.isVisible()).toBe(true);
    const b = await tabMovesTo(page, tabId, SV260);

    await transcribe.click();
    await expect.poll(() => popupParts(popup).status.textContent()).toBe(MOVED_ON);
    await expect.poll(() => popupParts(popup).title.textContent()).toBe(b.episode.title);
    expect(ext.server.requestsTo('POST', JOBS)).toEqual([]);
    expect(ext.server.jobs.size).toBe(0);
    expect(await storedHistory(ext)).toEqual({});
  });
});

describe('same-document navigations', () => {
  it('a single-page site’s pushState to another episode: the popup shows the episode the page drew, and the tab keeps it', async () => {
    ext.server.setPage(SV255, fixture('sv101-255.html'));
    const page = await ext.open(SV255);
    const tabId = await ext.tabIdOf(page);
    const a = (await ext.waitForReport(tabId)) as Report;

    await pushStateTo(page, SV260, fixture('sv101-260.html'));
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupParts(popup).title.textContent()).not.toBe(a.episode.title);
    const title = await popupParts(popup).title.textContent();
    expect(title).toContain('E247');
    const stored = (await ext.background((id) => chrome.storage.session.get(`tab:${id}`), tabId)) as Record<string, Report>;
    expect(stored[`tab:${tabId}`]?.episode).toMatchObject({ pageUrl: SV260, title });
    expect(await ext.badgeText(tabId)).toBe('●');
  });

  it('a popup opened before that pushState transcribes neither episode: it says why and shows the new one', async () => {
    await writeSettings(ext, { apiKey: 'sk_live_1' });
    ext.server.setPage(SV255, fixture('sv101-255.html'));
    const { page, popup, report: a } = await popupOn(SV255);
    const transcribe = popupParts(popup).button('Transcribe audio with Stenobird');
    await expect.poll(() => transcribe.isVisible()).toBe(true);

    await pushStateTo(page, SV260, fixture('sv101-260.html'));
    await transcribe.click();
    await expect.poll(() => popupParts(popup).status.textContent()).toBe(MOVED_ON);
    expect(ext.server.jobs.size).toBe(0);
    expect(ext.server.requestsTo('POST', JOBS)).toEqual([]);
    await expect.poll(() => popupParts(popup).title.textContent()).toContain('E247');
    expect(await popupParts(popup).title.textContent()).not.toBe(a.episode.title);
  });
});
