import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { hasPoleIn, rationalMinimax } from '../../src/fit/rational.js';
import { polynomialMinimax } from '../../src/fit/remez.js';

// Reference values: mpmath (see scripts/fixtures/minimax.py), never our own code.
interface RationalRow {
  m: number;
  n: number;
  error: string;
  p: string[];
  q: string[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/minimax.json', import.meta.url), 'utf8')) as {
  rational_exp: { fits: RationalRow[] };
};

function grid(a: number, b: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

const N = 4001;
const t = grid(-1, 1, N);
const ones = new Float64Array(N).fill(1);

describe('rationalMinimax', () => {
  it('recovers (1 + 2t)/(1 + 0.5t + 0.25t^2) exactly with type (1, 2)', () => {
    const f = t.map((x) => (1 + 2 * x) / (1 + 0.5 * x + 0.25 * x * x));
    const r = rationalMinimax({ t, f, w: ones, m: 1, n: 2 });
    expect(r.converged).toBe(true);
    expect(r.poleInInterval).toBe(false);
    expect(r.error).toBeLessThan(1e-14);
    [1, 2].forEach((c, k) => expect(Math.abs(r.p[k]! - c)).toBeLessThan(1e-12));
    [1, 0.5, 0.25].forEach((c, k) => expect(Math.abs(r.q[k]! - c)).toBeLessThan(1e-12));
  });

  for (const row of fixture.rational_exp.fits) {
    it(`e^x type (${row.m}, ${row.n}) matches the mpmath rational minimax`, () => {
      const f = t.map(Math.exp);
      const r = rationalMinimax({ t, f, w: ones, m: row.m, n: row.n });
      const E = Number(row.error);
      expect(r.converged).toBe(true);
      expect(r.poleInInterval).toBe(false);
      expect(r.error).toBeLessThanOrEqual(E * (1 + 1e-8));
      expect(Math.abs(r.error / E - 1)).toBeLessThan(1e-5);
      expect(r.levelled).toBeLessThanOrEqual(r.error);
      r.p.forEach((c, k) => expect(Math.abs(c - Number(row.p[k]))).toBeLessThan(1e-6));
      r.q.forEach((c, k) => expect(Math.abs(c - Number(row.q[k]))).toBeLessThan(1e-6));
    });
  }

  it('beats the polynomial with the same number of parameters near a singularity', () => {
    for (const fn of [(x: number) => Math.log(1.2 + x), (x: number) => Math.sqrt(1.05 + x), (x: number) => Math.tanh(5 * x)]) {
      const f = t.map(fn);
      const rational = rationalMinimax({ t, f, w: ones, m: 3, n: 3 });
      const poly = polynomialMinimax({ t, f, w: ones, degree: 6 });
      expect(rational.converged).toBe(true);
      expect(rational.poleInInterval).toBe(false);
      expect(rational.error).toBeLessThan(poly.error / 10);
    }
  });

  it('gets 1/(1 + 25t^2) (Runge) to rounding level at type (2, 2), where degree 4 cannot', () => {
    const f = t.map((x) => 1 / (1 + 25 * x * x));
    const rational = rationalMinimax({ t, f, w: ones, m: 2, n: 2 });
    const poly = polynomialMinimax({ t, f, w: ones, degree: 4 });
    expect(rational.error).toBeLessThan(1e-13);
    expect(rational.q[2]).toBeCloseTo(25, 10);
    expect(poly.error).toBeGreaterThan(0.1);
  });

  it('works with relative weights', () => {
    const f = t.map((x) => Math.log(1.2 + x) + 1);
    const w = f.map((v) => 1 / Math.abs(v));
    const r = rationalMinimax({ t, f, w, m: 3, n: 3 });
    expect(r.converged).toBe(true);
    expect(r.poleInInterval).toBe(false);
    expect(r.error).toBeLessThan(1e-4);
  });

  it('flags a pole inside the interval', () => {
    // 2000 points: 0.3 falls between grid points.
    const tp = grid(-1, 1, 2000);
    const f = tp.map((x) => 1 / (x - 0.3));
    const r = rationalMinimax({ t: tp, f, w: new Float64Array(2000).fill(1), m: 1, n: 2 });
    expect(r.poleInInterval).toBe(true);
    expect(hasPoleIn(r.q, -1, 1)).toBe(true);
  });

  it('flags a Q that nearly vanishes (complex poles a hair from the interval)', () => {
    const f = t.map((x) => 1 / ((x - 0.3) ** 2 + 1e-8));
    const r = rationalMinimax({ t, f, w: ones, m: 0, n: 2 });
    expect(hasPoleIn(r.q, -1, 1)).toBe(false);
    expect(r.poleInInterval).toBe(true);
  });

  it('never throws on a bad problem: |t| at the degenerate type (1, 1)', () => {
    const f = t.map(Math.abs);
    const r = rationalMinimax({ t, f, w: ones, m: 1, n: 1 });
    expect(r.converged && !r.poleInInterval).toBe(false);
  });

  it('type (m, 0) is the polynomial minimax', () => {
    const f = t.map(Math.exp);
    const r = rationalMinimax({ t, f, w: ones, m: 3, n: 0 });
    const poly = polynomialMinimax({ t, f, w: ones, degree: 3 });
    expect(r.p).toEqual(poly.coefficients);
    expect(r.q).toEqual([1]);
    expect(r.error).toBe(poly.error);
  });

  it('throws RangeError on a grid smaller than m + n + 2 points', () => {
    const small = grid(-1, 1, 5);
    expect(() => rationalMinimax({ t: small, f: small, w: new Float64Array(5).fill(1), m: 2, n: 2 })).toThrow(
      /need at least 6 grid points, got 5/,
    );
  });

  it('is deterministic', () => {
    const f = t.map((x) => Math.log(1.2 + x));
    const a = rationalMinimax({ t, f, w: ones, m: 4, n: 3 });
    const b = rationalMinimax({ t, f, w: ones, m: 4, n: 3 });
    expect(b).toStrictEqual(a);
  });
});

describe('hasPoleIn', () => {
  it('finds a simple root between grid points', () => {
    const q = [1, -1 / 0.30005];
    expect(hasPoleIn(q, -1, 1)).toBe(true);
    expect(hasPoleIn(q, -1, 0.3)).toBe(false);
    expect(hasPoleIn(q, 0.3001, 1)).toBe(false);
  });

  it('finds a double root (Q touches zero without changing sign)', () => {
    // (1 - 2t)^2 and (1 - t/0.3)^2 (0.3 is not a float: its square has rounding error)
    expect(hasPoleIn([1, -4, 4], -1, 1)).toBe(true);
    expect(hasPoleIn([1, -2 / 0.3, 1 / 0.09], -1, 1)).toBe(true);
    expect(hasPoleIn([1, -4, 4], -1, 0.4)).toBe(false);
  });

  it('finds roots at the endpoints and two roots between the same grid points', () => {
    expect(hasPoleIn([1, -1], -1, 1)).toBe(true);
    expect(hasPoleIn([1, -1], -1, 0.999)).toBe(false);
    // (t - 0.5)(t - 0.5001): no sign change at any point of a grid with spacing 1e-3.
    expect(hasPoleIn([0.5 * 0.5001, -1.0001, 1], -1, 1)).toBe(true);
  });

  it('accepts Q without real roots in the interval', () => {
    expect(hasPoleIn([1, 0, 1], -1, 1)).toBe(false);
    // 1 - 0.2 t^2: roots ±sqrt(5) = ±2.236...
    expect(hasPoleIn([1, 0, -0.2], -2.2, 2.2)).toBe(false);
    expect(hasPoleIn([1, 0, -0.2], -2, 2.3)).toBe(true);
    expect(hasPoleIn([1, 0, -0.2], -3, 3)).toBe(true);
    // (3 - t)(2 + t)
    expect(hasPoleIn([6, 1, -1], -1.9, 2.9)).toBe(false);
    expect(hasPoleIn([6, 1, -1], -2.1, 2.9)).toBe(true);
    expect(hasPoleIn([1], -1, 1)).toBe(false);
    expect(hasPoleIn([0], -1, 1)).toBe(true);
  });
});
