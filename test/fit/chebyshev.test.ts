import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { chebyshevCoefficients, minimaxErrorBounds } from '../../src/fit/chebyshev.js';
import { polynomialMinimax } from '../../src/fit/remez.js';

// Reference values: mpmath (see scripts/fixtures/minimax.py), never our own code.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/minimax.json', import.meta.url), 'utf8')) as {
  chebyshev_exp: { coefficients: string[] };
  poly_exp: { absolute: { degree: number; error: string }[] };
};
/** e^x = sum_k c_k T_k(x) on [-1, 1], plain sum: c_0 = I_0(1), c_k = 2 I_k(1). */
const besselCoefficients = fixture.chebyshev_exp.coefficients.map(Number);

/** sum_k c_k T_k(u) by the three-term recurrence. */
function chebyshevSum(c: readonly number[], u: number): number {
  let prev = 1;
  let cur = u;
  let s = c[0]! + (c.length > 1 ? c[1]! * u : 0);
  for (let k = 2; k < c.length; k++) {
    const next = 2 * u * cur - prev;
    s += c[k]! * next;
    prev = cur;
    cur = next;
  }
  return s;
}

describe('chebyshevCoefficients', () => {
  it('matches the Bessel coefficients of e^x on [-1, 1] to 1e-14', () => {
    for (const n of [20, 32, 64, 128]) {
      const c = chebyshevCoefficients(Math.exp, -1, 1, n);
      expect(c).toHaveLength(n);
      c.forEach((ck, k) => expect(Math.abs(ck - (besselCoefficients[k] ?? 0))).toBeLessThan(1e-14));
    }
  });

  it('maps [a, b] onto [-1, 1]: e^x on [0, 2] has coefficients e * c_k', () => {
    const c = chebyshevCoefficients(Math.exp, 0, 2, 32);
    c.forEach((ck, k) => expect(Math.abs(ck - Math.E * besselCoefficients[k]!)).toBeLessThan(1e-14 * Math.E));
  });

  it('reproduces a polynomial of lower degree exactly', () => {
    const c = chebyshevCoefficients((x) => 3 * x * x * x - x + 0.5, -1, 1, 8);
    // 3x^3 - x + 0.5 = 0.5 T_0 + 1.25 T_1 + 0.75 T_3
    [0.5, 1.25, 0, 0.75, 0, 0, 0, 0].forEach((want, k) => expect(c[k]).toBeCloseTo(want, 15));
  });

  it('rejects bad arguments', () => {
    expect(() => chebyshevCoefficients(Math.exp, 1, 1, 8)).toThrow(RangeError);
    expect(() => chebyshevCoefficients(Math.exp, -1, 1, 0)).toThrow(RangeError);
  });
});

describe('minimaxErrorBounds', () => {
  it('brackets the mpmath minimax errors of e^x', () => {
    for (const row of fixture.poly_exp.absolute) {
      const E = Number(row.error);
      const { lower, upper } = minimaxErrorBounds(besselCoefficients, row.degree);
      expect(lower).toBeLessThanOrEqual(E);
      expect(upper).toBeGreaterThanOrEqual(E);
      // For fast-decaying coefficients both are within 20% of E.
      expect(lower).toBeGreaterThan(0.8 * E);
      expect(upper).toBeLessThan(1.2 * E);
    }
  });

  it('is sharp for T_{n+1} (best error exactly 1) and zero past the last coefficient', () => {
    for (let n = 0; n < 6; n++) {
      const c = new Array<number>(n + 2).fill(0);
      c[n + 1] = 1;
      const { lower, upper } = minimaxErrorBounds(c, n);
      expect(upper).toBe(1);
      expect(lower).toBeCloseTo(1, 14);
    }
    expect(minimaxErrorBounds([1, 2, 3], 2)).toEqual({ lower: 0, upper: 0 });
  });

  it('property: lower <= Remez error of the represented polynomial <= upper', () => {
    const n = 1201;
    const t = Float64Array.from({ length: n }, (_, i) => -Math.cos((Math.PI * i) / (n - 1)));
    const w = new Float64Array(n).fill(1);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 10 }),
        fc.integer({ min: 0, max: 8 }),
        (coefficients, rawDegree) => {
          const degree = rawDegree % (coefficients.length - 1);
          const f = t.map((x) => chebyshevSum(coefficients, x));
          const { lower, upper } = minimaxErrorBounds(coefficients, degree);
          const r = polynomialMinimax({ t, f, w, degree });
          // The grid is a subset of [-1, 1], so its best error may fall a hair below the
          // continuous one; Chebyshev spacing keeps that tiny. 1e-11 absolute: rounding of exact fits,
          // whose monomial coefficients (T_9 in powers of t) reach the thousands.
          return lower <= upper && r.error >= lower * (1 - 1e-4) - 1e-11 && r.error <= upper * (1 + 1e-9) + 1e-11;
        },
      ),
      { numRuns: 80, seed: 7 },
    );
  });
});
