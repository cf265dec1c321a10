import { i18n } from '#i18n';

/**
 * The one small set of things that can go wrong talking to Stenobird, each with a sentence a
 * user understands. Plain data (no classes) so it crosses extension messages and storage intact.
 */
export type StenobirdErrorKind =
  | 'not-found'
  | 'rate-limited'
  | 'unauthorised'
  | 'bad-request'
  | 'service-error'
  | 'timeout'
  | 'offline'
  | 'malformed'
  /** An answer larger than the extension reads for that call (nothing of it is kept). */
  | 'too-large'
  /** A redirect away from the Stenobird address in the options, which is not followed. */
  | 'redirected';

export interface StenobirdError {
  kind: StenobirdErrorKind;
  message: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** When a rate-limited or busy call may be tried again (epoch ms). */
  retryAt?: number;
  /** The error envelope's `code` (e.g. `transcript_not_ready`), when there was one. */
  code?: string;
  /** The server's own sentence, kept only when it is short plain text (shown as text, never markup). */
  serverMessage?: string;
}

/** Looked up when needed (not at import): `i18n` is only ready once the extension runs. */
const SENTENCES: Record<StenobirdErrorKind, () => string> = {
  'not-found': () => i18n.t('errNotFound'),
  'rate-limited': () => i18n.t('errRateLimited'),
  unauthorised: () => i18n.t('errUnauthorised'),
  'bad-request': () => i18n.t('errBadRequest'),
  'service-error': () => i18n.t('errServiceError'),
  timeout: () => i18n.t('errTimeout'),
  offline: () => i18n.t('errOffline'),
  malformed: () => i18n.t('errMalformed'),
  'too-large': () => i18n.t('errTooLarge'),
  redirected: () => i18n.t('errRedirected'),
};

/** The plain sentence for a kind of failure, without advice on when to try again. */
export function errorSentence(kind: StenobirdErrorKind): string {
  return SENTENCES[kind]();
}

/** A server's sentence worth showing: short, one line of plain text, no markup. */
export function plainServerMessage(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed && trimmed.length <= 300 && !/[<>\n\r]/.test(trimmed) ? trimmed : undefined;
}

export function stenobirdError(
  kind: StenobirdErrorKind,
  detail: { status?: number; retryAt?: number; serverMessage?: string; code?: string } = {},
): StenobirdError {
  let message = SENTENCES[kind]();
  if (detail.retryAt !== undefined) {
    const time = new Date(detail.retryAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    message += ` ${i18n.t('errTryAfter', [time])}`;
  } else if (kind === 'service-error' || kind === 'timeout') {
    message += ` ${i18n.t('errTryMoment')}`;
  }
  if (detail.status !== undefined && kind !== 'not-found') message += ` ${i18n.t('errHttpStatus', [String(detail.status)])}`;
  // A server's own sentence is shown only when it is short plain text, never raw markup.
  const serverMessage = plainServerMessage(detail.serverMessage);
  if (serverMessage) message += ` ${i18n.t('errServerSays', [serverMessage])}`;
  const code = detail.code && /^[a-z0-9_.-]{1,100}$/i.test(detail.code) ? detail.code : undefined;
  return { kind, message, status: detail.status, retryAt: detail.retryAt, code, serverMessage };
}

/**
 * The show on the page could not be identified, so no catalogue look-up was made (contract §6.3):
 * said as that, never as "not in the catalogue". `not-found` in kind (nothing to send, and trying
 * again later does not help by itself), its own sentence.
 */
export function showUnidentified(): StenobirdError {
  return { kind: 'not-found', message: i18n.t('showUnidentified') };
}
