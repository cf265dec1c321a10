import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { keptRequestText, notKeptText } from '@/components/stenobird-status';
import { jobErrorText } from '@/utils/job-errors';
import type { RequestOutcome } from '@/utils/messages';
import { refOf, type RequestRecord } from '@/utils/requests';
import { ACCEPTED_UNREAD } from '@/utils/stenobird/accepted';
import { episodePageUrl } from '@/utils/stenobird/urls';
import { requestHistory, settings } from '@/utils/storage';
import { openTranscriptView } from '@/utils/transcript-view';

/**
 * Browser notifications (unless switched off in the settings): the end of a followed request,
 * and the outcome of a request made without the popup (right-click menu, keyboard shortcut).
 * A request's notifications share one id, so the end replaces the "requested" one; a click
 * opens the transcript (a job's transcript view), or the episode's Stenobird page.
 */

const PREFIX = 'stenobird-request:';
/** A request that was not made (no episode, a link that could not be read): nothing to open. */
const NOTE_PREFIX = 'stenobird-note:';

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Title and message of the notification for an ended request or job. */
function wording(record: RequestRecord): { title: string; message: string } {
  const title = clip(record.title);
  if (record.phase !== 'available') {
    const error = record.lastError;
    if (record.kind === 'job') {
      return { title: i18n.t('notifyJobFailedTitle'), message: i18n.t('notifyFailedMessage', [title, error ? jobErrorText(error) : i18n.t('jobFailed')]) };
    }
    return { title: i18n.t('notifyFailedTitle'), message: i18n.t('notifyFailedMessage', [title, error?.message ?? i18n.t('statusFailed')]) };
  }
  if (record.kind !== 'job') return { title: i18n.t('notifyReadyTitle'), message: i18n.t('notifyReadyMessage', [title]) };
  return record.job?.requested === 'preview'
    ? { title: i18n.t('notifyPreviewReadyTitle'), message: i18n.t('notifyPreviewReadyMessage', [title]) }
    : { title: i18n.t('notifyJobReadyTitle'), message: i18n.t('notifyJobReadyMessage', [title]) };
}

/**
 * Tells the user a followed record has ended. `commit` calls it, when notifications are on,
 * after storing the end with its `notifiedAt` (one write for the end and the mark).
 */
export async function announce(record: RequestRecord): Promise<void> {
  await browser.notifications.create(`${PREFIX}${record.key}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    ...wording(record),
  });
}

/**
 * How a request made from the menu or the shortcut went: requested (or already had), kept to be
 * sent later, or not made at all (`title`: the episode, when one was found).
 */
export async function tellOutcome(outcome: RequestOutcome, title?: string): Promise<void> {
  if (!(await settings.get()).notifications) return;
  let told: { id: string; title: string; message: string };
  const notKept = notKeptText(outcome);
  if (notKept) {
    const name = outcome.ok ? outcome.record.title : title;
    told = {
      id: `${NOTE_PREFIX}${Date.now()}`,
      title: outcome.ok ? i18n.t('notifyRequestedTitle') : i18n.t('notifyNotRequestedTitle'),
      message: name ? i18n.t('notifyTitledMessage', [clip(name), notKept]) : notKept,
    };
  } else if (outcome.ok) {
    const name = clip(outcome.record.title);
    told =
      outcome.record.phase === 'available'
        ? { id: PREFIX + outcome.record.key, title: i18n.t('notifyReadyTitle'), message: i18n.t('notifyReadyMessage', [name]) }
        : {
            id: PREFIX + outcome.record.key,
            title: i18n.t('notifyRequestedTitle'),
            message: i18n.t(
              outcome.record.state === 'already_requested' ? 'notifyAlreadyMessage' : outcome.record.state === ACCEPTED_UNREAD ? 'notifyAcceptedMessage' : 'notifyRequestedMessage',
              [name],
            ),
          };
  } else if (outcome.record) {
    const record = outcome.record;
    told = { id: PREFIX + record.key, title: i18n.t('notifyKeptTitle'), message: i18n.t('notifyTitledMessage', [clip(record.title), keptRequestText(record)]) };
  } else {
    const message = title ? i18n.t('notifyTitledMessage', [clip(title), outcome.error.message]) : outcome.error.message;
    told = { id: `${NOTE_PREFIX}${Date.now()}`, title: i18n.t('notifyNotRequestedTitle'), message };
  }
  await browser.notifications.create(told.id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: told.title, message: told.message });
}

async function openFor(notificationId: string): Promise<void> {
  if (notificationId.startsWith(NOTE_PREFIX)) await browser.notifications.clear(notificationId);
  if (!notificationId.startsWith(PREFIX)) return;
  const record = await requestHistory.get(notificationId.slice(PREFIX.length));
  await browser.notifications.clear(notificationId);
  if (!record) return;
  // A job's text is in its transcript view (there is no page of it to open).
  if (record.kind === 'job') return openTranscriptView(record.key);
  const ref = refOf(record);
  const url = record.transcriptUrl ?? (ref ? episodePageUrl((await settings.get()).baseUrl, ref) : record.pageUrl);
  await browser.tabs.create({ url });
}

export function registerNotificationClicks(): void {
  browser.notifications.onClicked.addListener((id) => void openFor(id));
}
