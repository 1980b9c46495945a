import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal, fround, FLOAT32_MIN_SUBNORMAL } from '../numerics/float32.js';
import type { Activation } from './activation.js';

/**
 * Where float32 makes the inverse trivial: the fits handle these regions exactly instead of
 * approximating them, and `analyze` prints them.
 */
export interface Float32Thresholds {
  /** fl32(y_min): the float32 nearest the minimum; rounding can put y here, below the true y_min. */
  readonly yMinFloat32: number;
  /** The smallest float32 y from which fl32(f⁻¹(y)) = y on the right branch. */
  readonly inverseIsIdentityFrom: number;
  /** The smallest float32 y from which fl32(g(y)) = 1 on the right branch. */
  readonly gradIsOneFrom: number;
  /**
   * The float32 y nearest 0 on the left branch whose g is non-zero in float32: g rounds to 0
   * only for y strictly between this and 0 (and at ±0 itself).
   */
  readonly leftGradNonzeroFrom: number;
  /** fl32(f(x)) = 0 for every x below this (the left tail underflows in float32). */
  readonly leftOutputUnderflowsBelow: number;
}

/** The float64 boundary between x where `isZero(x)` is false (above) and true (below). */
function lowestNonzero(lo: number, hi: number, isZero: (x: number) => boolean): number {
  for (;;) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) return hi;
    if (isZero(mid)) lo = mid;
    else hi = mid;
  }
}

/*
 * The searches below are binary searches over float32 ordinals: every threshold here is set by a
 * quantity that moves one way (x − y and g − 1 shrink, |g| grows) against a float32 spacing that
 * only widens, so each predicate is false and then true.
 */
/** The right tail's thresholds: where f⁻¹(y) rounds to y and g to 1 (a one-branch f has these too). */
export function rightTailThresholds(activation: Activation): Pick<Float32Thresholds, 'inverseIsIdentityFrom' | 'gradIsOneFrom'> {
  const inv = (y: number) => activation.inverse(y, 'right');
  const gRight = (y: number) => activation.gradFromOutput(y, 'right');
  const one = float32Ordinal(1);
  const far = float32Ordinal(2 ** 40);
  return {
    inverseIsIdentityFrom: float32FromOrdinal(firstOrdinalWhere(one, far, (y) => fround(inv(y)) === y)),
    gradIsOneFrom: float32FromOrdinal(firstOrdinalWhere(one, far, (y) => fround(gRight(y)) === 1)),
  };
}

export function float32Thresholds(activation: Activation): Float32Thresholds {
  const { xMin, yMin } = activation;
  const gLeft = (y: number) => activation.gradFromOutput(y, 'left');
  const { inverseIsIdentityFrom, gradIsOneFrom } = rightTailThresholds(activation);
  // Search the left branch on |y|, whose ordinals grow away from zero.
  const leftGradNonzeroFrom = -float32FromOrdinal(
    firstOrdinalWhere(float32Ordinal(FLOAT32_MIN_SUBNORMAL), float32Ordinal(fround(-0.5 * yMin)), (a) => fround(gLeft(-a)) !== 0),
  );
  let x = xMin - 1;
  while (fround(activation.f(x)) !== 0) x *= 2;
  const leftOutputUnderflowsBelow = lowestNonzero(x, xMin - 1, (t) => fround(activation.f(t)) === 0);
  return {
    yMinFloat32: fround(yMin),
    inverseIsIdentityFrom,
    gradIsOneFrom,
    leftGradNonzeroFrom,
    leftOutputUnderflowsBelow,
  };
}
