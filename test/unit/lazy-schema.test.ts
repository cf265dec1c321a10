import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { lazySchema } from '@/utils/schema-helpers';

/**
 * Module-level schemas are built on first use (`lazySchema`), so that evaluating
 * `background.js` at each start of the worker builds none it does not need. A lazy schema must
 * check exactly as the schema it stands for, alone and inside others.
 */
describe('a schema built on first use', () => {
  it('is not built when declared, and is built once however often it is used', () => {
    const build = vi.fn(() => z.object({ n: z.number() }));
    const schema = lazySchema(build);
    expect(build).not.toHaveBeenCalled();
    expect(schema.safeParse({ n: 1 }).success).toBe(true);
    expect(schema.safeParse({ n: 'one' }).success).toBe(false);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('is not built when a lazy schema composing it is declared', () => {
    const inner = vi.fn(() => z.string().check(z.maxLength(3)));
    const part = lazySchema(inner);
    const whole = lazySchema(() => z.object({ name: part }));
    expect(inner).not.toHaveBeenCalled();
    expect(whole.safeParse({ name: 'abc' }).success).toBe(true);
    expect(inner).toHaveBeenCalledTimes(1);
  });

  it('checks inside objects, arrays, optionals, pipes and discriminated unions as the schema itself does', () => {
    const plain = z.object({ kind: z.literal('a'), n: z.number().check(z.gte(0)) });
    const lazy = lazySchema(() => z.object({ kind: z.literal('a'), n: z.number().check(z.gte(0)) }));
    const other = z.object({ kind: z.literal('b') });
    const build = (option: typeof plain) => z.object({
      one: option,
      many: z.array(option),
      maybe: z.optional(option),
      union: z.discriminatedUnion('kind', [option, other]),
      doubled: z.pipe(option, z.transform((v) => v.n * 2)),
    });
    const inputs: unknown[] = [
      { one: { kind: 'a', n: 1 }, many: [{ kind: 'a', n: 2 }], union: { kind: 'b' }, doubled: { kind: 'a', n: 4 } },
      { one: { kind: 'a', n: 1 }, many: [], maybe: { kind: 'a', n: 3 }, union: { kind: 'a', n: 0 }, doubled: { kind: 'a', n: 1 } },
      { one: { kind: 'a', n: -1 }, many: [], union: { kind: 'b' }, doubled: { kind: 'a', n: 1 } },
      { one: { kind: 'a', n: 1 }, many: [{ kind: 'b' }], union: { kind: 'b' }, doubled: { kind: 'a', n: 1 } },
      { one: { kind: 'a', n: 1 }, many: [], union: { kind: 'c' }, doubled: { kind: 'a', n: 1 } },
      'not an object',
    ];
    for (const input of inputs) {
      const expected = build(plain).safeParse(input);
      const actual = build(lazy).safeParse(input);
      expect(actual.success).toBe(expected.success);
      if (expected.success) expect(actual.data).toEqual(expected.data);
    }
    expect(inputs.filter((input) => build(lazy).safeParse(input).success)).toHaveLength(2);
    expect(build(lazy).parse(inputs[0])).toMatchObject({ doubled: 8 });
  });
});
