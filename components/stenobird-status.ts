import { i18n } from '#i18n';
import { formatRelative } from '@/utils/format';
import type { RequestOutcome } from '@/utils/messages';
import type { RequestRecord } from '@/utils/requests';
import { ACCEPTED_UNREAD } from '@/utils/stenobird/accepted';
import { errorSentence } from '@/utils/stenobird/errors';
import { el } from './dom';

/** What is known of an episode at Stenobird, as the popup shows it. */
export interface StenobirdStatus {
  /** `unidentified`: the show on the page is not known, so the catalogue was not asked (not a miss). */
  catalogue: 'checking' | 'in' | 'not-in' | 'unidentified' | 'error' | 'unknown';
  /** Why the catalogue could not be checked, when `catalogue` is `error`. */
  catalogueError?: string;
  /** Stenobird's own word, shown verbatim when it is not one we know. */
  processingState?: string;
  transcriptUrl?: string;
  request?: RequestRecord;
  /** The catalogue's `transcription_request`: somebody (anybody) asked Stenobird, and when. */
  requestedOnStenobird?: { status: string; at?: number };
  /** The catalogue's status, drawn from the cache, is being read again. */
  refreshing?: boolean;
  /** Reading it again failed (why), so what is shown is as of `checkedAt`. */
  refreshError?: string;
  checkedAt?: number;
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
    case ACCEPTED_UNREAD:
      return i18n.t('statusAccepted');
    case 'failed':
      return i18n.t('statusFailed');
    default:
      return i18n.t('statusUnknownRequest', [state]);
  }
}

/** When a kept (not yet sent) request goes out again, in words. */
export function whenSentAgain(record: RequestRecord): string {
  if (record.lastError?.kind === 'offline') return i18n.t('sendWhenOnline');
  if (record.nextCheckAt === undefined) return i18n.t('sendLater');
  return i18n.t('sendAt', [new Date(record.nextCheckAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })]);
}

/**
 * The outcome of a request that could not be sent now but is kept: why, and when it goes again
 * (rather than the bare error's "try again", which the extension does by itself).
 */
export function keptRequestText(record: RequestRecord): string {
  const error = record.lastError;
  const why = error ? `${errorSentence(error.kind).replace(/\.$/, '')}${error.status ? ` (HTTP ${error.status})` : ''}.` : '';
  return i18n.t('outcomeKept', [why, whenSentAgain(record)]).trim();
}

/**
 * What to tell of a request storage could not keep (`unsaved`): sent or not, nothing will
 * follow it up, and where there is no room, how to make some. `undefined` when it was kept.
 */
export function notKeptText(outcome: RequestOutcome): string | undefined {
  if (!outcome.unsaved) return undefined;
  const full = outcome.unsaved === 'full';
  if (outcome.ok) return i18n.t(full ? 'requestedNotKeptFull' : 'requestedNotKeptFailed');
  return i18n.t(full ? 'notSentNotKeptFull' : 'notSentNotKeptFailed', [outcome.error.message]);
}

/** A request's line in the status list, by where it stands. */
export function requestLine(record: RequestRecord): [string, string] {
  switch (record.phase) {
    case 'unsent':
      return ['bad', i18n.t('statusUnsent', [whenSentAgain(record)])];
    case 'failed':
      return ['bad', record.lastError?.message ?? i18n.t('statusFailed')];
    case 'available':
      return ['ok', i18n.t('statusAvailable')];
    case 'following':
      return ['ok', requestStateText(record.state)];
  }
}

export function stenobirdStatus(status: StenobirdStatus, locale: string, now: number): HTMLElement {
  const lines: Array<[string, string]> = [];
  if (status.catalogue === 'checking') lines.push(['checking', i18n.t('statusChecking')]);
  if (status.catalogue === 'in') lines.push(['ok', i18n.t('statusInCatalogue')]);
  if (status.catalogue === 'not-in') lines.push(['muted', i18n.t('statusNotInCatalogue')]);
  if (status.catalogue === 'unidentified') lines.push(['bad', i18n.t('showUnidentified')]);
  if (status.catalogue === 'error') lines.push(['bad', i18n.t('statusCatalogueError', [status.catalogueError ?? ''])]);
  if (status.processingState && status.processingState !== 'processed') {
    lines.push(['muted', i18n.t('statusProcessing', [status.processingState])]);
  }
  if (status.request) {
    lines.push(['muted', i18n.t('statusRequestedAt', [formatRelative(status.request.requestedAt, now, locale)])]);
    lines.push(requestLine(status.request));
  } else if (status.transcriptUrl) {
    lines.push(['ok', i18n.t('statusAvailable')]);
  } else if (status.requestedOnStenobird) {
    // Asked for by somebody else (or by this user elsewhere): what the catalogue says of it.
    const { at, status: state } = status.requestedOnStenobird;
    lines.push(['muted', at === undefined ? i18n.t('statusRequestedOnStenobird') : i18n.t('statusRequestedOnStenobirdAt', [formatRelative(at, now, locale)])]);
    lines.push(['ok', requestStateText(state)]);
  }
  if (status.refreshError) {
    const when = status.checkedAt === undefined ? '' : formatRelative(status.checkedAt, now, locale);
    lines.push(['bad', when ? i18n.t('statusAsOf', [when, status.refreshError]) : i18n.t('statusCatalogueError', [status.refreshError])]);
  }
  const list = el(
    'ul',
    { className: 'stenobird-status', attrs: { 'aria-label': 'Stenobird' } },
    lines.map(([tone, text]) => el('li', { className: tone, text })),
  );
  // Drawn from the cache while Stenobird is asked again: the lines may change in place.
  if (status.refreshing) list.setAttribute('aria-busy', 'true');
  return list;
}
