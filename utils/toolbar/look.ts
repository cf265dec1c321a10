import { i18n } from '#i18n';
import type { TabState } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import type { LinkRequest } from '@/utils/storage';

/**
 * What the toolbar button says about a tab, at a glance. One pure function of the tab's state,
 * so the badge can never disagree with the popup.
 */
export interface ToolbarLook {
  /** An inactive (grey) icon where there is nothing to do. */
  active: boolean;
  badgeText: string;
  badgeColor: string;
  title: string;
}

const TITLE_MAX = 80;
const short = (title: string) => (title.length > TITLE_MAX ? `${title.slice(0, TITLE_MAX - 1)}…` : title);

export const BADGE = {
  episode: { text: '●', color: '#1f5fbf' },
  requested: { text: '…', color: '#8a5a00' },
  available: { text: '✓', color: '#17693a' },
  error: { text: '!', color: '#a4262c' },
} as const;

export function toolbarLook(state: TabState): ToolbarLook {
  if (state.status !== 'episode') {
    return { active: false, badgeText: '', badgeColor: BADGE.episode.color, title: i18n.t('toolbarIdle') };
  }
  const title = short(state.episode.title);
  const request = state.request;
  // Failed, or not sent yet because the last attempt failed (it will be retried): worth a look.
  if (request?.phase === 'failed' || (request?.phase === 'unsent' && request.lastError)) {
    return { active: true, badgeText: BADGE.error.text, badgeColor: BADGE.error.color, title: i18n.t('toolbarError') };
  }
  if (request?.phase === 'available' || request?.transcriptUrl || (state.catalogue?.status === 'found' && state.catalogue.transcriptUrl)) {
    return { active: true, badgeText: BADGE.available.text, badgeColor: BADGE.available.color, title: i18n.t('toolbarAvailable', [title]) };
  }
  if (request) {
    return { active: true, badgeText: BADGE.requested.text, badgeColor: BADGE.requested.color, title: i18n.t('toolbarRequested', [title]) };
  }
  return { active: true, badgeText: BADGE.episode.text, badgeColor: BADGE.episode.color, title: i18n.t('toolbarEpisode', [title]) };
}

/** A "working" entry older than this was left by a worker that stopped mid-way: no longer shown. */
export const LINK_WORKING_STALE_MS = 2 * 60_000;

/**
 * The toolbar on a tab where a link was right-clicked: the linked episode's request, followed
 * like any other (`record` is its current request record, when there is one). `undefined` when
 * there is nothing to show, so the tab's own look applies.
 */
export function linkToolbarLook(link: LinkRequest, record: RequestRecord | undefined, now: number): ToolbarLook | undefined {
  if (link.status === 'working') {
    if (now - link.at > LINK_WORKING_STALE_MS) return undefined;
    return { active: true, badgeText: BADGE.requested.text, badgeColor: BADGE.requested.color, title: i18n.t('toolbarLinkWorking') };
  }
  if (link.status === 'failed' || record?.phase === 'failed' || (record?.phase === 'unsent' && record.lastError)) {
    const why = link.status === 'failed' ? link.message : (record?.lastError?.message ?? i18n.t('statusFailed'));
    return { active: true, badgeText: BADGE.error.text, badgeColor: BADGE.error.color, title: i18n.t('toolbarLinkFailed', [short(why)]) };
  }
  const title = short(link.title);
  if (record?.phase === 'available' || record?.transcriptUrl) {
    return { active: true, badgeText: BADGE.available.text, badgeColor: BADGE.available.color, title: i18n.t('toolbarLinkAvailable', [title]) };
  }
  return { active: true, badgeText: BADGE.requested.text, badgeColor: BADGE.requested.color, title: i18n.t('toolbarLinkRequested', [title]) };
}
