import AxeBuilder from '@axe-core/playwright';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The popup's user-visible pieces, for tests that drive it as a person would. */
export const popupParts = (popup: Page) => ({
  title: popup.getByRole('heading', { level: 1 }),
  status: popup.getByRole('status'),
  primary: popup.locator('main button.primary'),
  button: (name: RegExp | string) => popup.getByRole('button', { name }),
});

/** axe-core's WCAG A/AA rules on the popup as it is now; returns the violations. */
export async function axeViolations(popup: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: popup as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const SHOTS = resolve(import.meta.dirname, '../../docs/screenshots');

/**
 * Screenshots of the popup in its states, used by the README. Taken at the popup's real width,
 * in light and dark.
 */
export async function screenshotPopup(popup: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  // Times of day ("sent again at 02:31") change every run; in the picture they read 09:30, so a
  // committed screenshot changes only when the popup does. Tests assert before this is called.
  await popup.evaluate(() => {
    for (const el of document.querySelectorAll('.announcer, .stenobird-status li')) {
      el.textContent = el.textContent!.replace(/\b\d{1,2}:\d{2}(:\d{2})?(\s?[AP]M)?/g, '09:30');
    }
  });
  const height = await popup.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  await popup.setViewportSize({ width: 360, height });
  for (const scheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.screenshot({ path: `${SHOTS}/popup-${name}-${scheme}.png` });
  }
  await popup.emulateMedia({ colorScheme: 'light' });
}

/** A popup state passes axe in light and in dark, and is pictured for the README. */
export async function checkPopupState(popup: Page, name: string): Promise<void> {
  expect(await axeViolations(popup)).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'dark' });
  expect(await axeViolations(popup)).toEqual([]);
  await popup.emulateMedia({ colorScheme: 'light' });
  await screenshotPopup(popup, name);
}
