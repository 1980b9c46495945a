import { findRoot } from '../../numerics/root.js';
import { assertBranchId, type Activation } from '../activation.js';

/**
 * φ(t) = e^t − 1 − t: xIELU's negative side is y_min + k·φ(x − x*) (see xielu.ts), so its inverse
 * is x* + φ⁻¹((y − y_min)/k) and its slope k·φ'(φ⁻¹(·)). φ has the shape the fit pipeline knows:
 * one minimum (t = 0, φ = 0, φ'' = 1, so the square-root law t ≈ ±√(2s)), a left branch t < 0
 * (code 1) and a right branch t ≥ 0 (code 0). Unlike GELU and SiLU both branches are unbounded in
 * s: t ≈ −1 − s on the left, t ≈ ln s on the right.
 *
 * Its inverse is Lambert W with the argument in log space: t = −1 − s − W(−e^(−1−s)), W₀ on the
 * left branch and W₋₁ on the right; working in s keeps the information that −e^(−1−s) loses to
 * rounding near the branch point and to underflow for s > 87 (float32). The float64 inverse here
 * is a root solve of φ(t) = s, independent of the Lambert W code (the tests compare the two).
 */

/** 1/(n + 2)!, n = 0..13: φ(t) = t²·Σ t^n/(n + 2)!, the next term below 2^-60 relative for |t| < 1/4. */
const SERIES = Array.from({ length: 14 }, (_, n) => {
  let factorial = 1;
  for (let k = 2; k <= n + 2; k++) factorial *= k;
  return 1 / factorial;
});

/** φ(t) to full relative accuracy: the series where e^t − 1 − t cancels. */
function phi(t: number): number {
  if (t === -Infinity) return Infinity;
  if (Math.abs(t) >= 0.25) return Math.expm1(t) - t;
  let sum = 0;
  for (let n = SERIES.length - 1; n >= 0; n--) sum = sum * t + SERIES[n]!;
  return t * t * sum;
}

export const ieluPhi: Activation = (() => {
  const df = (t: number) => (t === -Infinity ? -1 : Math.expm1(t));
  const inverse = (s: number, branch: 'left' | 'right'): number => {
    assertBranchId(branch, 'ielu_phi.inverse');
    if (Number.isNaN(s)) return NaN;
    if (s <= 0) return 0;
    if (s === Infinity) return branch === 'left' ? -Infinity : Infinity;
    // φ(±√(2s)·(1 ∓ …)) and the brackets: φ(−2 − s) > s on the left, φ(2·ln(2 + s)) > s on the right.
    const law = Math.sqrt(2 * s);
    const [lo, hi, guess] = branch === 'left' ? [-2 - s, 0, -law] : [0, 2 * Math.log(2 + s), law];
    return findRoot((t) => [phi(t) - s, df(t)], lo, hi, s < 0.5 ? { guess } : {});
  };
  return {
    name: 'ielu_phi',
    label: "φ(t) = e^t − 1 − t, xIELU's negative side",
    formula: 'expm1(t) - t',
    f: phi,
    df,
    d2f: (t) => Math.exp(t),
    xMin: 0,
    yMin: 0,
    d2fMin: 1,
    branches: [
      { id: 'left', code: 1, x: { lo: -Infinity, hi: 0, loOpen: true, hiOpen: true }, y: { lo: 0, hi: Infinity, loOpen: true, hiOpen: true } },
      { id: 'right', code: 0, x: { lo: 0, hi: Infinity, loOpen: false, hiOpen: true }, y: { lo: 0, hi: Infinity, loOpen: false, hiOpen: true } },
    ],
    inverse,
    gradFromOutput: (s, branch) => df(inverse(s, branch)),
    branchOf: (t) => (t < 0 ? 'left' : 'right'),
  };
})();
