import { describe, expect, it } from 'vitest';
import { backoff } from '@/utils/backoff';

describe('backoff', () => {
  it('starts at the first wait and doubles each step', () => {
    expect([0, 1, 2, 3].map((step) => backoff(step, 500, 60_000))).toEqual([500, 1000, 2000, 4000]);
  });
  it('never waits longer than its cap, however many steps', () => {
    expect(backoff(5, 500, 4000)).toBe(4000);
    expect(backoff(10_000, 30_000, 3_600_000)).toBe(3_600_000);
  });
  it('treats a negative step as the first', () => {
    expect(backoff(-3, 500, 4000)).toBe(500);
  });
});
