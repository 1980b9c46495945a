/**
 * Safeguarded Newton: Newton steps while they stay inside a shrinking sign-change bracket,
 * bisection otherwise. Newton alone diverges near the minimum of an activation (f' → 0);
 * bisection alone is slow. Together they are quadratic where Newton works and never fail.
 */

export interface RootOptions {
  /** Absolute x tolerance; the default stops only when the bracket cannot shrink in float64. */
  readonly xTol?: number;
  /** Iteration cap (each iteration is one evaluation of f and f'). */
  readonly maxIterations?: number;
  /** Optional first guess inside [lo, hi]; the midpoint otherwise. */
  readonly guess?: number;
}

/**
 * A root of `fdf` in [lo, hi]. `fdf(x)` returns `[f(x), f'(x)]`; f(lo) and f(hi) must have
 * opposite signs (or one be zero). Throws a RangeError naming the bracket otherwise.
 */
export function findRoot(
  fdf: (x: number) => readonly [number, number],
  lo: number,
  hi: number,
  options: RootOptions = {},
): number {
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RangeError(`findRoot: bracket [${lo}, ${hi}] must be finite with lo ≤ hi`);
  }
  const xTol = options.xTol ?? 0;
  const maxIterations = options.maxIterations ?? 200;
  let [flo] = fdf(lo);
  const [fhi] = fdf(hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Number.isNaN(flo) || Number.isNaN(fhi) || Math.sign(flo) === Math.sign(fhi)) {
    throw new RangeError(`findRoot: f has no sign change on [${lo}, ${hi}] (f(lo) = ${flo}, f(hi) = ${fhi})`);
  }
  let x = options.guess ?? 0.5 * (lo + hi);
  if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
  for (let i = 0; i < maxIterations; i++) {
    const [fx, dfx] = fdf(x);
    if (fx === 0) return x;
    // Shrink the bracket so that it keeps the sign change.
    if (Math.sign(fx) === Math.sign(flo)) {
      lo = x;
      flo = fx;
    } else {
      hi = x;
    }
    if (hi - lo <= xTol) return 0.5 * (lo + hi);
    let next = x - fx / dfx;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (next === x || next === lo || next === hi) {
      // No float64 between: the bracket is as tight as it gets.
      return Math.abs(fx) <= Math.abs(fdf(next)[0]) ? x : next;
    }
    if (Math.abs(next - x) <= xTol) return next;
    x = next;
  }
  return x;
}
