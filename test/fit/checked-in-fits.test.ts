import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitFileName, fitToJson, LEVEL_COST, type Fit } from '../../src/fit/fit-file.js';
import { shippedLevelCost } from '../../src/fit/shipped-settings.js';
import { loadFits } from '../../src/fit/load.js';
import { errorAt } from '../../src/fit/measure.js';
import { fitBranch } from '../../src/fit/planner.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { compileFunction } from '../../src/ir/interpret.js';
import { lowerFit } from '../../src/ir/lower.js';
import { fround } from '../../src/numerics/float32.js';
import { endToEnd } from '../../src/verify/end-to-end.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../../src/verify/published/optiacts.js';
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

// DESIGN §6: end-to-end max abs error of f' of the published approximations (optiacts) and of the floor.
const PUBLISHED = { gelu: 1.87e-2, silu: 2.91e-3 } as const;
const FLOOR = { gelu: 4.78e-5, gelu_tanh: 5.14e-5, silu: 5.67e-5 } as const;

describe('end to end: g(fl32(f(x)), bit) against the exact f′(x), beside the floor', () => {
  describe.each(['gelu', 'gelu_tanh', 'silu'] as const)('%s', (name) => {
    const a = getActivation(name);
    const grad = (id: string) => model(fits.find((f) => f.fit.activation.name === name && f.fit.branch.id === id && f.fit.target === 'grad')!.fit);
    const left = grad('left');
    const right = grad('right');
    const ours = (yv: number, bit: number) => (bit ? left : right)(yv);
    const published = { gelu: optiactsGeluGrad, silu: optiactsSiluGrad, gelu_tanh: undefined }[name];
    // Every 16th float32 x within 0.5 of the minimum (where the floor is set), every 4096th on [−20, 20].
    const near = endToEnd(a, { ours, ...(published ? { published } : {}) }, a.xMin - 0.5, a.xMin + 0.5, 16);
    const wide = endToEnd(a, { ours, ...(published ? { published } : {}) }, -20, 20, 1024);

    it('adds at most 5% to the floor (DESIGN §6), near and far from the minimum', () => {
      expect(near.max.floor!.abs).toBeGreaterThan(FLOOR[name] * 0.9);
      expect(near.max.floor!.abs).toBeLessThan(FLOOR[name] * 1.1);
      expect(near.max.ours!.abs).toBeLessThanOrEqual(1.05 * near.max.floor!.abs);
      expect(wide.max.ours!.abs).toBeLessThanOrEqual(Math.max(1.05 * wide.max.floor!.abs, 2 ** -20));
    });

    it.runIf(published)('reproduces the published approximation\'s error from its constants', () => {
      const worst = Math.max(near.max.published!.abs, wide.max.published!.abs);
      expect(worst).toBeGreaterThan(0.9 * PUBLISHED[name as 'gelu' | 'silu']);
      expect(worst).toBeLessThan(1.1 * PUBLISHED[name as 'gelu' | 'silu']);
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

  it('fit uses the level cost each checked-in file records (src/fit/shipped-settings.ts agrees with fits/)', () => {
    for (const { fit } of fits) expect(shippedLevelCost(fit.activation.name, fit.branch.id, fit.target, fit.dtype), fitFileName(fit)).toBe(fit.settings.levelCost ?? LEVEL_COST);
  });

  it('rejects a level cost out of range before fitting', () => {
    expect(() => fitBranch(getActivation('silu'), 'left', 'grad', { levelCost: 0 })).toThrow(/levelCost must be a number of operations in \(0, 64\], got 0/);
  });

  it('reproduces a fit from the settings it records (silu right grad: levelCost 6)', () => {
    const checked = fits.find((f) => f.path.endsWith('silu.right.grad.float32.json'))!;
    const { tol, maxDegree, kind, levelCost } = checked.fit.settings;
    expect(levelCost).toBe(6);
    expect(fitToJson(fitBranch(getActivation('silu'), 'right', 'grad', { tol, maxDegree, kind, levelCost }))).toBe(checked.text);
  });
});
