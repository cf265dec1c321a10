import type { ClientOptions } from '@/utils/stenobird/client';
import { settings } from '@/utils/storage';

/** The Stenobird client as the user configured it (base URL, API key). */
export async function clientOptions(): Promise<ClientOptions> {
  const { baseUrl, apiKey } = await settings.get();
  return { baseUrl, apiKey };
}
