import { describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { checkPopupState, popupParts } from './popup-page';

const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const EPISODE = `${STENOBIRD_BASE}/podcast/${PODCAST}/${SLUG}`;
const REQUESTS = new RegExp(`/episodes/${SLUG}/transcription-requests$`);

const ext = useExtension();

async function popupFor(url: string): Promise<TestPage> {
  const page = await ext.open(url);
  const tabId = await ext.tabIdOf(page);
  if (url.includes('/podcast/') && url.split('/').length > 5) await ext.waitForReport(tabId);
  return ext.openPopup(tabId);
}

describe('popup states', () => {
  it('an episode: card, catalogue status and the request action', async () => {
    const popup = await popupFor(EPISODE);
    const ui = popupParts(popup);
    expect(await ui.title.textContent()).toBe('Rustler: Bridging Elixir and Rust with Sonny Scroggin');
    expect(await popup.locator('.facts').textContent()).toBe('Jun 26, 2025 · 0:48:58');
    expect(await popup.getByText('In the Stenobird catalogue').isVisible()).toBe(true);
    expect(await ui.primary.textContent()).toBe('Request transcript');
    await checkPopupState(popup, 'episode');
  });

  it('requested: the action turns into "Requested — we’ll notify you"', async () => {
    const popup = await popupFor(EPISODE);
    const ui = popupParts(popup);
    await ui.button(/Request transcript/).click();
    await expect.poll(() => ui.status.textContent()).toMatch(/Stenobird has queued it/);
    expect(await ui.primary.textContent()).toBe('Requested — we’ll notify you');
    expect(await ui.primary.isDisabled()).toBe(true);
    await checkPopupState(popup, 'requested');

    // Reopening shows the same, from storage, without asking Stenobird again.
    const again = await popupFor(EPISODE);
    expect(await popupParts(again).primary.textContent()).toBe('Requested — we’ll notify you');
    expect(await again.getByText(/Transcript requested (now|\d+ seconds? ago)/).isVisible()).toBe(true);
    expect(ext.server.requestsTo('POST', REQUESTS)).toHaveLength(1);
  });

  it('available: Stenobird already has a transcript, so the action opens it', async () => {
    const popup = await popupFor(EPISODE);
    // Published after the popup read the catalogue's status (since issue 12 a transcript already
    // published when the popup opens shows at once, catalogue-status.test.ts): the request's
    // answer says so.
    ext.server.episode(PODCAST, SLUG)!.transcriptUrl = `${STENOBIRD_BASE}/transcripts/${SLUG}.txt`;
    await popupParts(popup).button(/Request transcript/).click();
    await expect.poll(() => popupParts(popup).primary.textContent()).toBe('Open transcript');
    expect(await popupParts(popup).status.textContent()).toBe('A transcript is available.');
    await checkPopupState(popup, 'available');
  });

  it('service error: a specific message, the request kept for later, and it can be tried now', async () => {
    const busy = { status: 503, body: '<html><h1>Service Unavailable</h1></html>' };
    ext.server.script('POST', REQUESTS, busy, busy, busy);
    const popup = await popupFor(EPISODE);
    const ui = popupParts(popup);
    await ui.button(/Request transcript/).click();
    await expect.poll(() => ui.status.textContent(), { timeout: 15_000 }).toMatch(
      /^Stenobird is having trouble right now \(HTTP 503\)\. The extension will send the request at \d\d?:\d\d/,
    );
    expect(await popup.getByText(/^Not sent yet: the extension will send it at/).isVisible()).toBe(true);
    expect(await ui.status.getAttribute('data-tone')).toBe('error');
    await checkPopupState(popup, 'service-error');
    await ui.button(/Request transcript/).click();
    await expect.poll(() => ui.status.textContent()).toMatch(/Stenobird has queued it/);
    expect(await ui.status.getAttribute('data-tone')).toBe('info');
  });

  it('an unknown processing state is shown as Stenobird wrote it', async () => {
    ext.server.episode(PODCAST, SLUG)!.processingState = 'awaiting-rights-review';
    const popup = await popupFor(EPISODE);
    expect(await popup.getByText('Processing: awaiting-rights-review').isVisible()).toBe(true);
    expect(await popupParts(popup).primary.textContent()).toBe('Request transcript');
    await checkPopupState(popup, 'unknown-processing-state');
  });

  it('not an episode: says so plainly', async () => {
    const popup = await popupFor(`${STENOBIRD_BASE}/docs`);
    expect(await popupParts(popup).title.textContent()).toBe('This page is not a podcast episode.');
    expect(await popup.locator('main button.primary').count()).toBe(0);
    await checkPopupState(popup, 'not-episode');
  });
});

describe('popup robustness', () => {
  it('renders a hostile title as plain text and keeps its layout', async () => {
    const hostile = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script> ‏مرحبا بالعالم ${'long '.repeat(1000)}`;
    ext.server.episode(PODCAST, SLUG)!.title = hostile;
    const popup = await popupFor(EPISODE);
    const ui = popupParts(popup);
    // Exactly the characters, as text: no element was created from them and nothing ran.
    expect(await ui.title.textContent()).toBe(hostile.replace(/\s+/g, ' ').trim());
    expect(await popup.locator('main img:not(.artwork), main script').count()).toBe(0);
    expect(await popup.title()).toBe('Stenobird Companion');
    // Layout intact at the popup's real width: no horizontal overflow, the title clamped, the
    // action still on screen.
    await popup.setViewportSize({ width: 360, height: 600 });
    const box = await popup.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      titleHeight: document.querySelector('h1')!.getBoundingClientRect().height,
      buttonBottom: document.querySelector('main button.primary')!.getBoundingClientRect().bottom,
    }));
    expect(box.scrollWidth).toBeLessThanOrEqual(360);
    expect(box.titleHeight).toBeLessThan(80);
    expect(box.buttonBottom).toBeLessThan(400);
    await checkPopupState(popup, 'hostile-title');
  });

  it('works from the keyboard alone', async () => {
    const popup = await popupFor(EPISODE);
    // Tab from the top of the page to the request button, then press Enter.
    for (let i = 0; i < 5; i++) {
      await popup.keyboard.press('Tab');
      if (await popup.evaluate(() => document.activeElement?.classList.contains('primary'))) break;
    }
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Request transcript');
    const outline = await popup.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe('solid');
    await popup.keyboard.press('Enter');
    await expect.poll(() => popupParts(popup).status.textContent()).toMatch(/Stenobird has queued it/);
    expect(ext.server.requestsTo('POST', REQUESTS)).toHaveLength(1);
  });
});
