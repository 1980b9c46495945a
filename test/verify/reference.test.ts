import { describe, expect, it } from 'vitest';
import { getActivation } from '../../src/functions/catalogue.js';
import { fillFloat32s, float32Ordinal, fround, ulpOfRounded32 } from '../../src/numerics/float32.js';
import { branchReference } from '../../src/verify/reference/branch.js';
import { WINDOW_TOLERANCE_ULPS } from '../../src/verify/reference/windows.js';
import { asmJsWarnings } from './asm-warnings.js';

/**
 * The sweep's fast reference (exact evaluations interpolated over windows of float32 y) against
 * the activation's bracketed inverse, on long runs of consecutive float32 y of every branch.
 * Tolerance: 2^-14 float32 ulp, four times the windows' check tolerance; near the minimum the
 * bracketed solver itself carries float64 noise of about 2^-16 ulp (f' → 0 there).
 */
const TOLERANCE_ULPS = 4 * WINDOW_TOLERANCE_ULPS;
const RUN = 1 << 17;
const BATCH = 4096;

function runs(yMin: number, branch: 'left' | 'right'): [string, number][] {
  const minimum = float32Ordinal(fround(yMin));
  const common: [string, number][] = [
    ['from fl32(y_min), |y| falling', minimum],
    ['around y = -0.05', float32Ordinal(fround(-0.05)) - RUN / 2],
  ];
  return branch === 'left'
    ? [...common, ['y near -1e-30', float32Ordinal(fround(-1e-30)) - RUN / 2], ['the last float32 before -0, subnormals and -0', -RUN]]
    : [...common, ['across -0 and +0', -RUN / 2], ['around y = 0.5', float32Ordinal(fround(0.5)) - RUN / 2], ['around y = 1e30', float32Ordinal(fround(1e30)) - RUN / 2], ['up to FLT_MAX and +inf', float32Ordinal(Infinity) - RUN + 1]];
}

describe('windowed reference', () => {
  it('runs its per-value kernel as valid asm.js', async () => {
    const warnings = await asmJsWarnings(() => {
      const reference = branchReference(getActivation('gelu'), 'right');
      reference.fillOrdinals(float32Ordinal(0.5), 64);
      reference.evaluate(64);
    });
    expect(warnings).toEqual([]);
  });

  for (const name of ['gelu', 'gelu_tanh', 'silu']) {
    const a = getActivation(name);
    for (const branch of ['left', 'right'] as const) {
      it.each(runs(a.yMin, branch))(`${name} ${branch}: %s`, (_label, first) => {
        const reference = branchReference(a, branch);
        let worst = 0;
        let compared = 0;
        for (let k0 = first; k0 < first + RUN; k0 += BATCH) {
          fillFloat32s(reference.input, k0, k0 + BATCH - 1);
          reference.evaluate(BATCH);
          // Every y of the first 2^14 (the run's start: at y_min, the shrinking windows), then every 7th.
          for (let j = 0; j < BATCH; j += k0 - first < 1 << 14 ? 1 : 7) {
            const yv = reference.input[j]!;
            const x = a.inverse(yv, branch);
            const g = a.df(x);
            for (const [got, exact] of [
              [reference.out0[j]!, x],
              [reference.out1[j]!, g],
            ] as const) {
              const e = Object.is(got, exact) ? 0 : Math.abs(got - exact) / ulpOfRounded32(exact);
              worst = Math.max(worst, Number.isNaN(e) ? Infinity : e);
            }
            compared++;
          }
        }
        expect(worst).toBeLessThanOrEqual(TOLERANCE_ULPS);
        expect(compared).toBeGreaterThan(30_000);
        // The windows carry the run; only values at a singular point (y_min, ±0, ±∞) and the
        // shrinking windows next to it are evaluated exactly.
        expect(reference.exactValues).toBeLessThan(RUN / 16);
      });
    }
  }
});
