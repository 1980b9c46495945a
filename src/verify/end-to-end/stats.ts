import { NEAR_BINS, X_BINS, Y_BINS } from './bins.js';

/**
 * What the end-to-end sweep keeps: for each candidate g (the floor, ours, the published one) and
 * each bin, the largest |g(y, bit) − f'(x)| and the x where it occurs, as [max, x] pairs in flat
 * float64 arrays (plain data: workers post them, chunks merge in any order). An empty bin has
 * max −1; a NaN error counts as +∞.
 */
export interface EndToEndStats {
  readonly candidates: readonly string[];
  /** Float32 x swept. */
  values: number;
  readonly x: Float64Array;
  readonly near: Float64Array;
  /** y bins of the left branch, then of the right. */
  readonly yLeft: Float64Array;
  readonly yRight: Float64Array;
}

/** Empty every [max, x] pair: max −1, x NaN. */
export function clearPairs(a: Float64Array): Float64Array {
  for (let i = 0; i < a.length; i += 2) [a[i], a[i + 1]] = [-1, NaN];
  return a;
}

function emptyPairs(candidates: number, bins: number): Float64Array {
  return clearPairs(new Float64Array(2 * candidates * bins));
}

export function emptyEndToEnd(candidates: readonly string[]): EndToEndStats {
  const c = candidates.length;
  return { candidates, values: 0, x: emptyPairs(c, X_BINS), near: emptyPairs(c, NEAR_BINS), yLeft: emptyPairs(c, Y_BINS), yRight: emptyPairs(c, Y_BINS) };
}

/** Slot of candidate c in bin b of an array of `bins` bins. */
export function slot(c: number, b: number, bins: number): number {
  return 2 * (c * bins + b);
}

function mergePairs(a: Float64Array, b: ArrayLike<number>): void {
  for (let i = 0; i < a.length; i += 2) {
    const m = b[i]!;
    if (m > a[i]! || (m === a[i]! && b[i + 1]! < a[i + 1]!)) [a[i], a[i + 1]] = [m, b[i + 1]!];
  }
}

/** Merge `b` into `a`; ties keep the smaller x, so the result does not depend on chunk order. */
export function mergeEndToEnd(a: EndToEndStats, b: EndToEndStats): void {
  a.values += b.values;
  mergePairs(a.x, b.x);
  mergePairs(a.near, b.near);
  mergePairs(a.yLeft, b.yLeft);
  mergePairs(a.yRight, b.yRight);
}

/** The largest error of candidate c over all bins of `pairs` (bins of that array), with its x. */
export function maxOver(pairs: ArrayLike<number>, c: number, bins: number): { abs: number; atX: number } {
  let best = { abs: -1, atX: NaN };
  for (let b = 0; b < bins; b++) {
    const i = slot(c, b, bins);
    const m = pairs[i]!;
    if (m > best.abs || (m === best.abs && pairs[i + 1]! < best.atX)) best = { abs: m, atX: pairs[i + 1]! };
  }
  return best;
}
