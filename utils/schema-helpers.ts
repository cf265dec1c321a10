import * as z from 'zod/mini';
import { siteOf } from './sites';

/**
 * Building blocks for the extension's schemas. `zod/mini` (not `zod`) keeps the popup and the
 * background small: its functional API tree-shakes to the checks actually used.
 */

export const httpUrl = lazySchema(() =>
  z.string().check(
    z.maxLength(4096),
    z.refine((value) => /^https?:\/\//i.test(value) && URL.canParse(value), 'an http(s) URL'),
  ),
);

export const text = (max: number) => z.string().check(z.maxLength(max));
export const nonEmptyText = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
/**
 * A whole number, as `z.int()` accepts (a safe integer), through the refinement every bundle has
 * already: `z.int()`'s number-format type costs the popup 0.3 kB gzip of its 20 kB budget.
 */
export const integer = () => z.number().check(z.refine(Number.isSafeInteger, 'an integer'));
export const count = (max: number) => integer().check(z.nonnegative(), z.lte(max));

/** A response field that may be absent or `null`: both read as `undefined`. */
export const nullish = <T extends z.core.SomeType>(schema: T) =>
  z.pipe(
    z.nullish(schema),
    z.transform((v: z.output<T> | null | undefined) => v ?? undefined),
  );

/** A URL in a response: kept only when it is an absolute http(s) URL. */
export const lenientUrl = lazySchema(() => z.pipe(
  z.nullish(z.string()),
  z.transform((v: string | null | undefined) => (v && /^https?:\/\//i.test(v) && URL.canParse(v) ? v : undefined)),
));

/**
 * A schema built the first time anything touches it (a check, or a schema composing it being
 * built), not when its module loads. Building zod schemas is most of what evaluating
 * `background.js` costs (`npm run bench`), and the worker is evaluated again at every start,
 * while a start checks only what its one event needs. Every module-level schema is declared
 * through this, so a start builds only the schemas it uses. The value stands for the schema
 * itself (a proxy forwarding to it once built), so it composes like any schema; `z.lazy` would
 * too, but builds a schema of its own for each, and adds its type to every page's zod.
 * Declared free of side effects (the bundler's annotation below), as it is: a schema that none of
 * a bundle's code uses is left out of that bundle (0.5 kB gzip of the popup's).
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazySchema<T extends object>(build: () => T): T {
  let schema: T | undefined;
  const built = () => (schema ??= build());
  return new Proxy({} as T, {
    get: (_, key) => {
      const value: unknown = Reflect.get(built(), key);
      return value;
    },
    set: (_, key, value) => Reflect.set(built(), key, value),
    has: (_, key) => Reflect.has(built(), key),
    ownKeys: () => Reflect.ownKeys(built()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(built(), key);
      // A proxy may report a property as configurable only when its own target has it so.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(built()),
  });
}

/** A site as `utils/sites.ts` defines it: `https://host`, nothing more. */
export const siteSchema = lazySchema(() => z.string().check(
  z.maxLength(300),
  z.refine((value) => siteOf(value) === value, 'an http(s) site: scheme and host only'),
));
