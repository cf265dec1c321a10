import { i18n } from '#i18n';
import { formatRelative } from '@/utils/format';
import type { RequestRecord } from '@/utils/requests';
import { el } from './dom';

/** What is known of an episode at Stenobird, as the popup shows it. */
export interface StenobirdStatus {
  catalogue: 'checking' | 'in' | 'not-in' | 'unknown';
  /** Stenobird's own word, shown verbatim when it is not one we know. */
  processingState?: string;
  transcriptUrl?: string;
  request?: RequestRecord;
}

/** The state of a request in words; Stenobird's unknown words are shown as they came. */
export function requestStateText(state: string): string {
  switch (state) {
    case 'queued':
    case 'already_requested':
    case 'pending':
    case 'sending':
      return i18n.t('statusQueued');
    case 'available':
      return i18n.t('statusAvailable');
    case 'failed':
      return i18n.t('statusFailed');
    default:
      return i18n.t('statusUnknownRequest', [state]);
  }
}

export function stenobirdStatus(status: StenobirdStatus, locale: string, now: number): HTMLElement {
  const lines: Array<[string, string]> = [];
  if (status.catalogue === 'checking') lines.push(['checking', i18n.t('statusChecking')]);
  if (status.catalogue === 'in') lines.push(['ok', i18n.t('statusInCatalogue')]);
  if (status.catalogue === 'not-in') lines.push(['muted', i18n.t('statusNotInCatalogue')]);
  if (status.processingState && status.processingState !== 'processed') {
    lines.push(['muted', i18n.t('statusProcessing', [status.processingState])]);
  }
  if (status.request) {
    lines.push(['muted', i18n.t('statusRequestedAt', [formatRelative(status.request.requestedAt, now, locale)])]);
    lines.push([status.request.state === 'failed' ? 'bad' : 'ok', requestStateText(status.request.state)]);
  } else if (status.transcriptUrl) {
    lines.push(['ok', i18n.t('statusAvailable')]);
  }
  return el(
    'ul',
    { className: 'stenobird-status', attrs: { 'aria-label': 'Stenobird' } },
    lines.map(([tone, text]) => el('li', { className: tone, text })),
  );
}
