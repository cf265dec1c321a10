import type { Page, Worker } from 'playwright-core';
import type { RequestRecord } from '../../utils/requests';
import { HISTORY_CAP } from '../../utils/requests';
import { dueOf, HISTORY_LAYOUT, RESOLUTION_CAP, RESOLUTION_LAYOUT, summaryOf, type Resolution } from '../../utils/storage';

/**
 * A long-time user's data, as the budgets are measured against: the request history at its cap
 * (200 records: mostly ended, a few still followed, some audio jobs) and 500 cached catalogue
 * look-ups. Written in the layout `utils/storage.ts` keeps today (`HISTORY_LAYOUT`: a key
 * per record and the index; `RESOLUTION_LAYOUT`: a key per look-up and their index): when that layout changes, this module changes with it. `historyShown`
 * checks that the extension reads what was written, so a figure is never taken on an empty
 * history by mistake.
 */

const DAY = 24 * 3600_000;
const SHOWS = ['linuxunplugged', 'selfhosted', 'coder', 'smartlogic', 'sv101', 'latetalk', 'rweekly', 'extras'];

/** A job record the bench moves on, one history write at a time (see `oneHistoryWrite`). */
export const BENCH_JOB = { key: 'job:https://aphid.fireside.fm/d/1437767933/bench/bench.mp3', id: 'tr_bench' } as const;

function records(now: number): Record<string, RequestRecord> {
  const all: Record<string, RequestRecord> = {};
  for (let i = 0; i < HISTORY_CAP - 1; i++) {
    const show = SHOWS[i % SHOWS.length]!;
    const pageUrl = `https://${show}.fireside.fm/${1000 + i}`;
    const requestedAt = now - (HISTORY_CAP - i) * DAY / 4;
    const base = {
      source: 'fireside' as const,
      pageUrl,
      title: `Episode ${1000 + i}: a conversation about ${show} and what changed this week in open source`,
      showName: `${show[0]!.toUpperCase()}${show.slice(1)}`,
      requestedAt,
      updatedAt: requestedAt + 3600_000,
      attempts: 0,
    };
    if (i % 20 === 7) {
      // An audio job, ended.
      const audioUrl = `https://aphid.fireside.fm/d/1437767933/${show}/${i}.mp3`;
      const key = `job:${audioUrl}`;
      all[key] = {
        ...base, key, kind: 'job', phase: 'available', state: 'completed',
        job: { audioUrl, idempotencyKey: `bench-${i}`, requested: 'preview', id: `tr_${i}`, stage: 'done', resultReady: true },
      };
      continue;
    }
    const ref = { podcastSlug: show, episodeSlug: `episode-${1000 + i}` };
    const key = `${ref.podcastSlug}/${ref.episodeSlug}`;
    if (i % 25 === 3) all[key] = { ...base, key, kind: 'catalogue', ...ref, phase: 'following', state: 'queued', nextCheckAt: now + 7 * DAY };
    else if (i % 10 === 5) {
      all[key] = { ...base, key, kind: 'catalogue', ...ref, phase: 'failed', state: 'failed', lastError: { kind: 'service-error', message: 'Stenobird could not make this transcript.' } };
    } else all[key] = { ...base, key, kind: 'catalogue', ...ref, phase: 'available', state: 'available', transcriptUrl: `https://stenobird.com/podcast/${key}/transcript` };
  }
  // The one the bench moves on: followed, its next check days away so no alarm fires meanwhile.
  all[BENCH_JOB.key] = {
    key: BENCH_JOB.key, kind: 'job', pageUrl: 'https://extras.fireside.fm/bench', title: 'The bench’s job', phase: 'following', state: 'processing',
    requestedAt: now, updatedAt: now, attempts: 0, nextCheckAt: now + 7 * DAY,
    job: { audioUrl: 'https://aphid.fireside.fm/d/1437767933/bench/bench.mp3', idempotencyKey: 'bench', requested: 'preview', id: BENCH_JOB.id, stage: 'transcribing' },
  };
  return all;
}

function resolutions(now: number): Record<string, Resolution> {
  const all: Record<string, Resolution> = {};
  for (let i = 0; i < RESOLUTION_CAP; i++) {
    const show = SHOWS[i % SHOWS.length]!;
    const found = i % 4 !== 0;
    all[`https://${show}.fireside.fm/${2000 + i}`] = {
      ...(found ? { ref: { podcastSlug: show, episodeSlug: `episode-${2000 + i}` } } : {}),
      checkedAt: now - i * 60_000,
      expiresAt: now + 6 * DAY,
    };
  }
  return all;
}

/** A history as storage holds it: each record under its key, and the index listing them. */
function stored(history: Record<string, RequestRecord>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, record] of Object.entries(history)) values[HISTORY_LAYOUT.recordPrefix + key] = record;
  values[HISTORY_LAYOUT.index] = Object.fromEntries(Object.entries(history).map(([key, record]) => [key, summaryOf(record)]));
  values[`${HISTORY_LAYOUT.index}$`] = { v: HISTORY_LAYOUT.version };
  values[HISTORY_LAYOUT.due] = Object.fromEntries(
    Object.entries(history).flatMap(([key, record]) => (dueOf(record) === undefined ? [] : [[key, dueOf(record)]])),
  );
  return values;
}

/** Look-ups as storage holds them: each under its page, and the index of their times. */
function storedLookUps(lookUps: Record<string, Resolution>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [pageUrl, value] of Object.entries(lookUps)) values[RESOLUTION_LAYOUT.prefix + pageUrl] = value;
  values[RESOLUTION_LAYOUT.index] = Object.fromEntries(Object.entries(lookUps).map(([pageUrl, { checkedAt, expiresAt }]) => [pageUrl, { checkedAt, expiresAt }]));
  return values;
}

/** Fills the extension's storage with the long-time user's history and look-ups. */
export async function fillHistory(worker: Worker): Promise<void> {
  const now = Date.now();
  await worker.evaluate((values) => chrome.storage.local.set(values), { ...stored(records(now)), ...storedLookUps(resolutions(now)) });
}

/** Empties the history and the look-ups. */
export async function clearHistory(worker: Worker): Promise<void> {
  await worker.evaluate(async ({ index, due, prefix, lookUps, lookUp }) => {
    const listed = Object.keys(((await chrome.storage.local.get(index))[index] ?? {}) as object);
    const pages = Object.keys(((await chrome.storage.local.get(lookUps))[lookUps] ?? {}) as object);
    await chrome.storage.local.remove([index, due, lookUps, ...listed.map((key) => prefix + key), ...pages.map((page) => lookUp + page)]);
  }, { index: HISTORY_LAYOUT.index, due: HISTORY_LAYOUT.due, prefix: HISTORY_LAYOUT.recordPrefix, lookUps: RESOLUTION_LAYOUT.index, lookUp: RESOLUTION_LAYOUT.prefix });
}

/** Adds the bench's followed job alone: the one record `oneHistoryWrite` moves on, in an otherwise empty history. */
export async function addBenchJobOnly(worker: Worker): Promise<void> {
  const job = records(Date.now())[BENCH_JOB.key]!;
  await worker.evaluate((values) => chrome.storage.local.set(values), stored({ [BENCH_JOB.key]: job }));
}

/**
 * One history write as the extension makes it: the transcript view reports a job's progress
 * (message `job-update`), and the background writes the moved-on record. `n` alternates the
 * stage so every write changes the record. Sent from an extension page of ours.
 */
export async function oneHistoryWrite(extensionPage: Page, n: number): Promise<void> {
  await extensionPage.evaluate(
    ({ key, id, stage }) => chrome.runtime.sendMessage({ type: 'job-update', key, jobId: id, update: { stage }, seen: true }),
    { key: BENCH_JOB.key, id: BENCH_JOB.id, stage: n % 2 ? 'transcribing' : 'uploading' },
  );
}

/** How many requests the options page lists: the extension read the history written. */
export async function historyShown(optionsPage: Page): Promise<number> {
  await optionsPage.waitForFunction(() => document.getElementById('options')?.getAttribute('aria-busy') !== 'true');
  return optionsPage.locator('#history li').count();
}

/** Forgets one page's cached look-up, so the next popup on it asks the catalogue again. */
export async function forgetLookUp(worker: Worker, pageUrl: string): Promise<void> {
  await worker.evaluate(async ({ url, lists, prefix }) => {
    await chrome.storage.local.remove(prefix + url);
    // Listed in the index, or among the look-ups added since (utils/storage.ts).
    for (const list of lists) {
      const times = (await chrome.storage.local.get(list))[list] as Record<string, unknown> | undefined;
      if (!times?.[url]) continue;
      delete times[url];
      await chrome.storage.local.set({ [list]: times });
    }
  }, { url: pageUrl, lists: [RESOLUTION_LAYOUT.index, RESOLUTION_LAYOUT.added], prefix: RESOLUTION_LAYOUT.prefix });
}
