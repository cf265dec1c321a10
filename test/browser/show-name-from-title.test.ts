import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordNotifications, useExtension } from './session';
import { popupParts, reportedTab } from './popup-page';

/**
 * Issue 12, finding 1: a Fireside episode page with no og:site_name and no JSON-LD names its
 * show only in its `<title>` ("Elixir Wizards | Rustler: …") and in its feed links' titles
 * ("Elixir Wizards RSS Feed"). The detector reads the name from there, so the catalogue is
 * asked, the popup shows what the catalogue says (the fake has the episode) instead of "Not in
 * the Stenobird catalogue", and a request, from the popup or the right-click menu, names the
 * right show and episode.
 */
const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const PAGE = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const TITLE = 'Rustler: Bridging Elixir and Rust with Sonny Scroggin';
const LOOKUP = new RegExp(`^/v1/public/podcasts/${PODCAST}/episodes/${SLUG}$`);
const REQUESTS = /\/transcription-requests$/;
const FIXTURE = readFileSync(resolve(import.meta.dirname, '../fixtures/fireside/elixir-wizards-show-in-title-and-feeds.html'), 'utf8');

const ext = useExtension();
const notifications = recordNotifications(ext);

beforeEach(() => {
  // The page as the issue found it: the show's name nowhere but in the <title> and the feed links.
  expect(FIXTURE).not.toMatch(/og:site_name|application\/ld\+json/);
  expect(FIXTURE).toContain(`<title>Elixir Wizards | ${TITLE}</title>`);
  ext.server.setPage(PAGE, FIXTURE);
  const art = /og:image" content="https:\/\/assets\.fireside\.fm([^"?]+)/.exec(FIXTURE)![1];
  ext.server.setPage(`https://assets.fireside.fm${art}`, readFileSync(resolve(import.meta.dirname, '../../public/icon/128.png')), 'image/png');
});

const episodeTab = () => reportedTab(ext, PAGE);

describe('a Fireside page that names its show only in its <title> and feed links', () => {
  it('the popup shows the catalogue’s status, and "Request transcript" reaches Stenobird for that show and episode', async () => {
    const { tabId } = await episodeTab();
    const popup = await ext.openPopup(tabId);
    const ui = popupParts(popup);
    expect(await ui.title.textContent()).toBe(TITLE);
    const status = popup.locator('.stenobird-status');
    await expect.poll(() => status.textContent()).toContain('In the Stenobird catalogue');
    expect(await status.textContent()).not.toContain('Not in the Stenobird catalogue');
    expect(await popup.locator('.show').textContent()).toBe('Elixir Wizards');
    expect(ext.server.requestsTo('GET', LOOKUP).length).toBeGreaterThan(0);

    expect(await ui.primary.textContent()).toBe('Request transcript');
    await ui.primary.click();
    await expect.poll(() => ui.status.textContent()).toMatch(/^Transcript requested/);
    expect(ext.server.requestsTo('POST', REQUESTS).map((r) => r.path)).toEqual([`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests`]);
  });

  it('the right-click "Request transcript" on the page: one request for that show and episode, the badge and a notification follow', async () => {
    const { page, tabId } = await episodeTab();
    await ext.clickMenuItem(page, 'request-transcript', { page: true });

    await expect.poll(() => ext.badgeText(tabId)).toBe('…');
    await expect.poll(async () => (await notifications()).map((n) => n.title)).toEqual(['Transcript requested']);
    expect(ext.server.requestsTo('POST', REQUESTS).map((r) => r.path)).toEqual([`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests`]);
  });
});
