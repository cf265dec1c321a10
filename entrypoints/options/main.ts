import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { el } from '@/components/dom';
import { checkboxField, textField } from '@/components/field';
import { keyQuestion } from '@/components/key-question';
import { liveRequestHistoryList, type LiveHistoryList } from '@/components/request-history';
import { siteList } from '@/components/site-list';
import { ask } from '@/utils/ask';
import type { SettingsOutcome } from '@/utils/messages';
import { settings } from '@/utils/settings/store';
import { checkConnection, type ConnectionCheck } from '@/utils/stenobird/client';
import { baseOriginPattern, DEFAULT_STENOBIRD_BASE, isOnBase, normaliseBaseUrl, type BaseUrlProblem } from '@/utils/stenobird/urls';
import { alwaysDetectSites, requestHistory, type HistoryChanges } from '@/utils/storage';

/**
 * The options page: the Stenobird address and API key (with "Test connection"), notifications,
 * the sites detected automatically, and the request history. Settings are saved with one
 * button and read back from storage, so what the page shows is what the extension uses.
 */

const locale = navigator.language || 'en';
const byId = (id: string) => document.getElementById(id)!;
const text = (id: string, value: string) => void (byId(id).textContent = value);

function announce(region: HTMLElement, message: string, tone: 'info' | 'ok' | 'error' = 'info'): void {
  region.textContent = message;
  region.dataset.tone = tone;
}

function baseUrlProblemText(problem: BaseUrlProblem): string {
  switch (problem) {
    case 'empty':
      return i18n.t('baseUrlEmpty');
    case 'not-a-url':
      return i18n.t('baseUrlNotUrl');
    case 'not-https':
      return i18n.t('baseUrlNotHttps');
    case 'has-credentials':
      return i18n.t('baseUrlCredentials');
    case 'has-query':
      return i18n.t('baseUrlQuery');
  }
}

/**
 * Host permission for a base URL other than stenobird.com. Called straight from the click: the
 * browser shows its prompt only during a user gesture, so nothing is awaited before it.
 */
function askForBase(base: string): Promise<boolean> {
  if (isOnBase(base, DEFAULT_STENOBIRD_BASE)) return Promise.resolve(true);
  try {
    return browser.permissions.request({ origins: [baseOriginPattern(base)] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

function connectionText(result: ConnectionCheck, host: string): string {
  if (result.ok) return result.withKey ? i18n.t('connectionOk', [host]) : i18n.t('connectionOkNoKey', [host]);
  switch (result.problem) {
    case 'key-refused':
      return i18n.t('connectionKeyRefused', [host]);
    case 'payment-required':
      return i18n.t('connectionPayment');
    case 'not-stenobird':
      return i18n.t('connectionNotStenobird', [host]);
    case 'unreachable':
      return i18n.t('connectionFailed', [host, result.error.message]);
  }
}

async function renderSites(): Promise<void> {
  byId('sites').replaceChildren(siteList(await alwaysDetectSites.all(), (site) => void removeSite(site)));
}

async function removeSite(site: string): Promise<void> {
  const status = byId('sites-status');
  const host = new URL(site).hostname;
  const answer = await ask({ type: 'forget-always-detect-site', site }).catch(() => undefined);
  if (answer?.ok) {
    await renderSites();
    announce(status, i18n.t('optionsSiteRemoved', [host]), 'ok');
    // The button that had focus is gone: keep the keyboard user in this section.
    byId('sites-heading').focus();
  } else {
    announce(status, i18n.t('optionsSiteRemoveFailed', [host, answer ? answer.message : i18n.t('stateUnreadable')]), 'error');
  }
}

/** The history as shown; until it is first drawn, the changes that arrive wait in `pending`. */
let history: LiveHistoryList | undefined;
let pending: HistoryChanges[] = [];

function showClear(): void {
  const none = !history || history.size === 0;
  byId('clear-history').hidden = none;
  byId('clear-history-hint').hidden = none;
}

/** A request moved on, was added or cleared: its row alone is drawn again. */
function showChanges(changes: HistoryChanges): void {
  if (!history) return void pending.push(changes);
  for (const [key, record] of changes) history.update(key, record, Date.now());
  showClear();
}

/** Draws the whole history: at start, and when the Stenobird address its links go to changes. */
async function renderHistory(): Promise<void> {
  history = undefined;
  const [records, { baseUrl }] = await Promise.all([requestHistory.all(), settings.get()]);
  history = liveRequestHistoryList(Object.values(records), { baseUrl, locale }, Date.now());
  byId('history').replaceChildren(history.root);
  // What changed while the history was being read (each change carries its records whole).
  const arrived = pending;
  pending = [];
  for (const changes of arrived) showChanges(changes);
  showClear();
}

/**
 * The settings are the background's to write (it checks this page sent them): the page asks,
 * and shows what the background stored.
 */
async function saveSettings(values: { baseUrl: string; apiKey?: string; notifications: boolean }): Promise<SettingsOutcome> {
  return ask({ type: 'save-settings', settings: values }).catch(() => ({ ok: false, message: i18n.t('settingsNotSaved') }));
}

/** The background is the history's one writer: it clears, this page shows the outcome. */
async function clearHistory(): Promise<void> {
  const status = byId('history-status');
  const answer = await ask({ type: 'clear-ended-requests' }).catch(() => undefined);
  // The rows it removed go as their records do (`showChanges`).
  if (answer?.ok) announce(status, i18n.t('optionsHistoryCleared'), 'ok');
  else announce(status, answer ? answer.message : i18n.t('optionsHistoryNotCleared'), 'error');
}

async function renderForm(): Promise<void> {
  const current = await settings.get();
  const status = byId('settings-status');
  const base = textField({
    id: 'base-url',
    label: i18n.t('optionsBaseUrl'),
    hint: i18n.t('optionsBaseUrlHint'),
    type: 'url',
    value: current.baseUrl,
    attrs: { autocomplete: 'url', spellcheck: 'false', inputmode: 'url' },
  });
  const key = textField({
    id: 'api-key',
    label: i18n.t('optionsApiKey'),
    hint: i18n.t('optionsApiKeyHint'),
    type: 'password',
    value: current.apiKey ?? '',
    attrs: { autocomplete: 'off', spellcheck: 'false' },
  });
  const notify = checkboxField({ id: 'notifications', label: i18n.t('optionsNotifications'), checked: current.notifications });
  const save = el('button', { className: 'primary', text: i18n.t('optionsSave'), attrs: { type: 'submit' } });
  const test = el('button', { className: 'secondary', text: i18n.t('optionsTestConnection'), attrs: { type: 'button' } });
  const form = byId('settings') as HTMLFormElement;
  const actions = el('div', { className: 'form-actions' }, [save, test]);
  form.replaceChildren(base.root, key.root, notify.root, actions);

  /** The typed address, checked; a problem is shown at the field and announced. */
  const validBase = (): string | undefined => {
    const parsed = normaliseBaseUrl(base.input.value);
    if (parsed.ok) {
      base.setError(undefined);
      return parsed.value;
    }
    base.setError(baseUrlProblemText(parsed.problem));
    base.input.focus();
    return undefined;
  };

  /** What is stored now: a change of address is judged against it. */
  let saved = current;
  let question: HTMLElement | undefined;
  const closeQuestion = () => {
    question?.remove();
    question = undefined;
  };

  const store = async (baseUrl: string, apiKey: string | undefined, said: string) => {
    const answer = await saveSettings({ baseUrl, apiKey, notifications: notify.input.checked });
    if (!answer.ok) return announce(status, answer.message, 'error');
    // The history links to episodes at the Stenobird address.
    if (answer.settings.baseUrl !== saved.baseUrl) void renderHistory();
    saved = answer.settings;
    base.input.value = answer.settings.baseUrl;
    key.input.value = answer.settings.apiKey ?? '';
    announce(status, said, 'ok');
  };

  /**
   * A new address with the old address's key: the key would go to the new address, so the user
   * says whether it should (by default, no). A key typed anew with the address is the answer.
   */
  const askAboutKey = (baseUrl: string, apiKey: string) => {
    closeQuestion();
    const asked = keyQuestion(new URL(baseUrl).hostname, (choice) => {
      closeQuestion();
      if (choice === 'cancel') {
        announce(status, i18n.t('optionsNotSaved'));
        return base.input.focus();
      }
      save.focus();
      void (choice === 'keep' ? store(baseUrl, apiKey, i18n.t('optionsSaved')) : store(baseUrl, undefined, i18n.t('optionsSavedKeyRemoved')));
    });
    question = asked.root;
    form.insertBefore(asked.root, actions);
    announce(status, '');
    asked.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    closeQuestion();
    const baseUrl = validBase();
    if (!baseUrl) return announce(status, i18n.t('baseUrlInvalid'), 'error');
    const access = askForBase(baseUrl);
    void (async () => {
      if (!(await access)) return announce(status, i18n.t('baseUrlDenied', [new URL(baseUrl).hostname]), 'error');
      const apiKey = key.input.value.trim() || undefined;
      if (apiKey && baseUrl !== saved.baseUrl && apiKey === saved.apiKey) return askAboutKey(baseUrl, apiKey);
      await store(baseUrl, apiKey, i18n.t('optionsSaved'));
    })();
  });

  let testing = false;
  test.addEventListener('click', () => {
    if (testing) return;
    const baseUrl = validBase();
    if (!baseUrl) return announce(status, i18n.t('baseUrlInvalid'), 'error');
    const access = askForBase(baseUrl);
    const host = new URL(baseUrl).hostname;
    testing = true;
    test.setAttribute('aria-disabled', 'true');
    announce(status, i18n.t('optionsTesting'));
    void (async () => {
      try {
        if (!(await access)) return announce(status, i18n.t('connectionDenied', [host]), 'error');
        // What is typed now is what is tested, saved or not.
        const result = await checkConnection({ baseUrl, apiKey: key.input.value.trim() || undefined });
        announce(status, connectionText(result, host), result.ok ? 'ok' : 'error');
      } finally {
        testing = false;
        test.removeAttribute('aria-disabled');
      }
    })();
  });
}

async function start(): Promise<void> {
  document.documentElement.lang = i18n.t('@@ui_locale').replace('_', '-') || 'en';
  document.title = i18n.t('optionsTitle');
  text('bar-title', i18n.t('extName'));
  text('page-title', i18n.t('optionsTitle'));
  text('settings-heading', i18n.t('optionsStenobird'));
  text('sites-heading', i18n.t('optionsSites'));
  text('sites-hint', i18n.t('optionsSitesHint'));
  text('history-heading', i18n.t('optionsHistory'));
  text('history-hint', i18n.t('optionsHistoryHint'));
  text('clear-history', i18n.t('optionsClearHistory'));
  text('clear-history-hint', i18n.t('optionsClearHistoryHint'));
  byId('sites-heading').tabIndex = -1;

  byId('clear-history').addEventListener('click', () => void clearHistory());
  // Requests move on and sites are added from the popup while this page is open.
  requestHistory.watch(showChanges);
  alwaysDetectSites.watch(() => void renderSites());
  await Promise.all([renderForm(), renderSites(), renderHistory()]);
}

void start().finally(() => byId('options').removeAttribute('aria-busy'));
