import type { Activation, BranchId } from '../../functions/activation.js';
import { SmoothPair } from './windows.js';

/**
 * The sweeps' reference on one branch: x = f⁻¹(y) (the activation's bracketed, Newton-polished
 * inverse) and g = f'(x), served over windows of float32 y (see windows.ts). Windows are used
 * strictly inside the branch's y-range, (y_min, 0) on the left and (y_min, ∞) on the right; y at or
 * below y_min, ±0 and ±∞ are always evaluated exactly.
 */
export function branchReference(activation: Activation, branch: BranchId): SmoothPair {
  return new SmoothPair(
    (v) => {
      const x = activation.inverse(v, branch);
      return [x, activation.df(x)];
    },
    activation.yMin,
    branch === 'left' ? 0 : Infinity,
  );
}
