import type { Activation } from '../functions/activation.js';
import { rightTailThresholds } from '../functions/float32-thresholds.js';
import { FLOAT32_MIN_SUBNORMAL } from '../numerics/float32.js';
import type { Family } from './families.js';
import type { LowTailRegion, Target, TailRegion } from './fit-file.js';
import type { BranchPlan } from './tails.js';

/**
 * Fits of a monotone f with one branch (no branch bit), of softplus's shape: increasing, y → 0⁺
 * as x → −∞ and y − x → 0 as x → +∞ (expression/activation.ts admits only these). y runs over
 * (0, ∞); y ≤ 0 (at or below the infimum f(−∞) = 0, where rounding or a caller can put it) is
 * clamped to the tail limit. The families, by where they serve:
 *   y → 0⁺ (x → −∞): x = u + y·P(t), u = ln y (f ~ c·eˣ there, so x − ln y is tame); g = K·y + y·P(t);
 *   around y_zero = f(0), where x crosses 0: x = u·P(t), u = y − y_zero (a float32 pair), so x
 *     keeps its relative accuracy through 0;
 *   elsewhere: x = y + y·P(t) (x → y), or a constant lead (g → 1).
 */

export function oneBranchFamilies(target: Target): readonly Family[] {
  const towardsIdentity: Family = { transform: 'identity', mapped: true, firstOnly: false, lead: 'y', factor: 'y', outer: 'none' };
  const constant: Family = { transform: 'identity', mapped: true, firstOnly: false, lead: 'constant', factor: 'one', outer: 'none' };
  if (target === 'inverse') {
    return [
      { transform: 'log', mapped: true, firstOnly: false, lead: 'unit-u', factor: 'y', outer: 'none' },
      { transform: 'zero', mapped: true, firstOnly: false, lead: 'none', factor: 'u', outer: 'none' },
      towardsIdentity,
      constant,
    ];
  }
  return [{ transform: 'identity', mapped: true, firstOnly: false, lead: 'scaled-y', factor: 'y', outer: 'none' }, constant];
}

/**
 * From the smallest positive y to the right tail (f⁻¹(y) rounds to y, g to 1). Below the smallest
 * subnormal (y = ±0, negative y, −∞) the low tail gives the limit at x → −∞: x = −∞, g = f'(−∞) = 0.
 */
export function oneBranchPlan(activation: Activation, target: Target): BranchPlan {
  const t = rightTailThresholds(activation);
  const tail: TailRegion =
    target === 'inverse'
      ? { from: t.inverseIsIdentityFrom, value: 'y', reason: 'f⁻¹(y) rounds to y in float32' }
      : { from: t.gradIsOneFrom, value: 1, reason: "f'(f⁻¹(y)) rounds to 1 in float32" };
  const clamp = 'y ≤ 0 = f(−∞), the infimum (y below it is clamped there)';
  const low: LowTailRegion =
    target === 'inverse'
      ? { below: FLOAT32_MIN_SUBNORMAL, value: -Infinity, reason: `${clamp}: the tail limit x → −∞` }
      : { below: FLOAT32_MIN_SUBNORMAL, value: 0, reason: `${clamp}: the tail limit f'(−∞) = ${activation.df(-Infinity)}` };
  return { lo: FLOAT32_MIN_SUBNORMAL, end: tail.from, tails: [tail], lowTails: [low] };
}
