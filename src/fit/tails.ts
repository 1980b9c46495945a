import type { Activation, BranchId } from '../functions/activation.js';
import { float32Thresholds } from '../functions/float32-thresholds.js';
import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal, fround, nextDown32, nextUp32 } from '../numerics/float32.js';
import { halfCeil } from '../numerics/half.js';
import type { Fit, LowTailRegion, StorageDtype, Target, TailRegion } from './fit-file.js';

/**
 * Where a branch needs no approximation, and the float32 interval [lo, end) left to fit:
 *   right inverse: f⁻¹(y) rounds to y from a threshold on;  right grad: g rounds to 1;
 *   left inverse: y = ±0 is the tail limit x → −∞;  left grad: g is below the absolute bound,
 *   so 0 is within it (g → 0 as x → −∞).
 * For a 16-bit dtype the thresholds move to its grid: a tail starts at the dtype's first value
 * past the float32 threshold, so no segment spans y the dtype cannot hold (fp16 has no y between
 * −2^-24 and 0, where the float32 left tails lie).
 */
export interface BranchPlan {
  readonly lo: number;
  readonly end: number;
  readonly tails: TailRegion[];
  /** Regions under `lo` returned exactly (one-branch fits: y ≤ 0). */
  readonly lowTails?: LowTailRegion[];
}

/** The smallest value of the dtype ≥ v (v itself for float32). */
function gridCeil(dtype: StorageDtype, v: number): number {
  return dtype === 'float32' ? v : halfCeil(dtype, v);
}

export function branchPlan(activation: Activation, branch: BranchId, target: Target, bound: Fit['bound'], dtype: StorageDtype = 'float32'): BranchPlan {
  const y32 = fround(activation.yMin);
  const lo = y32 <= activation.yMin ? y32 : nextDown32(activation.yMin);
  const t = float32Thresholds(activation);
  let tail: TailRegion;
  if (branch === 'right') {
    tail =
      target === 'inverse'
        ? { from: gridCeil(dtype, t.inverseIsIdentityFrom), value: 'y', reason: 'f⁻¹(y) rounds to y in float32' }
        : { from: gridCeil(dtype, t.gradIsOneFrom), value: 1, reason: "f'(f⁻¹(y)) rounds to 1 in float32" };
  } else if (target === 'inverse') {
    tail = { from: -0, value: -Infinity, reason: 'y = ±0: the tail limit x → −∞' };
  } else {
    // The first |y| (moving away from 0) where |g| exceeds half the absolute bound.
    const g = (a: number) => Math.abs(activation.gradFromOutput(-a, 'left'));
    const a = float32FromOrdinal(firstOrdinalWhere(1, float32Ordinal(fround(-0.5 * activation.yMin)), (v) => g(v) > bound.abs / 2));
    tail = { from: nextUp32(-gridCeil(dtype, a)), value: -0, reason: `|g| ≤ ${(bound.abs / 2).toExponential(2)}: 0 is within the absolute bound (g → 0 as x → −∞)` };
  }
  return { lo, end: tail.from, tails: [tail] };
}
