import * as z from 'zod/mini';
import { defineBackground } from 'wxt/utils/define-background';

// Each zod type and check the real worker's schemas use, built once and used on every message.
export default defineBackground(() => {
  const schema = z.object({
    text: z.string().check(z.maxLength(9), z.minLength(1), z.regex(/^[a-z]+$/), z.trim()),
    count: z.optional(z.number().check(z.nonnegative(), z.lte(3), z.gte(0), z.refine(Number.isSafeInteger))),
    kind: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), flags: z.array(z.boolean()) })]),
    either: z.union([z.pipe(z.nullish(z.string()), z.transform((v) => v ?? '')), z.enum(['p', 'q'])]),
    map: z.record(z.string(), z.unknown()),
    at: z.nullable(z.string().check(z.regex(/^\d{4}-\d\d-\d\dT/))),
  });
  chrome.runtime.onMessage.addListener((message) => void schema.safeParse(message));
});
