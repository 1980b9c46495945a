import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as generated from '../../generated/ts/index.js';
import { expressionActivation, expressionFunction } from '../../src/functions/expression/activation.js';
import { fround, ulp32 } from '../../src/numerics/float32.js';
import expressions from '../fixtures/expressions.json' with { type: 'json' };
import builtins from '../fixtures/activations.json' with { type: 'json' };

/** mpmath references: test/fixtures/expressions.json (scripts/fixtures/expressions.py) and activations.json (shared/reference). */
const relErr = (got: number, want: string) => Math.abs(got - Number(want)) / Math.max(Math.abs(Number(want)), 1e-300);
/** Error relative to the reference, or absolute below 1e-30 (f' is 0 at the minimum). */
const within = (got: number, want: string, rel: number) => Math.abs(got - Number(want)) <= rel * Math.abs(Number(want)) + 1e-30;

describe('analysis against mpmath', () => {
  for (const [name, ref] of Object.entries(expressions.functions)) {
    it(`${name}: the one critical point is the minimum, with y_min and f''`, () => {
      const { analysis } = expressionFunction(ref.expression);
      expect(analysis.criticalPoints).toHaveLength(1);
      const [m] = analysis.criticalPoints;
      expect(m!.kind).toBe('minimum');
      expect(relErr(m!.x, ref.x_min)).toBeLessThan(4e-16);
      expect(relErr(m!.y, ref.y_min)).toBeLessThan(4e-16);
      expect(relErr(m!.d2f, ref.d2f_at_min)).toBeLessThan(1e-14);
      expect(analysis.asymptotes.minus).toEqual({ kind: 'constant', value: 0, side: 'below' });
      expect(analysis.asymptotes.plus).toEqual({ kind: 'linear', slope: 1, intercept: 0 });
      expect(analysis.pieces.map((p) => [p.code, p.direction])).toEqual([
        [1, 'decreasing'],
        [0, 'increasing'],
      ]);
    });

    it(`${name}: f and f' in float64 to a few ulps, tails included`, () => {
      const { float64 } = expressionFunction(ref.expression);
      for (const p of ref.points) {
        expect(within(float64.f(Number(p.x)), p.f, 1e-14), `f(${p.x})`).toBe(true);
        expect(within(float64.df(Number(p.x)), p.df, 1e-14), `f'(${p.x})`).toBe(true);
      }
    });
  }

  // The built-ins' formulas as expressions reach the built-ins' own minima (shared/reference, mpmath).
  const formulas = { gelu: '0.5*x*(1+erf(x/sqrt(2)))', silu: 'x/(1+exp(-x))' } as const;
  for (const [name, text] of Object.entries(formulas)) {
    it(`${name} by its formula: the minimum of shared/reference`, () => {
      const ref = builtins.functions[name as keyof typeof formulas];
      const e = expressionFunction(text);
      const [m] = e.analysis.criticalPoints;
      expect(relErr(m!.x, ref.x_min)).toBeLessThan(4e-16);
      expect(relErr(m!.y, ref.y_min)).toBeLessThan(4e-16);
      // erfc(−x/√2) carries the rounding of x/√2 amplified by x² (the built-in avoids it with the
      // Mills ratio); where y is a float32 other than 0 (|x| < 14.4) that stays below 1e-13.
      for (const p of ref.points) {
        const x = Number(p.x);
        expect(within(e.float64.f(x), p.f, 1e-14 + 2e-16 * x * x), `f(${p.x})`).toBe(true);
      }
    });
  }
});

describe('the generated inverses of the expression fits', () => {
  const cases = [
    ['mish', generated.mishInverse, generated.mishXMin],
    ['quickgelu', generated.quickgeluInverse, generated.quickgeluXMin],
    ['xexp', generated.xexpInverse, generated.xexpXMin],
  ] as const;
  for (const [name, inverse, xMin32] of cases) {
    it(`${name}: f(f⁻¹(y)) ≈ y on both branches (fast-check)`, () => {
      const a = expressionActivation(name, expressions.functions[name].expression);
      const x32 = fc.float({ min: -60, max: 60, noNaN: true, noDefaultInfinity: true }).map(fround);
      fc.assert(
        fc.property(x32, (x) => {
          const y = fround(a.f(x));
          if (y === 0 && x < xMin32) return true; // the left tail limit: x → −∞
          const branch = x < xMin32 ? 1 : 0;
          const back = inverse(y, branch);
          // The inverse is within its 2-ulp bound of f⁻¹(y), so f(back) is within f'·(2 ulp of x) of y,
          // plus y's own rounding (half an ulp of y) that f⁻¹ undoes.
          const tolerance = 2.05 * ulp32(back) * Math.abs(a.df(back)) + 0.5 * ulp32(y) + 1e-30;
          return Math.abs(a.f(back) - y) <= tolerance;
        }),
        { numRuns: 4000, seed: 20261202 },
      );
    });
  }
});
