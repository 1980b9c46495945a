import { millsRatioLeft, normalCdf, normalPdf } from '../numerics/normal.js';
import { defineActivation } from './define.js';

/**
 * GELU with the exact erf: x·Φ(x). f' = Φ + xφ is written φ·(R + x) left of −1, with R the
 * Mills ratio, so the Gaussian factor is computed once and accurately.
 */

function f(x: number): number {
  return x * normalCdf(x);
}

function df(x: number): number {
  if (x < -1) return normalPdf(x) * (millsRatioLeft(x) + x);
  return normalCdf(x) + x * normalPdf(x);
}

function d2f(x: number): number {
  // φ underflows long before x² overflows; stop there so 0·∞ cannot occur.
  if (Math.abs(x) > 40) return -0;
  return normalPdf(x) * (2 - x * x);
}

export const gelu = defineActivation({
  name: 'gelu',
  label: 'GELU (exact erf)',
  formula: 'x*Phi(x) = 0.5*x*erfc(-x/sqrt(2))',
  f,
  df,
  d2f,
  minimumBracket: [-2, -0.25],
  atInfinity: { f: [-0, Infinity], df: [-0, 1], d2f: [-0, -0] },
});
