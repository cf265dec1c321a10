import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestPage } from './harness';
import { useExtension } from './session';
import { STENOBIRD_BASE } from './fake/server';
import { storedHistory } from './history';
import { ageCatalogueStatus } from './look-ups';
import { checkPopupState, popupOnPage, popupParts } from './popup-page';

/**
 * The catalogue's own status in the popup (issue 12, findings 2 and 6): an episode somebody else
 * already requested, and a transcript published after the first look-up. The slugs are kept for
 * days; the status for 15 minutes, which a test cannot wait out: it makes the stored status
 * older (`look-ups.ts`), as the clock would.
 */
const PODCAST = 'elixir-wizards';
const SLUG = 'rustler-bridging-elixir-and-rust-with-sonny-scroggin';
const KEY = `${PODCAST}/${SLUG}`;
const EPISODE = `${STENOBIRD_BASE}/podcast/${KEY}`;
const RUSTLER = 'https://smartlogic.fireside.fm/s14-e05-rustler-bridging-elixir-rust';
const LOOKUPS = /^\/v1\/public\/podcasts\/[a-z0-9-]+\/episodes\/[a-z0-9-]+$/;
const POST = new RegExp(`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}/transcription-requests$`);
const TRANSCRIPT = `${EPISODE}/transcript`;
const DAY = 24 * 3600_000;
const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures', name), 'utf8');

const ext = useExtension();
beforeEach(() => {
  ext.server.setPage(RUSTLER, fixture('fireside/elixir-wizards-s14-e05.html'));
  const png = readFileSync(resolve(import.meta.dirname, '../../public/icon/128.png'));
  const match = /og:image" content="https:\/\/assets\.fireside\.fm([^"?]+)/.exec(fixture('fireside/elixir-wizards-s14-e05.html'));
  if (match) ext.server.setPage(`https://assets.fireside.fm${match[1]}`, png, 'image/png');
});

const popupOn = (url: string) => popupOnPage(ext, url);

const statusList = (popup: TestPage) => popup.locator('.stenobird-status').textContent();

describe('an episode somebody already requested', () => {
  it('says so, with when, and offers to be notified: one POST, then followed', async () => {
    ext.server.episode(PODCAST, SLUG)!.transcriptionRequest = { status: 'queued', requested_at: new Date(Date.now() - 3 * DAY).toISOString() };
    const popup = await popupOn(EPISODE);
    const ui = popupParts(popup);
    await expect.poll(() => statusList(popup)).toContain('Requested on Stenobird · 3 days ago');
    expect(await statusList(popup)).toContain('Queued at Stenobird');
    expect(await ui.primary.textContent()).toBe('Notify me when it’s ready');
    expect(await ui.primary.isEnabled()).toBe(true);
    await checkPopupState(popup, 'requested-by-someone');

    await ui.primary.click();
    await expect.poll(() => ui.status.textContent()).toBe('Already requested. Stenobird has it in its queue.');
    expect(await ui.primary.textContent()).toBe('Requested — we’ll notify you');
    expect(await ui.primary.isDisabled()).toBe(true);
    expect(ext.server.requestsTo('POST', POST)).toHaveLength(1);
    expect((await storedHistory<{ phase: string; state: string }>(ext))[KEY]).toMatchObject({ phase: 'following', state: 'already_requested' });
    expect((await ext.background(() => chrome.alarms.getAll())).length).toBe(1);
  });
});

describe('the status is kept for 15 minutes, the slugs for longer', () => {
  it('a reopen within 15 minutes sends nothing; after them the transcript published meanwhile shows', async () => {
    const first = await popupOn(RUSTLER);
    expect(await statusList(first)).toContain('In the Stenobird catalogue');
    expect(await popupParts(first).primary.textContent()).toBe('Request transcript');
    const asked = ext.server.requestsTo('GET', LOOKUPS).length;
    expect(asked).toBeGreaterThan(0);

    // Published at Stenobird after the look-up.
    ext.server.episode(PODCAST, SLUG)!.transcriptUrl = TRANSCRIPT;
    await ageCatalogueStatus(ext, RUSTLER, 14 * 60_000);
    const within = await popupOn(RUSTLER);
    // Fully drawn (openPopup waited for it), and nothing was asked: the status is 14 minutes old.
    expect(ext.server.requestsTo('GET', LOOKUPS)).toHaveLength(asked);
    expect(await popupParts(within).primary.textContent()).toBe('Request transcript');

    await ageCatalogueStatus(ext, RUSTLER, 16 * 60_000);
    const after = await popupOn(RUSTLER);
    await expect.poll(() => popupParts(after).primary.textContent()).toBe('Open transcript');
    expect(await statusList(after)).toContain('Transcript available');
    // One request: the slugs were kept, so only the episode found is asked again.
    expect(ext.server.requestsTo('GET', LOOKUPS).slice(asked).map((r) => r.path)).toEqual([`/v1/public/podcasts/${PODCAST}/episodes/${SLUG}`]);
    expect(await after.locator('.stenobird-status').getAttribute('aria-busy')).toBeNull();
  });
});
