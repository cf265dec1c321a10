import * as z from 'zod/mini';
import { integer, lazySchema } from '../schema-helpers';
import type { StenobirdError } from './errors';

export const stenobirdErrorSchema = lazySchema(() => z.object({
  kind: z.enum(['not-found', 'rate-limited', 'unauthorised', 'bad-request', 'service-error', 'timeout', 'offline', 'malformed', 'too-large', 'redirected']),
  message: z.string().check(z.maxLength(2_000)),
  status: z.optional(integer()),
  retryAt: z.optional(z.number()),
  code: z.optional(z.string().check(z.maxLength(100))),
  serverMessage: z.optional(z.string().check(z.maxLength(300))),
}) satisfies z.ZodMiniType<StenobirdError>);
