import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { el } from '@/components/dom';
import { episodeCard } from '@/components/episode-card';
import { jobErrorNotice, previewNotice } from '@/components/job-notices';
import { notice } from '@/components/notice';
import { showPublisherTranscript } from '@/components/publisher-view';
import { whenSentAgain } from '@/components/stenobird-status';
import { transcriptActions } from '@/components/transcript-actions';
import { formatRelative } from '@/utils/format';
import { jobErrorText } from '@/utils/job-errors';
import { followJob, jobLinksOf } from '@/utils/follow-job';
import { savedProgress, startProgress, transcriptText, type JobProgress } from '@/utils/job-machine';
import { tell } from '@/utils/ask';
import type { JobUpdate } from '@/utils/messages';
import { jobClient, type RequestRecord } from '@/utils/requests';
import { jobUrls, type ClientOptions, type JobLinks } from '@/utils/stenobird/client';
import type { StenobirdError } from '@/utils/stenobird/errors';
import { jobTexts } from '@/utils/job-texts';
import { requestHistory, settings } from '@/utils/storage';
import type { TranscriptMeta } from '@/utils/transcript-export';

/**
 * The transcript view: one page that is Chrome's side panel and, elsewhere, a tab
 * (`transcript.html?job=<record key>`). It shows a transcripts-API job (contract §5) as it
 * runs: its stage, the text as `transcript` events arrive, and when done, copy, downloads and
 * the result. Everything it needs is in storage (the job's record, written by the background,
 * and the text it saved itself), so a view closed and opened again carries on with the same job:
 * it shows what it had, and resumes the event stream (`Last-Event-ID`) or polls the status URL.
 * The rules of that are `utils/job-machine.ts`; this file performs the steps and draws.
 * `transcript.html?publisher=<page URL>` shows the show's own transcript instead
 * (`components/publisher-view.ts`).
 */

const locale = navigator.language || 'en';
const head = document.getElementById('head')!;
const stage = document.getElementById('stage')!;
const notices = document.getElementById('notices')!;
const actions = document.getElementById('actions')!;
const announcer = document.getElementById('announcer')!;
const textNode = document.getElementById('text')!;

/** How long a view waits for a job the popup has only just asked the background for. */
const RECORD_WAIT_MS = 5_000;
/** Saving the text as it streams: at most this often. */
const SAVE_EVERY_MS = 500;

document.documentElement.lang = i18n.t('@@ui_locale').replace('_', '-') || 'en';
document.getElementById('bar-title')!.textContent = i18n.t('extName');
textNode.setAttribute('aria-label', i18n.t('transcriptLabel'));

function announce(text: string, tone: 'info' | 'error' = 'info'): void {
  announcer.textContent = text;
  announcer.dataset.tone = tone;
}

interface View {
  key: string;
  /** The settings' base URL and key: a job is followed on its own base, with the key only if that is this one. */
  configured: ClientOptions;
  record?: RequestRecord;
  /** The job being followed, and the means to stop following it. */
  jobId?: string;
  run?: AbortController;
  progress?: JobProgress;
}

/** Redraws a part only when what it shows changed, so focus and selection survive the stream. */
function part(node: HTMLElement, signature: unknown, build: () => Array<Node | null>): void {
  const key = JSON.stringify(signature);
  if (node.dataset.drawn === key) return;
  node.dataset.drawn = key;
  node.replaceChildren(...build().filter((n): n is Node => n !== null));
}

function isPreview(record: RequestRecord, progress: JobProgress | undefined): boolean {
  const mode = progress?.mode ?? record.job?.mode;
  return mode ? mode === 'preview' : record.job?.requested === 'preview';
}

function stageText(progress: JobProgress): string {
  switch (progress.stage) {
    case 'validating_url':
      return i18n.t('stageValidating');
    case 'submitted':
      return i18n.t('stageSubmitted');
    case 'transcribing':
      return i18n.t('stageTranscribing');
    case undefined:
      return i18n.t('stageQueued');
    default:
      return i18n.t('stageOther', [progress.stage]);
  }
}

/** The one-line state of the job, and its tone. */
function stageLine(record: RequestRecord, progress: JobProgress | undefined): [string, 'info' | 'ok' | 'error'] {
  if (!progress) {
    if (record.phase === 'failed') return [i18n.t('jobFailed'), 'error'];
    if (record.phase === 'unsent' && record.lastError) return [i18n.t('jobUnsent', [jobErrorText(record.lastError), whenSentAgain(record)]), 'error'];
    return [i18n.t('jobSending'), 'info'];
  }
  switch (progress.phase) {
    case 'reconnecting':
      return [i18n.t('jobReconnecting'), 'info'];
    case 'polling':
      return [i18n.t('jobPolling'), 'info'];
    case 'fetching-result':
      return progress.attempts > 0
        ? [i18n.t('jobResultWaiting', [new Date(progress.notBefore).toLocaleTimeString()]), 'info']
        : [i18n.t('jobFetchingResult'), 'info'];
    case 'finished':
      if (progress.resultError) return [i18n.t('jobResultUnavailable'), 'error'];
      return [isPreview(record, progress) ? i18n.t('jobDonePreview') : i18n.t('jobDone'), 'ok'];
    case 'failed':
      return [i18n.t('jobFailed'), 'error'];
    default:
      return [stageText(progress), 'info'];
  }
}

function errorOf(record: RequestRecord, progress: JobProgress | undefined): StenobirdError | undefined {
  if (!progress) return record.phase === 'failed' ? record.lastError : undefined;
  if (progress.phase !== 'failed') return undefined;
  if (progress.failedStatus) return { kind: 'service-error', message: i18n.t('jobFailedStatus', [progress.failedStatus]) };
  return progress.error ?? record.lastError;
}

function metaOf(record: RequestRecord, progress: JobProgress | undefined): TranscriptMeta {
  const { title, showName, publishedAt, durationSeconds, pageUrl } = record;
  return { title, showName, publishedAt, durationSeconds, pageUrl, audioUrl: record.job?.audioUrl ?? pageUrl, preview: isPreview(record, progress) };
}

function render(view: View): void {
  const { record, progress } = view;
  if (!record) return;
  document.title = `${record.title} — ${i18n.t('viewTitle')}`;
  part(head, [record.title, record.showName, record.publishedAt, record.durationSeconds], () => [episodeCard(record, locale)]);

  const [line, tone] = stageLine(record, progress);
  if (stage.textContent !== line) stage.textContent = line;
  stage.dataset.tone = tone;

  const preview = isPreview(record, progress);
  const locked = progress?.previewLocked ?? (record.job?.previewMessage || record.job?.upgradeUrl ? { message: record.job.previewMessage, upgradeUrl: record.job.upgradeUrl } : undefined);
  const error = errorOf(record, progress);
  part(notices, [preview, locked, error], () => [preview ? previewNotice(locked) : null, error ? jobErrorNotice(error) : null]);

  const text = progress ? transcriptText(progress) : '';
  const finished = progress?.phase === 'finished' && text !== '';
  const links = jobLinksOf(record.job);
  const resultUrl = links ? jobUrls(jobClient(record.job, view.configured), links).result : undefined;
  part(actions, [finished, resultUrl, view.jobId], () => [
    finished ? transcriptActions({ text: () => (view.progress ? transcriptText(view.progress) : ''), meta: metaOf(record, progress), resultUrl, announce }) : null,
  ]);

  textNode.classList.toggle('empty-text', text === '');
  const shown = text || i18n.t('textPlaceholder');
  if (textNode.textContent !== shown) textNode.textContent = shown;
}

/** Tells the background what the job did, so the history and the notification follow. */
function report(view: View, jobId: string, update: JobUpdate): void {
  tell({ type: 'job-update', key: view.key, jobId, update, seen: document.visibilityState === 'visible' });
}

/** Follows one job until it ends or the view moves to another job, saving its text as it comes. */
async function follow(view: View, record: RequestRecord, links: JobLinks, run: AbortController): Promise<void> {
  const jobId = links.id;
  const saved = await jobTexts.get(jobId);
  const job = record.job;
  const start = startProgress({ phase: record.phase, state: record.state, stage: job?.stage, mode: job?.mode, resultReady: job?.resultReady, lastError: record.lastError }, saved);
  let latest = start;
  let savedAs = saved;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let toldNotKept: string | undefined;
  const save = () => {
    saveTimer = undefined;
    const now = savedProgress(latest);
    if (savedAs && now.chunks === savedAs.chunks && now.lastEventId === savedAs.lastEventId && now.finalText === savedAs.finalText) return;
    savedAs = now;
    void jobTexts.put(jobId, now).then((outcome) => {
      if (outcome.saved) return;
      // Said once per kind of problem: the text stays on screen, it just is not kept.
      const said = outcome.problem === 'too-big' ? i18n.t('textTooBigToKeep') : outcome.problem === 'full' ? i18n.t('textNotKeptFull') : i18n.t('textNotKeptFailed');
      if (said !== toldNotKept) announce((toldNotKept = said), 'error');
    });
  };
  const show = (progress: JobProgress) => {
    latest = view.progress = progress;
    render(view);
    saveTimer ??= setTimeout(save, SAVE_EVERY_MS);
  };
  show(start);
  // Closing the view saves what it has at once (the browser lets an extension call finish).
  const onHide = () => (clearTimeout(saveTimer), save());
  addEventListener('pagehide', onHide);
  await followJob({ client: jobClient(job, view.configured), links, start, signal: run.signal, onProgress: show, onUpdate: (update) => report(view, jobId, update) });
  removeEventListener('pagehide', onHide);
  clearTimeout(saveTimer);
  save();
}

/** Reads the job's record again (the background moved it on, or it has just been made). */
async function refresh(view: View): Promise<void> {
  const record = await requestHistory.get(view.key);
  view.record = record?.kind === 'job' ? record : undefined;
  if (!view.record) return;
  const links = jobLinksOf(view.record.job);
  if (links?.id !== view.jobId) {
    // A different job now stands for this audio (or none yet): follow that one.
    view.run?.abort();
    view.run = undefined;
    view.progress = undefined;
    view.jobId = links?.id;
    if (links) {
      const run = (view.run = new AbortController());
      void follow(view, view.record, links, run).catch(() => announce(i18n.t('stateUnreadable'), 'error'));
    }
  }
  render(view);
}

/** Without `?job=`: the recent transcriptions, each a link to its view. */
async function showRecent(): Promise<void> {
  document.title = i18n.t('viewTitle');
  textNode.hidden = true;
  // The index says which records are jobs, and when each was asked for: only the 20 shown are read.
  const newest = Object.entries(await requestHistory.index())
    .filter(([, summary]) => summary.kind === 'job')
    .sort(([, a], [, b]) => b.requestedAt - a.requestedAt)
    .slice(0, 20)
    .map(([key]) => key);
  const records = await requestHistory.getMany(newest);
  const jobs = newest.map((key) => records[key]).filter((r): r is RequestRecord => r?.kind === 'job');
  if (jobs.length === 0) {
    head.replaceChildren(el('div', { className: 'empty' }, [el('p', { text: i18n.t('viewNoJob') })]));
    return;
  }
  const now = Date.now();
  head.replaceChildren(
    el('h1', { className: 'empty-title', text: i18n.t('viewRecentJobs') }),
    el(
      'ul',
      { className: 'recent' },
      jobs.map((r) =>
        el('li', {}, [
          el('a', { text: r.title, attrs: { href: `?job=${encodeURIComponent(r.key)}`, dir: 'auto' } }),
          el('span', { className: 'state', text: formatRelative(r.requestedAt, now, locale) }),
        ]),
      ),
    ),
  );
}

async function start(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const publisherPage = params.get('publisher');
  if (publisherPage) return showPublisherTranscript(publisherPage, { head, stage, notices, actions, text: textNode, announce }, locale);
  const key = params.get('job');
  if (!key) return showRecent();
  const { baseUrl, apiKey } = await settings.get();
  const view: View = { key, configured: { baseUrl, apiKey } };
  requestHistory.watchKey(key, () => void refresh(view));
  stage.textContent = i18n.t('viewLoading');
  await refresh(view);
  if (view.record) return;
  // Opened together with the request for it: the record is usually a moment away.
  setTimeout(() => {
    if (view.record) return;
    stage.textContent = '';
    notices.replaceChildren(notice('info', i18n.t('viewUnknownJob')));
  }, RECORD_WAIT_MS);
}

start()
  .catch(() => notices.replaceChildren(notice('error', i18n.t('stateUnreadable'))))
  .finally(() => document.getElementById('app')!.removeAttribute('aria-busy'));
