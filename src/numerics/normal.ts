import { erfc, erfcx, expNegHalfSquare } from './erf.js';

/**
 * The standard normal density and distribution. Below x = −1 the CDF is formed as
 * φ(x)·R(x) with R the Mills ratio from the scaled erfcx: erfc(−x/√2) directly would
 * amplify the rounding of −x/√2 by x² (1e-13 relative at x = −30).
 */

const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_PI_OVER_2 = 1.2533141373155003;

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * expNegHalfSquare(x);
}

/** Φ(x)/φ(x) for x < 0: smooth, no exponential factor, so the left tail keeps its accuracy. */
export function millsRatioLeft(x: number): number {
  return SQRT_PI_OVER_2 * erfcx(-x * Math.SQRT1_2);
}

export function normalCdf(x: number): number {
  if (x >= -1) return 0.5 * erfc(-x * Math.SQRT1_2);
  return normalPdf(x) * millsRatioLeft(x);
}
