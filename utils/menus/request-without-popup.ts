import { i18n } from '#i18n';
import type { RequestOutcome } from '@/utils/messages';
import { linkRequests } from '@/utils/storage';
import { currentReport } from '@/utils/tab-report';
import { detectInTab, showsPlainHttp } from '@/utils/pages/detect-in-tab';
import { tellOutcome } from '@/utils/notifications';
import { requestTranscript } from '@/utils/requests/request-transcript';
import { resolveLink } from '@/utils/links/resolve-link';
import { transcribeAndShow } from '@/utils/requests/transcribe-audio';

/**
 * Requests made without the popup: the right-click menu (on a page or a link) and the keyboard
 * shortcut. Both call the same `requestTranscript` service as the popup. With no popup to
 * answer in, the outcome is shown by the toolbar badge on the tab (repainted from storage by
 * `toolbar.ts`) and told in a notification.
 */

/** The episode shown in a tab (the menu on a page, or the shortcut). */
export async function requestForTab(tabId: number): Promise<RequestOutcome> {
  // What the tab's page confirms (utils/tab-report.ts), not an episode a page before it showed.
  // A page no content script ran on (a custom Fireside domain): the click or the key press
  // granted `activeTab`, so it can be read now, the same way the popup reads it.
  if (!(await currentReport(tabId))) await detectInTab(tabId);
  const report = await currentReport(tabId);
  // A page sent over plain http is not read at all: say that, not "no episode here".
  const why = report?.status !== 'episode' && (await showsPlainHttp(tabId)) ? i18n.t('httpPageHint') : i18n.t('noEpisodeHere');
  const outcome: RequestOutcome =
    report?.status === 'episode' ? await requestTranscript(report.episode) : { ok: false, error: { kind: 'not-found', message: why } };
  await tellOutcome(outcome, report?.status === 'episode' ? report.episode.title : undefined);
  return outcome;
}

/**
 * The episode a right-clicked link points at, resolved without opening it. `access` is the
 * answer to the permission request the click made for the link's site (custom domains only),
 * asked synchronously while the click still counted as a user gesture.
 */
export async function requestForLink(linkUrl: string, tabId: number | undefined, access?: Promise<boolean>): Promise<RequestOutcome> {
  const show = (value: Parameters<typeof linkRequests.set>[1]) => (tabId === undefined ? undefined : linkRequests.set(tabId, value));
  await show({ status: 'working', at: Date.now() });
  await access;
  const resolution = await resolveLink(linkUrl);
  if (resolution.kind !== 'episode') {
    const message = resolution.kind === 'no-access' ? i18n.t('linkNoAccess', [resolution.host]) : resolution.message;
    const outcome: RequestOutcome = { ok: false, error: { kind: resolution.kind === 'unreadable' ? 'offline' : 'not-found', message } };
    await show({ status: 'failed', message });
    await tellOutcome(outcome);
    return outcome;
  }
  const { episode } = resolution;
  const outcome = await requestTranscript(episode);
  // A request kept to be sent later has a record too: the badge follows it like any other.
  await show(outcome.record ? { status: 'requested', key: outcome.record.key, title: outcome.record.title } : { status: 'failed', message: outcome.ok ? '' : outcome.error.message });
  await tellOutcome(outcome, episode.title);
  return outcome;
}

/**
 * "Transcribe the episode's audio" on a link to an episode page: the link is resolved as for a
 * request, then its audio is transcribed. Resolving takes a fetch, so the click's user gesture
 * is spent and the transcript view opens in a tab rather than the side panel.
 */
export async function transcribeForLink(linkUrl: string, tabId: number | undefined, access?: Promise<boolean>): Promise<RequestOutcome> {
  await access;
  const resolution = await resolveLink(linkUrl);
  if (resolution.kind !== 'episode' || !resolution.episode.audioUrl) {
    const message =
      resolution.kind === 'no-access'
        ? i18n.t('linkNoAccess', [resolution.host])
        : resolution.kind === 'episode'
          ? i18n.t('noAudioForEpisode')
          : resolution.message;
    const outcome: RequestOutcome = { ok: false, error: { kind: resolution.kind === 'unreadable' ? 'offline' : 'not-found', message } };
    await tellOutcome(outcome);
    return outcome;
  }
  return transcribeAndShow(resolution.episode, tabId);
}
