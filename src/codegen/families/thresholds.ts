import { fround, nextUp32 } from '../../numerics/float32.js';

/**
 * The smallest float32 ≥ v: for float32 x, x < this exactly when x < v, so the forward kernels
 * compute the branch code of x exactly (DESIGN §1). ±∞ stay as they are.
 */
export function float32AtLeast(v: number): number {
  return fround(v) >= v ? fround(v) : nextUp32(v);
}
