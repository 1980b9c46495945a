import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lowerFit } from '../../src/ir/lower.js';
import { compileFunction } from '../../src/ir/interpret.js';
import { loadFits } from '../../src/fit/load.js';
import { ieluPhi } from '../../src/functions/families/ielu-phi.js';
import { errorAt } from '../../src/fit/measure.js';
import { lambertW0, lambertWm1 } from '../../src/numerics/lambert-w.js';
import { fround } from '../../src/numerics/float32.js';

/** test/fixtures/families.json, rows "phi": mpmath Lambert W at 150 digits (scripts/fixtures/families.py). */
const rows = (JSON.parse(readFileSync(new URL('../fixtures/families.json', import.meta.url), 'utf8')) as { phi: { s: string; branch: 'left' | 'right'; t: string; dphi: string }[] }).phi;
const fits = loadFits(new URL('../../fits/families', import.meta.url).pathname);

describe("xIELU's φ(t) = e^t − 1 − t", () => {
  it('the float64 inverse (a root solve of φ) matches mpmath on both branches to 1e-15, φ′ too', () => {
    for (const r of rows) {
      const s = Number(r.s);
      expect(Math.abs(ieluPhi.inverse(s, r.branch) / Number(r.t) - 1), `s = ${r.s} ${r.branch}`).toBeLessThanOrEqual(1e-15);
      expect(Math.abs(ieluPhi.gradFromOutput(s, r.branch) / Number(r.dphi) - 1), `s = ${r.s} ${r.branch}`).toBeLessThanOrEqual(1e-14);
    }
  });

  it('is Lambert W in log space: t = −1 − s − W(−e^(−1−s)), W₀ left and W₋₁ right, where that form is accurate', () => {
    for (const s of [0.5, 1, 3, 10, 30]) {
      expect(ieluPhi.inverse(s, 'left')).toBeCloseTo(-1 - s - lambertW0(-Math.exp(-1 - s)), 12);
      expect(ieluPhi.inverse(s, 'right')).toBeCloseTo(-1 - s - lambertWm1(-Math.exp(-1 - s)), 12);
    }
  });

  it('has four checked-in fits (fits/families) whose float32 code is within their 3-ulp bound at the mpmath rows', () => {
    expect(fits.map((f) => f.name)).toEqual(['ielu_phi.left.grad.float32.json', 'ielu_phi.left.inverse.float32.json', 'ielu_phi.right.grad.float32.json', 'ielu_phi.right.inverse.float32.json']);
    for (const { fit } of fits) {
      expect(fit.bound.ulps).toBeLessThanOrEqual(3);
      const run = compileFunction(lowerFit(fit, 'phi'));
      for (const r of rows.filter((row) => row.branch === fit.branch.id)) {
        const s = fround(Number(r.s));
        // The fixture's s is a float64; at the float32 s the mpmath value moves by dt/ds·(s32 − s) (g = s + t: by 1 + dt/ds).
        const t = Number(r.t);
        const dtds = 1 / Number(r.dphi);
        const want = fit.target === 'inverse' ? t + dtds * (s - Number(r.s)) : Number(r.dphi) + (1 + dtds) * (s - Number(r.s));
        if (!Number.isFinite(want) || s > 1e30) continue;
        expect(errorAt(run(s), want, fit.bound.abs).ulps, `${fit.branch.id} ${fit.target} s = ${r.s}`).toBeLessThanOrEqual(fit.bound.ulps + 0.5);
      }
    }
  });
});
