import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { isoInstant } from '@/utils/episode-schema';
import { integer } from '@/utils/schema-helpers';

/**
 * Two checks are written by hand, for the popup's size budget, in place of zod's own: the
 * published date (`z.iso.datetime({ offset: true })`) and whole numbers (`z.int()`). A record or
 * report stored by an earlier version must read exactly as before: one the old check accepted and
 * the new one refused would be dropped, losing the user's request. So each is compared with
 * zod's own on generated values, valid and invalid alike.
 */

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
/** Dates and times near the valid ones: months to 13, days to 32 (leap days too), hours to 24, minutes and seconds to 60. */
const instantLike = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0')), fc.constantFrom('1900', '2000', '2024', '2100', '2023', '10000', '999')),
    month: two(13),
    day: two(32),
    hour: two(24),
    minute: two(60),
    second: fc.option(two(60), { nil: undefined }),
    fraction: fc.option(fc.stringMatching(/^\.\d{0,7}$/), { nil: undefined }),
    zone: fc.oneof(fc.constantFrom('Z', 'z', '', '+00:00', '-23:59', '+24:00', '+05:60', '+0530', '+05', ' Z'), fc.tuple(fc.constantFrom('+', '-'), two(25), two(61)).map(([s, h, m]) => `${s}${h}:${m}`)),
    sep: fc.constantFrom('T', 'T', 'T', 't', ' '),
  })
  .map(({ year, month, day, hour, minute, second, fraction, zone, sep }) => `${year}-${month}-${day}${sep}${hour}:${minute}${second === undefined ? '' : `:${second}`}${fraction ?? ''}${zone}`);

describe('the published date: exactly what z.iso.datetime({ offset: true }) accepts', () => {
  const zods = z.iso.datetime({ offset: true });
  const same = (value: string) => {
    expect(isoInstant.safeParse(value).success, value).toBe(zods.safeParse(value).success);
  };

  it('on the forms the detectors write, and on the edges of the calendar', () => {
    for (const value of [
      new Date(Date.UTC(2024, 1, 29, 12)).toISOString(),
      '2024-02-29T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-12-31T23:59:59.999999+14:00',
      '2024-01-01T00:00Z',
      '2024-01-01',
      '',
    ]) same(value);
    // The forms themselves, so the comparison is not between two checks that refuse everything.
    expect(isoInstant.safeParse('2024-02-29T12:00:00.000Z').success).toBe(true);
    expect(isoInstant.safeParse('2023-02-29T12:00:00.000Z').success).toBe(false);
  });

  it('on generated dates and times, valid and not', () => {
    fc.assert(fc.property(instantLike, (value) => same(value)), { numRuns: 5000 });
  });

  it('on any string', () => {
    fc.assert(fc.property(fc.string(), (value) => same(value)), { numRuns: 2000 });
  });
});

describe('whole numbers: exactly what z.int() accepts', () => {
  const zods = z.int();
  const same = (value: unknown) => {
    expect(integer().safeParse(value).success, fc.stringify(value)).toBe(zods.safeParse(value).success);
  };

  it('on the edges', () => {
    for (const value of [0, -0, 1, -1, 2 ** 53 - 1, 2 ** 53, -(2 ** 53 - 1), -(2 ** 53), 1.5, NaN, Infinity, -Infinity, '1', null, undefined, 1n]) same(value);
    expect(integer().safeParse(42).success).toBe(true);
    expect(integer().safeParse(4.2).success).toBe(false);
  });

  it('on generated numbers and other values', () => {
    fc.assert(fc.property(fc.oneof(fc.double(), fc.integer(), fc.maxSafeInteger(), fc.anything()), (value) => same(value)), { numRuns: 5000 });
  });
});
