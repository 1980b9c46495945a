import { describe, expect, it } from 'vitest';
import { findRoot } from '../../src/numerics/root.js';

describe('findRoot', () => {
  it('converges to the float64 root of a smooth function', () => {
    expect(findRoot((x) => [x * x - 2, 2 * x], 0, 2)).toBeCloseTo(Math.SQRT2, 15);
    expect(Math.abs(findRoot((x) => [Math.cos(x) - x, -Math.sin(x) - 1], 0, 1) - 0.7390851332151607)).toBeLessThan(2e-16);
  });

  it('falls back to bisection where Newton would leave the bracket', () => {
    // f' vanishes at 0 and Newton from 0.5 overshoots: atan is the classic divergent case.
    const x = findRoot((t) => [Math.atan(t), 1 / (1 + t * t)], -10, 30, { guess: 20 });
    expect(Math.abs(x)).toBeLessThan(1e-15);
    // A flat start (f' = 0) must not divide by zero into NaN.
    expect(findRoot((t) => [t ** 3 - 1e-3, 3 * t * t], -1, 1, { guess: 1e-200 })).toBeCloseTo(0.1, 14);
  });

  it('rejects a bracket without a sign change, naming it', () => {
    expect(() => findRoot((x) => [x * x + 1, 2 * x], -1, 1)).toThrow(/no sign change on \[-1, 1\]/);
    expect(() => findRoot((x) => [x, 1], 1, -1)).toThrow(/lo ≤ hi/);
  });
});
