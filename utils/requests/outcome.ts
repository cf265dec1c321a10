import { i18n } from '#i18n';
import type { RequestOutcome } from '@/utils/messages';
import type { ClientResult } from '@/utils/stenobird/client';
import type { StorageProblem } from '@/utils/storage-problem';
import { isActive, type RequestRecord } from './record';

/**
 * The outcome a caller (popup, menu, command) gets, for either kind; `record` on a failure
 * means "kept, will retry", so a request storage could not keep (`unsaved`) carries none.
 */
export function outcomeOf(result: ClientResult<unknown>, record: RequestRecord | undefined, unsaved?: StorageProblem): RequestOutcome {
  if (result.ok && record) return unsaved ? { ok: true, record, unsaved } : { ok: true, record };
  const error = result.ok ? { kind: 'malformed' as const, message: i18n.t('requestNotRecorded') } : result.error;
  if (unsaved) return { ok: false, error, unsaved };
  return { ok: false, error, record: record && isActive(record) ? record : undefined };
}
