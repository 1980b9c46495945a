import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getActivation, listActivations, type Activation, type Branch, type BranchId } from '../../src/index.js';
import { reference, ulp64 } from '../helpers/reference.js';

const NAMES = ['gelu', 'gelu_tanh', 'silu'] as const;

/** max over rows of |a − r| / scale(r), with the row where it happens. */
function worst<T>(rows: readonly T[], err: (row: T) => number): { err: number; row: T | undefined } {
  let best = { err: 0, row: undefined as T | undefined };
  for (const row of rows) {
    const e = err(row);
    if (!(e <= best.err)) best = { err: e, row };
  }
  return best;
}

/**
 * |f(x̂) − y| in ulps of y, less what the float64 spacing of x̂ alone forces: in the left tail
 * |x·f′/f| reaches x² ≈ 10⁴, so neighbouring float64 x differ by hundreds of ulps in f.
 */
function residualUlps(a: Activation, y: number, branch: BranchId): number {
  const x = a.inverse(y, branch);
  const spacing = Math.abs(a.df(x)) * ulp64(x);
  return Math.max(0, Math.abs(a.f(x) - y) - spacing) / ulp64(y);
}

/** Relative error, with float64's subnormal spacing as the floor of the scale. */
function relErr(a: number, r: number, floor = 0): number {
  if (a === r) return 0;
  return Math.abs(a - r) / Math.max(Math.abs(r), floor, 2 ** -1074 / 2 ** -52);
}

describe('catalogue', () => {
  it('lists gelu, gelu_tanh and silu and rejects unknown names with the allowed ones', () => {
    expect(listActivations().map((a) => a.name)).toEqual([...NAMES]);
    expect(() => getActivation('relu')).toThrow(/unknown activation "relu"; allowed: gelu, gelu_tanh, silu/);
  });
});

describe.each(NAMES)('%s against mpmath (test/fixtures/activations.json)', (name) => {
  const a = getActivation(name);
  const ref = reference(name);
  const tol = (x: number) => (Math.abs(x) <= 8 ? 1e-14 : 1e-13);

  it('f: relative error ≤ 1e-14 for |x| ≤ 8, ≤ 1e-13 in the tails', () => {
    const w = worst(ref.points, (p) => relErr(a.f(p.x), p.f) / tol(p.x));
    expect(w.err, `worst at x = ${w.row?.x}`).toBeLessThanOrEqual(1);
  });

  it("f' and f'': error relative to max(|value|, 0.1) within the same tolerances", () => {
    const wd = worst(ref.points, (p) => relErr(a.df(p.x), p.df, 0.1) / tol(p.x));
    const wd2 = worst(ref.points, (p) => relErr(a.d2f(p.x), p.d2f, 0.1) / tol(p.x));
    expect(wd.err, `f' worst at x = ${wd.row?.x}`).toBeLessThanOrEqual(1);
    expect(wd2.err, `f'' worst at x = ${wd2.row?.x}`).toBeLessThanOrEqual(1);
  });

  it("f' keeps its relative accuracy in the tails (|x| > 4), where it is far from zero", () => {
    const tails = ref.points.filter((p) => Math.abs(p.x) > 4);
    const w = worst(tails, (p) => relErr(a.df(p.x), p.df));
    expect(w.err, `worst at x = ${w.row?.x}`).toBeLessThanOrEqual(1e-13);
  });

  it('x_min, y_min and f″(x_min) are computed to within 2 float64 ulps', () => {
    expect(Math.abs(a.xMin - ref.xMin)).toBeLessThanOrEqual(2 * ulp64(ref.xMin));
    expect(Math.abs(a.yMin - ref.yMin)).toBeLessThanOrEqual(2 * ulp64(ref.yMin));
    expect(Math.abs(a.d2fMin - ref.d2fMin)).toBeLessThanOrEqual(8 * ulp64(ref.d2fMin));
  });

  it('inverse: relative error ≤ 1e-12 away from the minimum, residual ≤ 4 ulp(y) (beyond x spacing) on every row', () => {
    const away = ref.inverse.filter((r) => Math.abs(r.y - ref.yMin) > 1e-6 * Math.abs(ref.yMin));
    expect(away.length).toBeGreaterThan(1000);
    const w = worst(away, (r) => relErr(a.inverse(r.y, r.branch), r.x));
    expect(w.err, `worst at y = ${w.row?.y} (${w.row?.branch})`).toBeLessThanOrEqual(1e-12);
    const res = worst(ref.inverse, (r) => residualUlps(a, r.y, r.branch));
    expect(res.err, `worst residual at y = ${res.row?.y} (${res.row?.branch})`).toBeLessThanOrEqual(4);
  });

  it('gradFromOutput matches f′(x) of the reference preimage', () => {
    const away = ref.inverse.filter((r) => Math.abs(r.y - ref.yMin) > 1e-6 * Math.abs(ref.yMin));
    const w = worst(away, (r) => relErr(a.gradFromOutput(r.y, r.branch), r.df, 1e-3));
    expect(w.err, `worst at y = ${w.row?.y} (${w.row?.branch})`).toBeLessThanOrEqual(1e-9);
  });

  it('branches: ids, codes and ranges meet at the minimum', () => {
    expect(a.branches).toHaveLength(2);
    const [left, right] = a.branches as readonly [Branch, Branch];
    expect([left.id, left.code, right.id, right.code]).toEqual(['left', 1, 'right', 0]);
    expect(left.x.hi).toBe(a.xMin);
    expect(right.x.lo).toBe(a.xMin);
    expect([left.y.lo, left.y.hi, right.y.lo, right.y.hi]).toEqual([a.yMin, 0, a.yMin, Infinity]);
    expect(a.branchOf(a.xMin)).toBe('right');
    expect(a.branchOf(a.xMin - 1e-12)).toBe('left');
  });

  it('special values of the inverse', () => {
    expect(a.inverse(NaN, 'left')).toBeNaN();
    expect(a.inverse(NaN, 'right')).toBeNaN();
    expect(a.inverse(a.yMin - 1e-9, 'left')).toBe(a.xMin);
    expect(a.inverse(Math.fround(a.yMin), 'right')).toBe(a.xMin);
    expect(a.inverse(0, 'left')).toBe(-Infinity);
    expect(a.inverse(-0, 'left')).toBe(-Infinity);
    expect(a.inverse(1e-3, 'left')).toBeNaN();
    expect(a.inverse(Infinity, 'right')).toBe(Infinity);
    expect(a.inverse(0, 'right')).toBe(0);
    expect(Math.abs(a.gradFromOutput(0, 'left'))).toBe(0);
    expect(a.gradFromOutput(Infinity, 'right')).toBe(1);
    expect(() => a.inverse(0.5, 'middle' as never)).toThrow(/branch must be 'left' or 'right', got "middle"/);
  });

  it('f, f′, f″ at ±∞ are their limits, never NaN', () => {
    expect([a.f(-Infinity), a.df(-Infinity), a.f(Infinity), a.df(Infinity)]).toEqual([-0, -0, Infinity, 1]);
    for (const x of [-1e300, -1e10, -50, 50, 1e10, 1e300]) {
      expect(Number.isNaN(a.f(x) + a.df(x) + a.d2f(x)), `x = ${x}`).toBe(false);
    }
  });

  describe('properties (fast-check)', () => {
    const yLeft = fc.double({ min: a.yMin, max: -1e-300, noNaN: true }).filter((y) => y > a.yMin);
    const yRight = fc.double({ min: a.yMin, max: 1e6, noNaN: true }).filter((y) => y > a.yMin);

    it('f(inverse(y, b)) ≈ y and inverse(y, b) lies on branch b', () => {
      for (const [branch, ys] of [['left', yLeft], ['right', yRight]] as const) {
        fc.assert(
          fc.property(ys, (y) => {
            return residualUlps(a, y, branch) <= 4 && a.branchOf(a.inverse(y, branch)) === branch;
          }),
          { seed: 7, numRuns: 2000 },
        );
      }
    });

    it('inverse is monotone on each branch (decreasing on the left, increasing on the right)', () => {
      for (const [branch, ys, sign] of [['left', yLeft, -1], ['right', yRight, 1]] as const) {
        fc.assert(
          fc.property(ys, ys, (y1, y2) => {
            const [lo, hi] = y1 <= y2 ? [y1, y2] : [y2, y1];
            return sign * (a.inverse(hi, branch) - a.inverse(lo, branch)) >= 0;
          }),
          { seed: 11, numRuns: 2000 },
        );
      }
    });
  });
});
