import { i18n } from '#i18n';
import type { StenobirdError } from './stenobird/errors';

/**
 * What went wrong with a transcript job, in words that say what to do: a refused key points to
 * the options, a rejected audio URL gives Stenobird's reason when it is short plain text.
 */
export function jobErrorText(error: StenobirdError): string {
  switch (error.kind) {
    case 'unauthorised':
      return error.status === 402 ? i18n.t('jobErrorPayment') : i18n.t('jobErrorUnauthorised');
    case 'bad-request':
      return error.serverMessage ? i18n.t('jobErrorRejectedSays', [error.serverMessage]) : i18n.t('jobErrorRejected');
    case 'not-found':
      return i18n.t('jobErrorGone');
    default:
      return error.message;
  }
}

/** Whether the user can fix it in the options (the API key). */
export const isKeyProblem = (error: StenobirdError | undefined) => error?.kind === 'unauthorised';
