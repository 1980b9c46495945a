import { findRoot } from '../numerics/root.js';
import type { BranchId } from './activation.js';
import type { ActivationSpec, Minimum } from './define.js';

/**
 * The generic float64 inverse: a safeguarded Newton solve of f(x) = y on the branch.
 * On the left branch it solves ln(f(x)/y) = 0 instead, which keeps Newton quadratic in the
 * tail where f decays like a Gaussian or an exponential. Near the minimum the first guess
 * comes from the square-root law x ≈ x_min ± √(2(y − y_min)/f''(x_min)), near y = 0 on the right
 * from the tangent at 0.
 * A monotone f (x_min = −∞) is solved as the left branch is, in log space: its y → y_min = 0⁺
 * as x → −∞ (the one-branch fits need that tail), so ln(f(x)/y) keeps Newton quadratic down to
 * the smallest subnormal y.
 * Callers handle NaN, y ≤ y_min and the branch ends; y here is strictly inside the range.
 */
export function solveInverse(
  spec: Pick<ActivationSpec, 'f' | 'df'>,
  { xMin, yMin, d2fMin }: Minimum,
  y: number,
  branch: BranchId,
): number {
  if (xMin === -Infinity) return solveMonotone(spec, y);
  const d = y - yMin;
  const nearMinimum = d < 0.25 * Math.abs(yMin);
  const offset = Math.sqrt((2 * d) / d2fMin);
  if (branch === 'right') {
    let hi = y > 0 ? y + 1 : 0;
    while (spec.f(hi) < y) hi = 2 * hi + 1;
    // Near y = 0 (where x → 0 too) bisection would crawl through hundreds of binades;
    // the tangent at 0 puts Newton at the root at once.
    const tangent = (y - spec.f(0)) / spec.df(0);
    const guess = nearMinimum ? xMin + offset : Math.abs(y) < 1 && tangent > xMin && tangent < hi ? tangent : undefined;
    return findRoot((x) => [spec.f(x) - y, spec.df(x)], xMin, hi, guess === undefined ? {} : { guess });
  }
  let lo = xMin - 1;
  while (spec.f(lo) < y) lo *= 2;
  const guess = nearMinimum ? xMin - offset : undefined;
  return findRoot(logRatio(spec, y), lo, xMin, guess === undefined ? {} : { guess });
}

/** ln(f(x)/y) and its derivative: Newton on it stays quadratic where f decays exponentially. */
function logRatio(spec: Pick<ActivationSpec, 'f' | 'df'>, y: number): (x: number) => [number, number] {
  return (x) => {
    const fx = spec.f(x);
    return [Math.log(fx / y), spec.df(x) / fx];
  };
}

/** f increasing on the whole line with f(−∞) = 0, y > 0: bracket by doubling, then Newton on ln(f(x)/y). */
function solveMonotone(spec: Pick<ActivationSpec, 'f' | 'df'>, y: number): number {
  let lo = -1;
  while (spec.f(lo) > y) lo *= 2;
  let hi = 1;
  while (spec.f(hi) < y) hi *= 2;
  return findRoot(logRatio(spec, y), lo, hi);
}
