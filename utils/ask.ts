import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { pageAnswerSchemas, type PageAnswer, type PageMessageOf, type PageMessageType } from './messages';

/**
 * Why a page got no answer it can use: `unreachable`, the background did not answer (it threw,
 * or is restarting); `unreadable`, its answer is not the protocol's. Pages say which.
 */
export class NoAnswer extends Error {
  constructor(readonly reason: 'unreachable' | 'unreadable', options?: { cause?: unknown }) {
    super(`The background's answer was ${reason}`, options);
  }
}

/**
 * An extension page asks the background one thing and gets its typed answer, checked against the
 * protocol (`pageAnswerSchemas` in `utils/messages.ts`): the one way pages talk to the background.
 * Throws `NoAnswer`, so every caller decides what the user sees when there is none.
 */
export async function ask<T extends PageMessageType>(message: PageMessageOf<T>): Promise<PageAnswer<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage(message);
  } catch (error) {
    throw new NoAnswer('unreachable', { cause: error });
  }
  // Each type's schema, looked up by the message's own type: the map pairs them.
  const schema = pageAnswerSchemas[message.type] as z.ZodMiniType<unknown>;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new NoAnswer('unreadable');
  return parsed.data as PageAnswer<T>;
}

/** The same, for a page that only tells the background something and reads no answer. */
export function tell<T extends PageMessageType>(message: PageMessageOf<T>): void {
  browser.runtime.sendMessage(message).catch(() => undefined);
}
