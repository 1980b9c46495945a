import { describe, expect, it } from 'vitest';
import { FAMILY_BOUNDS } from '../../src/cli/commands/verify-families.js';
import { getFamily } from '../../src/functions/families/catalogue.js';
import { familyGrid } from '../../src/verify/families/grid.js';
import { compiledFamily, hostParams, verifyPoint } from '../../src/verify/families/point.js';
import { ABS } from '../../src/verify/families/sweep.js';
import { xsilu } from '../../src/functions/families/expanded.js';
import { errorAt } from '../../src/fit/measure.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../../src/numerics/float32.js';

/**
 * A fast subset of `fit-inverse verify <family>` (which runs the whole grid at 2^20 y per piece):
 * a few parameter values where the structure is hardest, 2048 y per piece. The reference is the
 * float64 bracketed inverse of the exact definitions (tested against mpmath in definitions.test.ts).
 */
const FITS = new URL('../../fits', import.meta.url).pathname;
const POINTS: Record<string, Record<string, number>[]> = {
  xsilu: [{ alpha: -0.05 }, { alpha: 0 }, { alpha: -0.0832217 }],
  xgelu: [{ alpha: -0.1 }, { alpha: 1e-4 }],
  xatlu: [{ alpha: 0 }],
  xielu: [{ alpha_p: 0.8, alpha_n: 0.8 }, { alpha_p: 0.01, alpha_n: 0.51 }],
};

describe('family grids', () => {
  it('cover at least 64 parameter values, including where the number of pieces changes', () => {
    for (const name of ['xsilu', 'xgelu', 'xatlu', 'xielu']) {
      const grid = familyGrid(name);
      expect(grid.length, name).toBeGreaterThanOrEqual(64);
      for (const p of grid) getFamily(name).at(p);
    }
    const counts = new Set(familyGrid('xsilu').map((p) => getFamily('xsilu').at(p).pieces.length));
    expect([...counts].sort()).toEqual([1, 2, 3]);
  });
});

describe.each(Object.keys(POINTS))('%s generated code (sample)', (name) => {
  it.each(POINTS[name]!.map((p) => [JSON.stringify(p), p] as const))('at %s: within the bounds on every piece, NaN → NaN, end-to-end at the floor', (_label, params) => {
    const r = verifyPoint(name, params, { fitsDir: FITS, count: 2048, stride: 1 << 21, near: 1e-3 });
    const bound = FAMILY_BOUNDS[name]!;
    for (const p of r.pieces) {
      expect(p.inverse.maxUlps, `piece ${p.code} f⁻¹ at y = ${p.inverse.atY}`).toBeLessThanOrEqual(bound.inverse);
      expect(p.grad.maxUlps, `piece ${p.code} g at y = ${p.grad.atY}`).toBeLessThanOrEqual(bound.grad);
    }
    // Where f has a minimum the floor (rounding y there) dominates, and ours must not add to it.
    if (getFamily(name).at(params).critical.length > 0) expect(r.endToEnd.ours.abs / r.endToEnd.floor.abs).toBeLessThanOrEqual(1.05);
  });
});

/**
 * Near α_c (where xSiLU's two critical points merge) f' stays below 0.15 for units of x beside
 * them, past the reach of their series, and a float32 residual f(x) − y there put x 11 ulp and g
 * 40 ulp off (on y ≈ −0.38, x ≈ −3.7) before further anchors continued the series. Every 64th
 * float32 y of piece 0 over [−0.40, −0.29] (both sides of the merge), at α_c and 1% either side.
 */
describe('xsilu near α_c, beside the merging critical points', () => {
  const alphaC = xsilu.dip!.alphaCritical;
  it.each([alphaC * 1.01, alphaC, alphaC * 0.99])('at α = %f: within the bounds', (alpha) => {
    const inst = xsilu.at({ alpha });
    const run = compiledFamily('xsilu', FITS);
    const p = hostParams('xsilu', { alpha });
    const bound = FAMILY_BOUNDS.xsilu!;
    let [inverse, grad] = [0, 0];
    for (let k = float32Ordinal(fround(-0.4)); k <= float32Ordinal(fround(-0.29)); k += 64) {
      const y = float32FromOrdinal(k);
      const x = inst.inverse(y, 0);
      inverse = Math.max(inverse, errorAt(run.inverse(y, 0, p), x, ABS).ulps);
      grad = Math.max(grad, errorAt(run.grad(y, 0, p), inst.df(x), ABS).ulps);
    }
    expect(inverse).toBeLessThanOrEqual(bound.inverse);
    expect(grad).toBeLessThanOrEqual(bound.grad);
  });
});
