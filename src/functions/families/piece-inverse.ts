import { findRoot } from '../../numerics/root.js';
import type { Piece } from './family.js';

/**
 * The float64 reference inverse on one monotone piece: a bracket from the piece's ends (an
 * infinite end is approached by doubling steps) and a safeguarded Newton solve of f(x) = y. It
 * uses f and f' only, so it is independent of any approximation. y beyond an end of the piece's
 * y-range gives that end's x: a critical point, or ±∞ where y only tends to a limit.
 * `guess` (optional) is a first Newton point inside the piece.
 */
export function pieceInverse(f: (x: number) => number, df: (x: number) => number, piece: Piece, y: number, guess?: number): number {
  if (Number.isNaN(y)) return NaN;
  const { x, y: range, increasing } = piece;
  if (y <= range.lo) return increasing ? x.lo : x.hi;
  if (y >= range.hi) return increasing ? x.hi : x.lo;
  const sign = increasing ? 1 : -1;
  // r(x) = ±(f(x) − y) increases with x: negative left of the root, positive right of it.
  const r = (t: number) => sign * (f(t) - y);
  let lo = x.lo;
  let hi = x.hi;
  if (!Number.isFinite(lo) && !Number.isFinite(hi)) {
    if (r(0) > 0) hi = 0;
    else lo = 0;
  }
  const outward = (from: number, direction: -1 | 1): [number, number] => {
    let inner = from;
    for (let step = 1; ; step *= 2) {
      const t = inner + direction * step;
      if (!Number.isFinite(t) || !Number.isFinite(f(t))) throw new RangeError(`pieceInverse: no bracket for y = ${y} on piece ${piece.code}`);
      if (direction * r(t) >= 0) return [inner, t];
      inner = t;
    }
  };
  if (!Number.isFinite(lo)) [hi, lo] = outward(hi, -1);
  if (!Number.isFinite(hi)) [lo, hi] = outward(lo, 1);
  const options = guess !== undefined && guess > lo && guess < hi ? { guess } : {};
  return findRoot((t) => [r(t), sign * df(t)], lo, hi, options);
}
