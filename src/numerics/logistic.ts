/**
 * The logistic sigmoid σ(t) = 1 / (1 + e^−t), and σ(t)·σ(−t), without cancellation on
 * either side: for t < 0 it is computed as e^t / (1 + e^t), so σ keeps its relative
 * accuracy down to the underflow threshold.
 *
 * `lo` is an optional low part of the argument (t = t + lo, |lo| ≪ 1), for callers whose
 * argument carries more than float64 precision.
 */
export function sigmoid(t: number, lo = 0): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t) * (1 - lo));
  const e = Math.exp(t) * (1 + lo);
  return e / (1 + e);
}
