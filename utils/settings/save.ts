import { i18n } from '#i18n';
import type { SettingsOutcome } from '@/utils/messages';
import { settingsWriter } from '@/utils/settings/owner';
import { normaliseBaseUrl } from '@/utils/stenobird/urls';

/**
 * The options page's "Save", done by the background (the settings' one writer). The page has
 * checked the address and asked for its host permission (within the click, as browsers require)
 * already; the address is checked again here, where it is written. (Whether the permission was
 * granted is the page's to act on: an address the extension may not reach only fails to answer.)
 */
export async function saveSettings(input: { baseUrl: string; apiKey?: string; notifications: boolean }): Promise<SettingsOutcome> {
  const base = normaliseBaseUrl(input.baseUrl);
  if (!base.ok) return { ok: false, message: i18n.t('baseUrlInvalid') };
  try {
    const saved = await settingsWriter.update({ baseUrl: base.value, apiKey: input.apiKey?.trim() || undefined, notifications: input.notifications });
    return { ok: true, settings: saved };
  } catch {
    return { ok: false, message: i18n.t('settingsNotSaved') };
  }
}
