import * as z from 'zod/mini';
import { siteOf } from './sites';

/**
 * Building blocks for the extension's schemas. `zod/mini` (not `zod`) keeps the popup and the
 * background small: its functional API tree-shakes to the checks actually used.
 */

export const httpUrl = z
  .string()
  .check(
    z.maxLength(4096),
    z.refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'an http(s) URL'),
  );

export const text = (max: number) => z.string().check(z.maxLength(max));
export const nonEmptyText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
export const count = (max: number) => z.int().check(z.nonnegative(), z.lte(max));

/** A response field that may be absent or `null`: both read as `undefined`. */
export const nullish = <T extends z.core.SomeType>(schema: T) =>
  z.pipe(
    z.nullish(schema),
    z.transform((v: z.output<T> | null | undefined) => v ?? undefined),
  );

/** A URL in a response: kept only when it is an absolute http(s) URL. */
export const lenientUrl = z.pipe(
  z.nullish(z.string()),
  z.transform((v: string | null | undefined) => (v && /^https?:\/\//i.test(v) && URL.canParse(v) ? v : undefined)),
);

/**
 * A schema built the first time something is checked against it, not when its module loads:
 * building zod schemas is most of what starting the background costs, and most starts check
 * few of them. Offers `safeParse` and `parse` only (enough for a body read at a boundary), not
 * a schema to compose; `z.lazy` would compose too, but adds its own schema type to every page's
 * zod.
 */
export function onFirstUse<T extends z.ZodMiniType>(build: () => T): Pick<T, 'safeParse' | 'parse'> {
  let schema: T | undefined;
  const built = () => (schema ??= build());
  return {
    safeParse: ((value: unknown) => built().safeParse(value)) as T['safeParse'],
    parse: ((value: unknown) => built().parse(value)) as T['parse'],
  };
}

/** A site as `utils/sites.ts` defines it: `https://host`, nothing more. */
export const siteSchema = z.string().check(
  z.maxLength(300),
  z.refine((value) => siteOf(value) === value, 'an http(s) site: scheme and host only'),
);
