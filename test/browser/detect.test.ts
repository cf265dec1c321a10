import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';

/**
 * Detection in the built extension: the static content script on Fireside show sites and
 * Stenobird, nothing on pages that are not episodes, and on-demand detection on a custom-domain
 * Fireside site once the user clicks the toolbar button there.
 */
const CUSTOM_DOMAIN = 'linuxunplugged.com';
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');

const ext = useExtension({ extraHosts: [CUSTOM_DOMAIN] });

async function serveAndOpen(url: string, fixtureName: string): Promise<{ page: TestPage; tabId: number }> {
  ext.server.setPage(url, fixture(fixtureName));
  const page = await ext.open(url);
  return { page, tabId: await ext.tabIdOf(page) };
}

const popupHeading = (popup: TestPage) => popup.getByRole('heading', { level: 1 }).textContent();
const ask = (popup: TestPage, message: unknown) => popup.evaluate((m) => chrome.runtime.sendMessage(m), message);
const storedReport = (tabId: number) => ext.background(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`);

describe('static detection', () => {
  it('detects an episode on a Fireside show subdomain and shows it in the popup', async () => {
    const { tabId } = await serveAndOpen('https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust', 'fireside/elixir-wizards-s14-e05.html');
    expect(await ext.waitForReport(tabId)).toMatchObject({
      status: 'episode',
      episode: {
        source: 'fireside',
        pageUrl: 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust',
        season: 14,
        episodeNumber: 5,
        durationSeconds: 2938,
        fireside: { episodeId: '817d0e9a-7634-4bdd-a220-6b8667f0c572' },
      },
    });
    await expect.poll(() => ext.badgeText(tabId)).toBe('●');
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupHeading(popup)).toBe('Rustler: Bridging Elixir and Rust with Sonny Scroggin');
    expect(await popup.getByText('Elixir Wizards').isVisible()).toBe(true);
  });

  it('detects a Stenobird episode page whose title is markup, and the popup shows it as text', async () => {
    const title = '<img src=x onerror="window.__pwned=1"> Episode <b>one</b>';
    ext.server.addEpisode({ podcastSlug: 'evil', podcastTitle: 'Evil <script>window.__pwned=2</script>', slug: 'one', title, processingState: 'processed' });
    const page = await ext.open(`${STENOBIRD_BASE}/podcast/evil/one`);
    const tabId = await ext.tabIdOf(page);
    expect(await ext.waitForReport(tabId)).toMatchObject({ status: 'episode', episode: { source: 'stenobird', title } });
    await expect.poll(() => ext.badgeText(tabId)).toBe('●');
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupHeading(popup)).toBe(title);
    expect(await popup.locator('main img, main b, main script').count()).toBe(0);
    expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('keeps hostile Fireside page text as text, from the page to the popup', async () => {
    const { tabId } = await serveAndOpen('https://evil-show.fireside.fm/13', 'fireside/hostile-markup.html');
    await ext.waitForReport(tabId);
    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popupHeading(popup)).toBe('<script>alert("og")</script>Hacked & <b>bold</b> "quotes"');
    expect(await popup.getByText('Evil "Show" <iframe src=javascript:alert(1)>').isVisible()).toBe(true);
    expect(await popup.locator('main script, main b, main iframe, main img').count()).toBe(0);
    expect(await popup.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});

describe('pages that are not episodes', () => {
  it('does not report a Fireside show home page as an episode', async () => {
    const { tabId } = await serveAndOpen('https://linuxunplugged.fireside.fm/', 'fireside/show-home-subdomain.html');
    expect(await ext.waitForReport(tabId)).toEqual({ status: 'not-episode', reason: 'not an episode page address' });
    // The report is in, and the button stays plain: no badge.
    expect(await ext.badgeText(tabId)).toBe('');
    const popup = await ext.openPopup(tabId);
    expect(await popup.locator('main').textContent()).toMatch(/not a podcast episode/);
    expect(await popup.getByRole('button', { name: /Request transcript/ }).count()).toBe(0);
  });

  it('does not report a page on Fireside’s own share host, though it names an episode', async () => {
    const { tabId } = await serveAndOpen('https://share.fireside.fm/episode/IAs5ixts+SMPxxUmC', 'fireside/share-page.html');
    expect(await ext.waitForReport(tabId)).toEqual({ status: 'not-episode', reason: 'not an episode page address' });
  });

  it('does not report a custom page on a Fireside show site', async () => {
    const { tabId } = await serveAndOpen('https://linuxunplugged.fireside.fm/contact', 'fireside/custom-page-contact.html');
    expect(await ext.waitForReport(tabId)).toEqual({ status: 'not-episode', reason: 'no Fireside episode audio on the page' });
    expect(await ext.badgeText(tabId)).toBe('');
  });
});

describe('on-demand detection on a custom domain', () => {
  it('reads nothing until the user clicks the toolbar button on the page, then detects the episode', async () => {
    const { page, tabId } = await serveAndOpen(`https://${CUSTOM_DOMAIN}/556`, 'fireside/lup-556.html');
    const popup = await ext.openPopup(tabId);
    // No content script runs on a custom domain by itself, and the extension may not inject one.
    expect(await storedReport(tabId)).toBeUndefined();
    expect(await ask(popup, { type: 'detect-in-tab', tabId })).toMatchObject({ ok: false, message: expect.stringMatching(/toolbar button/) });

    await ext.clickToolbarButton(page);
    expect(await ask(popup, { type: 'detect-in-tab', tabId })).toMatchObject({
      ok: true,
      state: { status: 'episode', episode: { title: 'The xz Backdoor Exposed 🚨', pageUrl: `https://${CUSTOM_DOMAIN}/556`, episodeNumber: 556 } },
    });
    // Stored exactly as a static report: the popup, opened again, shows it.
    const again = await ext.openPopup(tabId);
    await expect.poll(() => popupHeading(again)).toBe('The xz Backdoor Exposed 🚨');
  });
});

describe('always detect on a site', () => {
  // Headless Chromium cannot click a permission prompt, so this uses a site whose permission the
  // extension already holds (stenobird.com), outside the paths its static script covers.
  it('runs the content script on the site’s pages once registered, and stops when forgotten', async () => {
    const popup = await ext.openPopup(0);
    expect(await ask(popup, { type: 'always-detect-site', site: STENOBIRD_BASE })).toEqual({ ok: true, sites: [STENOBIRD_BASE] });

    const page = await ext.open(`${STENOBIRD_BASE}/pricing`);
    expect(await ext.waitForReport(await ext.tabIdOf(page))).toEqual({ status: 'not-episode', reason: 'not an episode page address' });

    expect(await ask(popup, { type: 'forget-always-detect-site', site: STENOBIRD_BASE })).toEqual({ ok: true, sites: [] });
    expect(await ext.background(() => chrome.scripting.getRegisteredContentScripts())).toEqual([]);
  });
});
