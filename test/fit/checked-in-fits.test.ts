import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitFileName, fitToJson, type Fit } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import { errorAt } from '../../src/fit/measure.js';
import { fitBranch } from '../../src/fit/planner.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { compileFunction } from '../../src/ir/interpret.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../../src/numerics/float32.js';
import { reference } from '../helpers/reference.js';

const fits = loadFits(new URL('../../fits', import.meta.url).pathname);
const model = (fit: Fit) => compileFunction(lowerFit(fit, 'model'), 'float32');

// mpmath rows at the ten float32 y just above fl32(y_min): scripts/fixtures/near-minimum.py.
const nearMinimum = JSON.parse(readFileSync(new URL('../fixtures/near-minimum.json', import.meta.url), 'utf8')) as {
  functions: Record<string, { y_min_float32: string; x_min: string; rows: { y: string; branch: string; x: string; df: string }[] }>;
};

describe('checked-in fits', () => {
  it('are the 12 of the catalogue, float32, both branches and targets', () => {
    expect(fits.map((f) => fitFileName(f.fit))).toEqual(fits.map((f) => f.path.split('/').pop()));
    expect(fits).toHaveLength(12);
  });

  describe.each(fits.map((f) => [fitFileName(f.fit), f.fit] as const))('%s', (_name, fit) => {
    const run = model(fit);
    const target = fit.target;
    const value = (row: { x: number; df: number }) => (target === 'inverse' ? row.x : row.df);

    it('meets its bound at the ten float32 y just above the minimum (mpmath)', () => {
      const fn = nearMinimum.functions[fit.activation.name]!;
      const rows = fn.rows.filter((r) => r.branch === fit.branch.id);
      expect(rows).toHaveLength(10);
      for (const r of rows) {
        const e = errorAt(run(Number(r.y)), Number(target === 'inverse' ? r.x : r.df), fit.bound.abs);
        expect(e.ulps, `y = ${r.y}`).toBeLessThanOrEqual(fit.bound.ulps);
      }
      // fl32(y_min) lies below the true minimum: the fit returns the value at the minimum.
      const atMin = run(Number(fn.y_min_float32));
      expect(target === 'inverse' ? atMin : Math.abs(atMin)).toBe(target === 'inverse' ? fround(Number(fn.x_min)) : 0);
    });

    it('meets its bound on every reference row of its branch (mpmath)', () => {
      const rows = reference(fit.activation.name).inverse.filter((r) => r.branch === fit.branch.id);
      expect(rows.length).toBeGreaterThan(500);
      for (const r of rows) {
        const e = errorAt(run(r.y), value(r), fit.bound.abs);
        const ok = e.ulps <= fit.bound.ulps && (Math.abs(value(r)) > fit.bound.abs || e.abs <= fit.bound.abs);
        expect(ok, `y = ${r.y}: ${e.ulps} ulp, ${e.abs} abs`).toBe(true);
      }
    });

    it('handles the special values', () => {
      expect(run(NaN)).toBeNaN();
      expect(Number.isNaN(run(-Infinity))).toBe(false);
      if (fit.branch.id === 'right') {
        expect(run(Infinity)).toBe(target === 'inverse' ? Infinity : 1);
        expect(run(0)).toBe(target === 'inverse' ? 0 : 0.5);
      } else {
        expect(run(0)).toBe(target === 'inverse' ? -Infinity : -0);
        expect(run(-0)).toBe(target === 'inverse' ? -Infinity : -0);
        // Subnormal y: finite x (the tail limit only at ±0), g within the absolute bound of 0.
        const sub = run(-(2 ** -140));
        if (target === 'inverse') expect(Number.isFinite(sub) && sub < -10).toBe(true);
        else expect(Math.abs(sub)).toBeLessThanOrEqual(fit.bound.abs);
      }
    });
  });
});

describe('end to end: g(fl32(f(x)), bit) against the exact f′(x), beside the floor', () => {
  describe.each(['gelu', 'gelu_tanh', 'silu'])('%s', (name) => {
    it('adds at most 5% to the floor (DESIGN §6), near and far from the minimum', () => {
      const a = getActivation(name);
      const grad = (id: string) => model(fits.find((f) => f.fit.activation.name === name && f.fit.branch.id === id && f.fit.target === 'grad')!.fit);
      const left = grad('left');
      const right = grad('right');
      // Every 64th float32 x within 0.5 of the minimum, and every 4096th on [−20, 20].
      const xs: number[] = [];
      const near = [float32Ordinal(fround(a.xMin - 0.5)), float32Ordinal(fround(a.xMin + 0.5))];
      for (let k = near[0]!; k <= near[1]!; k += 64) xs.push(float32FromOrdinal(k));
      for (let k = float32Ordinal(-20); k <= float32Ordinal(20); k += 4096) xs.push(float32FromOrdinal(k));
      let ours = 0;
      let floor = 0;
      for (const x of xs) {
        const yv = fround(a.f(x));
        const bit = x < a.xMin;
        const exact = a.df(x);
        ours = Math.max(ours, Math.abs((bit ? left : right)(yv) - exact));
        floor = Math.max(floor, Math.abs(a.gradFromOutput(yv, bit ? 'left' : 'right') - exact));
      }
      expect(floor).toBeGreaterThan(1e-5);
      expect(ours).toBeLessThanOrEqual(1.05 * floor);
    });
  });
});

describe('fitting', () => {
  it('is deterministic and reproduces the checked-in file byte for byte', () => {
    const a = getActivation('silu');
    const first = fitToJson(fitBranch(a, 'left', 'grad'));
    const second = fitToJson(fitBranch(a, 'left', 'grad'));
    expect(second).toBe(first);
    expect(first).toBe(fits.find((f) => f.path.endsWith('silu.left.grad.float32.json'))!.text);
  });
});
