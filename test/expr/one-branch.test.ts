import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { softplusGradFromOutput, softplusInverse } from '../../generated/ts/index.js';
import { describeExpression } from '../../src/cli/describe-expression.js';
import { fitExpression } from '../../src/fit/fit-expression.js';
import { fitToJson, parseFit, type Fit } from '../../src/fit/fit-file.js';
import { ulpsError } from '../../src/fit/measure.js';
import { expressionActivation } from '../../src/functions/expression/activation.js';
import { float32FromOrdinal, float32Ordinal, FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL, fround, nextDown32, ulp32 } from '../../src/numerics/float32.js';
import { cli } from '../helpers/cli.js';

/**
 * softplus, ln(1 + eˣ): monotone, fitted with one branch and no branch bit (fits/expr/softplus.*).
 * The references are closed forms in float64, independent of the fitter's root-solved inverse:
 *   x = f⁻¹(y) = ln(eʸ − 1) (y + ln(1 − e^(−y)) above 1), and near y₀ = ln 2 (where x crosses 0) ln(1 + 2·expm1(y − ln 2)) with
 *   ln 2 as the fdlibm pair, so x keeps its relative accuracy there; g = f'(x) = σ(x) = 1 − e^(−y).
 */
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
function exactInverse(y: number): number {
  if (Math.abs(y - LN2_HI) < 0.5) return Math.log1p(2 * Math.expm1(y - LN2_HI - LN2_LO));
  return y < 1 ? Math.log(Math.expm1(y)) : y + Math.log1p(-Math.exp(-y));
}
const exactGrad = (y: number) => -Math.expm1(-y);

const read = (target: string): { fit: Fit; text: string } => {
  const text = readFileSync(new URL(`../../fits/expr/softplus.right.${target}.float32.json`, import.meta.url), 'utf8');
  return { fit: parseFit(text, target), text };
};
const inverseFit = read('inverse');
const gradFit = read('grad');

/** 2^12 float32 y spread evenly by ordinal over [lo, hi), and the 3 nearest each end. */
function sampleOf(lo: number, hi: number): number[] {
  const [a, b] = [float32Ordinal(lo), float32Ordinal(nextDown32(hi))];
  const out: number[] = [];
  for (let i = 0; i < 4096; i++) out.push(float32FromOrdinal(a + Math.floor(((b - a) * i) / 4095)));
  for (let k = 0; k < 3; k++) out.push(float32FromOrdinal(a + k), float32FromOrdinal(b - k));
  return out;
}

describe('softplus: a monotone function, one branch', () => {
  it('is analysed as one branch with no branch bit, and fitted so', () => {
    expect(describeExpression('softplus', 'log(1+exp(x))')).toMatch(/monotone: one branch \(code 0\), no branch bit/);
    const a = expressionActivation('softplus', 'log(1+exp(x))');
    expect(a.branches).toHaveLength(1);
    expect(a.branches[0]).toMatchObject({ id: 'right', code: 0, y: { lo: 0, hi: Infinity } });
    expect([a.xMin, a.yMin, a.branchOf(-1e300)]).toEqual([-Infinity, 0, 'right']);
    expect(() => a.inverse(0.5, 'left')).toThrow(/monotone, with one branch/);
    for (const { fit } of [inverseFit, gradFit]) {
      expect(fit.branch).toEqual({ id: 'right', code: 0, only: true });
      expect(fit.yZero!.hi + fit.yZero!.lo).toBeCloseTo(Math.LN2, 15);
    }
  });

  it('the CLI refuses a left branch or a 16-bit dtype for it, naming the one branch', () => {
    for (const extra of [['--branch', 'left'], ['--dtype', 'bf16']]) {
      const r = cli('fit', '--expr', 'log(1+exp(x))', '--name', 'sp', ...extra, '--out', '/nonexistent-dir-not-written');
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/sp is monotone/);
    }
  });

  for (const [label, entry, fn, exact] of [
    ['inverse', inverseFit, softplusInverse, exactInverse],
    ['grad', gradFit, softplusGradFromOutput, exactGrad],
  ] as const) {
    it(`${label}: every segment within the fit's bound of the closed form (4102 y per segment)`, () => {
      const { fit } = entry;
      for (const [i, s] of fit.segments.entries()) {
        let worst = 0;
        let at = NaN;
        for (const yv of sampleOf(s.lo, s.hi)) {
          const e = ulpsError(fn(yv), exact(yv), fit.bound.abs);
          if (e > worst) [worst, at] = [e, yv];
        }
        expect(worst, `segment ${i} [${s.lo}, ${s.hi}) at y = ${at}`).toBeLessThanOrEqual(fit.bound.ulps);
      }
      // The right tail: f⁻¹(y) rounds to y, g to 1 (within half an ulp of the closed form).
      const from = fit.tails[0]!.from;
      for (const yv of sampleOf(from, FLOAT32_MAX)) expect(ulpsError(fn(yv), exact(yv), fit.bound.abs), `y = ${yv}`).toBeLessThanOrEqual(0.5);
    });
  }

  it('special values: NaN, ±0, negative y and −∞ clamp to the tail limit (never NaN), +∞, subnormal y', () => {
    expect(softplusInverse(NaN)).toBeNaN();
    expect(softplusGradFromOutput(NaN)).toBeNaN();
    for (const yv of [0, -0, -FLOAT32_MIN_SUBNORMAL, -1, -FLOAT32_MAX, -Infinity]) {
      expect(softplusInverse(yv), `y = ${yv}`).toBe(-Infinity);
      expect(softplusGradFromOutput(yv), `y = ${yv}`).toBe(0);
    }
    expect(softplusInverse(Infinity)).toBe(Infinity);
    expect(softplusGradFromOutput(Infinity)).toBe(1);
    expect(softplusInverse(FLOAT32_MAX)).toBe(FLOAT32_MAX);
    // Subnormal y: x = ln y to float32 (−103.28 at the smallest), g = y.
    for (const yv of [FLOAT32_MIN_SUBNORMAL, 3 * FLOAT32_MIN_SUBNORMAL, 2 ** -130, nextDown32(2 ** -126)]) {
      expect(ulpsError(softplusInverse(yv), Math.log(yv), 0), `y = ${yv}`).toBeLessThanOrEqual(0.5);
      expect(softplusGradFromOutput(yv), `y = ${yv}`).toBe(yv);
    }
    // At y₀ = fl32(ln 2), next to x = 0: relative accuracy kept (x ≈ 3.8e-9 there).
    const y0 = fround(Math.LN2);
    expect(ulpsError(softplusInverse(y0), exactInverse(y0), 0)).toBeLessThanOrEqual(inverseFit.fit.bound.ulps);
    // A branch code passed by generic (y, bit) code is ignored.
    const generic: (y: number, branch: number) => number = softplusGradFromOutput;
    expect(generic(0.3, 1)).toBe(softplusGradFromOutput(0.3));
  });

  it('f(f⁻¹(y)) ≈ y for any positive float32 y, within what 2 ulp of x allow', () => {
    const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    fc.assert(
      fc.property(fc.float({ min: FLOAT32_MIN_SUBNORMAL, max: FLOAT32_MAX, noNaN: true }), (yRaw) => {
        const yv = fround(yRaw);
        const x = softplusInverse(yv);
        // |Δy| ≈ f'(x)·|Δx| with |Δx| ≤ 2 ulp(x); plus the rounding of y itself.
        const slope = 1 / (1 + Math.exp(-x));
        expect(Math.abs(softplus(x) - yv)).toBeLessThanOrEqual(2 * slope * ulp32(x) + 0.5 * ulp32(yv));
        // and g(y) is f' there: σ(x) to within the same.
        expect(Math.abs(softplusGradFromOutput(yv) - slope)).toBeLessThanOrEqual(2 * ulp32(slope) + 2 * slope * (1 - slope) * ulp32(x));
      }),
      { numRuns: 20_000, seed: 8 },
    );
  });

  it('the fit file round-trips, and its one-branch fields are validated by path', () => {
    expect(fitToJson(parseFit(inverseFit.text, 'inverse'))).toBe(inverseFit.text);
    const doc = () => JSON.parse(inverseFit.text);
    const bad = (edit: (d: Record<string, unknown>) => void) => {
      const d = doc();
      edit(d);
      return () => parseFit(JSON.stringify(d), 'f');
    };
    expect(bad((d) => ((d.branch as Record<string, unknown>).only = 'yes'))).toThrow(/\$\.branch\.only: expected true/);
    expect(bad((d) => (d.branch = { id: 'left', code: 1, only: true }))).toThrow(/\$\.branch\.id: a function's only branch is "right"/);
    expect(bad((d) => delete d.yZero)).toThrow(/transform: "zero" measures y from y_zero: the fit needs \$\.yZero/);
    expect(bad((d) => ((d.lowTails as Record<string, unknown>[])[0]!.below = '0x1p-10'))).toThrow(/\$\.segments\[0\]\.lo: must meet the highest low tail region/);
    expect(bad((d) => ((d.lowTails as Record<string, unknown>[])[0]!.value = 'NaN?'))).toThrow(/\$\.lowTails\[0\]\.value: expected a float32 hexadecimal float/);
  });

  it('is deterministic: a refit gives the checked-in bytes', () => {
    const fit = fitExpression('softplus', 'log(1+exp(x))', 'right', 'grad');
    expect(fitToJson(fit)).toBe(gradFit.text);
  }, 120_000);
});
