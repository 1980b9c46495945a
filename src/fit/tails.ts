import type { Activation, BranchId } from '../functions/activation.js';
import { float32Thresholds } from '../functions/float32-thresholds.js';
import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal, fround, nextDown32, nextUp32 } from '../numerics/float32.js';
import type { Fit, Target, TailRegion } from './fit-file.js';

/**
 * Where a branch needs no approximation, and the float32 interval [lo, end) left to fit:
 *   right inverse: f⁻¹(y) rounds to y from a threshold on;  right grad: g rounds to 1;
 *   left inverse: y = ±0 is the tail limit x → −∞;  left grad: g is below the absolute bound,
 *   so 0 is within it (g → 0 as x → −∞).
 */
export interface BranchPlan {
  readonly lo: number;
  readonly end: number;
  readonly tails: TailRegion[];
}

export function branchPlan(activation: Activation, branch: BranchId, target: Target, bound: Fit['bound']): BranchPlan {
  const y32 = fround(activation.yMin);
  const lo = y32 <= activation.yMin ? y32 : nextDown32(activation.yMin);
  const t = float32Thresholds(activation);
  let tail: TailRegion;
  if (branch === 'right') {
    tail =
      target === 'inverse'
        ? { from: t.inverseIsIdentityFrom, value: 'y', reason: 'f⁻¹(y) rounds to y in float32' }
        : { from: t.gradIsOneFrom, value: 1, reason: "f'(f⁻¹(y)) rounds to 1 in float32" };
  } else if (target === 'inverse') {
    tail = { from: -0, value: -Infinity, reason: 'y = ±0: the tail limit x → −∞' };
  } else {
    // The first |y| (moving away from 0) where |g| exceeds half the absolute bound.
    const g = (a: number) => Math.abs(activation.gradFromOutput(-a, 'left'));
    const a = float32FromOrdinal(firstOrdinalWhere(1, float32Ordinal(fround(-0.5 * activation.yMin)), (v) => g(v) > bound.abs / 2));
    tail = { from: nextUp32(-a), value: -0, reason: `|g| ≤ ${(bound.abs / 2).toExponential(2)}: 0 is within the absolute bound (g → 0 as x → −∞)` };
  }
  return { lo, end: tail.from, tails: [tail] };
}
