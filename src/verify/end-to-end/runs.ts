import type { Activation, BranchId } from '../../functions/activation.js';
import { float32FromOrdinal, float32Ordinal, FLOAT32_MAX, fround, nextUp32 } from '../../numerics/float32.js';
import { halfBits, halfToNumber, type HalfDtype } from '../../numerics/half.js';

/**
 * The end-to-end error over every finite float32 x when y is stored as bf16 or fp16, computed
 * exactly without visiting every x. y = round_dtype(f(x)) takes at most 65,536 values, and on a
 * branch f is monotone, so the x of one stored y form one run of consecutive float32 x. Any
 * function of (y, bit) is one constant c per run, so its worst error there is max |c − f'(x)| over
 * the run: at an end of the run, or where f' peaks inside it (a sign change of f''; every
 * activation here has one per branch at most, at ±√2 for GELU). Each run's ends are found by a
 * galloping binary search on float32 ordinals; about 64 evaluations of f per stored y.
 *
 * The floor is the exact g of the stored y, f'(f⁻¹(y)) on the bit's branch (DESIGN §5): what the
 * fits approximate, and the same definition as the float32 sweep's.
 */
export type GradOfStored = (y: number, bit: 0 | 1) => number;

export interface RunWorst {
  readonly abs: number;
  readonly atX: number;
}

export interface DtypeEndToEnd {
  readonly dtype: HalfDtype;
  /** Stored y values met (runs), per branch. */
  readonly runs: { readonly left: number; readonly right: number };
  /** Per candidate ("floor" first): the worst over every finite float32 x, and per branch. */
  readonly max: Record<string, RunWorst>;
  readonly left: Record<string, RunWorst>;
  readonly right: Record<string, RunWorst>;
}

/** The stored pattern of x: f(x) rounded once to the dtype; an underflow keeps x's sign, as f(x) = x·gate(x) does. */
export function storedBits(activation: Activation, dtype: HalfDtype, x: number): number {
  const bits = halfBits(dtype, activation.f(x));
  return (bits & 0x7fff) === 0 ? (x < 0 || Object.is(x, -0) ? 0x8000 : 0) : bits;
}

/** The float32 x ordinals of each branch: left x < x_min, right x ≥ x_min. */
export function branchOrdinals(activation: Activation): Record<BranchId, { first: number; last: number }> {
  const xMin32 = fround(activation.xMin) >= activation.xMin ? fround(activation.xMin) : nextUp32(activation.xMin);
  const split = float32Ordinal(xMin32);
  return { left: { first: float32Ordinal(-FLOAT32_MAX), last: split - 1 }, right: { first: split, last: float32Ordinal(FLOAT32_MAX) } };
}

/** The last ordinal in [k, last] whose stored pattern equals that at k (patterns are monotone along a branch). */
function runEnd(pattern: (k: number) => number, k: number, last: number): number {
  const p = pattern(k);
  let step = 1;
  let good = k;
  while (good + step <= last && pattern(good + step) === p) {
    good += step;
    step *= 2;
  }
  let bad = Math.min(good + step, last + 1);
  while (bad - good > 1) {
    const mid = good + Math.floor((bad - good) / 2);
    if (pattern(mid) === p) good = mid;
    else bad = mid;
  }
  return good;
}

/** Where |c − f'(x)| can peak on the run [a, b] of ordinals: its ends, and the float32 x either side of a zero of f''. */
function peakOrdinals(activation: Activation, a: number, b: number): number[] {
  const at = [a, b];
  const s = (k: number) => Math.sign(activation.d2f(float32FromOrdinal(k)));
  if (b - a >= 1 && s(a) !== s(b)) {
    let lo = a;
    let hi = b;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (s(mid) === s(a)) lo = mid;
      else hi = mid;
    }
    at.push(lo, hi);
  }
  return at;
}

/** `within`: only the float32 x of this ordinal range (every finite x by default). */
export function dtypeEndToEnd(activation: Activation, dtype: HalfDtype, candidates: Record<string, GradOfStored>, within?: { first: number; last: number }): DtypeEndToEnd {
  const names = ['floor', ...Object.keys(candidates)];
  const fresh = () => Object.fromEntries(names.map((n) => [n, { abs: -1, atX: NaN }])) as Record<string, RunWorst>;
  const perBranch = { left: fresh(), right: fresh() };
  const runs = { left: 0, right: 0 };
  const pattern = (k: number) => storedBits(activation, dtype, float32FromOrdinal(k));
  for (const [branch, whole] of Object.entries(branchOrdinals(activation)) as [BranchId, { first: number; last: number }][]) {
    const range = within ? { first: Math.max(whole.first, within.first), last: Math.min(whole.last, within.last) } : whole;
    const bit = branch === 'left' ? 1 : 0;
    const worst = perBranch[branch];
    const gs: [string, GradOfStored][] = [['floor', (yv) => activation.gradFromOutput(yv, branch)], ...Object.entries(candidates)];
    for (let k = range.first; k <= range.last; ) {
      const end = runEnd(pattern, k, range.last);
      const yv = halfToNumber(dtype, pattern(k));
      const points = peakOrdinals(activation, k, end).map((j) => {
        const x = float32FromOrdinal(j);
        return { x, df: activation.df(x) };
      });
      for (const [name, g] of gs) {
        const c = g(yv, bit);
        for (const p of points) {
          const e = c === p.df ? 0 : Math.abs(c - p.df);
          const w = worst[name]!;
          // NaN counts as infinitely wrong; ties keep the smaller x (deterministic).
          const v = Number.isNaN(e) ? Infinity : e;
          if (v > w.abs || (v === w.abs && p.x < w.atX)) worst[name] = { abs: v, atX: p.x };
        }
      }
      runs[branch]++;
      k = end + 1;
    }
  }
  const max = Object.fromEntries(names.map((n) => [n, perBranch.left[n]!.abs >= perBranch.right[n]!.abs ? perBranch.left[n]! : perBranch.right[n]!]));
  return { dtype, runs, max, left: perBranch.left, right: perBranch.right };
}
