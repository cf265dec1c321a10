import { i18n } from '#i18n';
import type { TabState } from './messages';

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
