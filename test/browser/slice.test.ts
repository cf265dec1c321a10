import { describe, expect, it } from 'vitest';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { storedHistory } from './history';

const EPISODE = `${STENOBIRD_BASE}/podcast/elixir-wizards/set-theoretic-types-in-elixir-with-jos-valim`;
const REQUESTS = /\/v1\/public\/podcasts\/elixir-wizards\/episodes\/set-theoretic-types-in-elixir-with-jos-valim\/transcription-requests$/;

const ext = useExtension();

describe('request a transcript from a Stenobird episode page', () => {
  it('shows the detected episode and sends one POST for one click', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);

    const popup = await ext.openPopup(tabId);
    await expect.poll(() => popup.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Set-Theoretic Types in Elixir with José Valim',
    );
    expect(await popup.getByText('Elixir Wizards').isVisible()).toBe(true);

    await popup.getByRole('button', { name: /Request transcript/ }).click();
    await expect.poll(() => popup.getByRole('status').textContent()).toMatch(/requested/i);
    expect(ext.server.requestsTo('POST', REQUESTS)).toHaveLength(1);
    expect(ext.server.requestsTo('POST', REQUESTS)[0]!.body).toBe('');
  });

  it('sends one POST for a double click', async () => {
    // A slow server keeps the first request in flight while the second click lands.
    ext.server.script('POST', REQUESTS, { status: 202, body: { status: 'queued' }, delayMs: 500 });
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    const popup = await ext.openPopup(tabId);

    await popup.getByRole('button', { name: /Request transcript/ }).dblclick();
    await expect.poll(() => popup.getByRole('status').textContent()).toMatch(/requested/i);
    expect(ext.server.requestsTo('POST', REQUESTS)).toHaveLength(1);
  });

  it('shows service trouble in the status region and keeps the request to send later', async () => {
    ext.server.script('POST', REQUESTS, { status: 503, body: '<html><body><h1>Bad gateway</h1></body></html>' }, { status: 503, body: 'x' }, { status: 503, body: 'x' });
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await ext.waitForReport(tabId);
    const popup = await ext.openPopup(tabId);

    await popup.getByRole('button', { name: /Request transcript/ }).click();
    await expect.poll(() => popup.getByRole('status').textContent(), { timeout: 15_000 }).toMatch(
      /^Stenobird is having trouble right now \(HTTP 503\)\. The extension will send the request at \d/,
    );
    expect(await popup.getByRole('status').textContent()).not.toContain('<');
    // Kept as not sent yet, never as if Stenobird had accepted it.
    expect(Object.values(await storedHistory(ext))).toMatchObject([{ phase: 'unsent', state: '', lastError: { kind: 'service-error', status: 503 } }]);
  });
});

describe('pages that are not episodes', () => {
  for (const path of ['/docs', '/podcast/elixir-wizards']) {
    it(`does not report ${path} as an episode`, async () => {
      const page = await ext.open(`${STENOBIRD_BASE}${path}`);
      const tabId = await ext.tabIdOf(page);
      const popup = await ext.openPopup(tabId);
      expect(await popup.getByRole('button', { name: /Request transcript/ }).count()).toBe(0);
      expect(await popup.locator('main').textContent()).toMatch(/not a podcast episode/);
    });
  }
});
