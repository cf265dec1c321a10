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
  | 'malformed';

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

const SENTENCES: Record<StenobirdErrorKind, string> = {
  'not-found': 'This episode is not in the Stenobird catalogue.',
  'rate-limited': 'Stenobird is receiving too many requests.',
  unauthorised: 'Stenobird did not accept the API key. Check it in the options.',
  'bad-request': 'Stenobird did not accept the request.',
  'service-error': 'Stenobird is having trouble right now.',
  timeout: 'Stenobird did not answer in time.',
  offline: 'You appear to be offline, so Stenobird could not be reached.',
  malformed: 'Stenobird sent an answer the extension could not read.',
};

/** The plain sentence for a kind of failure, without advice on when to try again. */
export function errorSentence(kind: StenobirdErrorKind): string {
  return SENTENCES[kind];
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
  let message = SENTENCES[kind];
  if (detail.retryAt !== undefined) {
    message += ` Try again after ${new Date(detail.retryAt).toLocaleTimeString()}.`;
  } else if (kind === 'service-error' || kind === 'timeout') {
    message += ' Try again in a moment.';
  }
  if (detail.status !== undefined && kind !== 'not-found') message += ` (HTTP ${detail.status})`;
  // A server's own sentence is shown only when it is short plain text, never raw markup.
  const serverMessage = plainServerMessage(detail.serverMessage);
  if (serverMessage) message += ` Stenobird says: “${serverMessage}”`;
  const code = detail.code && /^[a-z0-9_.-]{1,100}$/i.test(detail.code) ? detail.code : undefined;
  return { kind, message, status: detail.status, retryAt: detail.retryAt, code, serverMessage };
}
