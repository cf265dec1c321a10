import { describe, expect, it } from 'vitest';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';

const EPISODE = `${STENOBIRD_BASE}/podcast/elixir-wizards/rustler-bridging-elixir-and-rust-with-sonny-scroggin`;

const ext = useExtension();

async function toolbar(tabId: number) {
  return { badge: await ext.badgeText(tabId), title: await ext.toolbarTitle(tabId) };
}

describe('the toolbar button', () => {
  it('marks an episode page, then a requested transcript', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await expect.poll(() => toolbar(tabId)).toEqual({
      badge: '●',
      title: 'Stenobird Companion: episode found — Rustler: Bridging Elixir and Rust with Sonny Scroggin',
    });

    const popup = await ext.openPopup(tabId);
    await popup.getByRole('button', { name: /Request transcript/ }).click();
    // The outcome is announced once Stenobird's answer is recorded: nothing is left in flight.
    await expect.poll(() => popup.getByRole('status').textContent()).toMatch(/queued/);
    await expect.poll(() => toolbar(tabId)).toEqual({
      badge: '…',
      title: 'Stenobird Companion: transcript requested — Rustler: Bridging Elixir and Rust with Sonny Scroggin',
    });
  });

  it('stays blank on a page with nothing to do, and clears when the tab leaves an episode', async () => {
    const page = await ext.open(EPISODE);
    const tabId = await ext.tabIdOf(page);
    await expect.poll(async () => (await toolbar(tabId)).badge).toBe('●');
    await page.goto(`${STENOBIRD_BASE}/docs`);
    await expect.poll(() => toolbar(tabId)).toEqual({ badge: '', title: 'Stenobird Companion: no episode detected on this page' });
  });
});
