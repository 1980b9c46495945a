/**
 * Discrete polynomial minimax by the Remez exchange algorithm on a caller-supplied grid.
 *
 * The planner samples the (already transformed) target densely and calls this hundreds of times,
 * so everything is O(grid × degree) per iteration plus one small LU solve (ml-matrix).
 */
import { LuDecomposition, Matrix, solve } from 'ml-matrix';

export interface PolynomialMinimaxInput {
  /** Grid, strictly increasing. */
  readonly t: Float64Array;
  /** Target values at t. */
  readonly f: Float64Array;
  /** Positive weights: the error is w_i (f_i - p(t_i)). */
  readonly w: Float64Array;
  /** p(t) = sum_{k=0}^{degree} c_k t^k (monomial basis in the caller's well-scaled t). */
  readonly degree: number;
  /** Coefficients held fixed (fpminimax-style re-optimisation): fixed[k] = value, or undefined when free. */
  readonly fixed?: readonly (number | undefined)[];
  readonly maxIterations?: number;
}

export interface PolynomialMinimaxResult {
  /** All degree+1 coefficients, fixed ones included, monomial order c_0..c_n. */
  readonly coefficients: number[];
  /** max_i |w_i (f_i - p(t_i))| over the whole grid. */
  readonly error: number;
  /**
   * |E| of the last reference solve: a lower bound on the best error (de la Vallée Poussin). When
   * no free coefficient acts at a grid point t = 0 (c_0 fixed), the larger of |E| and the error
   * there, which no choice of the free coefficients changes.
   */
  readonly levelled: number;
  /** Grid indices of the final alternation points. */
  readonly reference: number[];
  readonly iterations: number;
  /** (error - levelled) <= 1e-3 error, or that gap is at rounding level (exact fits included). */
  readonly converged: boolean;
}

const DEFAULT_MAX_ITERATIONS = 40;
/** Reported convergence: the levelled error is within 0.1% of the true one, so the fit is within 0.1% of best. */
const CONVERGENCE_TOLERANCE = 1e-3;
/**
 * Iteration goes on past that, to this gap or until the levelled error stops rising (rounding
 * level): Remez converges quadratically, so this costs about one more step, and callers comparing
 * errors of nearly equal fits (fixed coefficients versus free) need more than three digits.
 */
const REFINE_TOLERANCE = 1e-8;
/**
 * A gap (error - levelled) below this fraction of max|w f| is rounding noise of the reference solve
 * and of the evaluation (about 1000 ulps: the reference systems' condition numbers run to 1e2..1e3),
 * so iterating cannot close it: exact fits and fits at rounding level count as converged.
 */
export const ROUNDING_GAP = 1024 * Number.EPSILON;

/** Throws RangeError unless t is strictly increasing and f, w are finite with w > 0, all the same length. */
export function checkGrid(caller: string, t: Float64Array, f: Float64Array, w: Float64Array): void {
  const n = t.length;
  if (f.length !== n || w.length !== n) {
    throw new RangeError(`${caller}: t, f and w must have the same length (got ${n}, ${f.length}, ${w.length})`);
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]!) || !Number.isFinite(f[i]!)) {
      throw new RangeError(`${caller}: t[${i}] and f[${i}] must be finite`);
    }
    if (!(w[i]! > 0) || !Number.isFinite(w[i]!)) throw new RangeError(`${caller}: w[${i}] must be positive and finite`);
    if (i > 0 && !(t[i]! > t[i - 1]!)) throw new RangeError(`${caller}: t must be strictly increasing (at index ${i})`);
  }
}

/** Throws RangeError unless the grid has the free + 1 points an alternant needs. */
export function checkGridSize(caller: string, free: number, length: number): void {
  if (length < free + 1) {
    throw new RangeError(`${caller}: ${free} free coefficients need at least ${free + 1} grid points, got ${length}`);
  }
}

/** Max iterations from the input, validated. */
export function iterationLimit(caller: string, maxIterations: number | undefined): number {
  const limit = maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`${caller}: maxIterations must be a positive integer`);
  return limit;
}

/** p(x) by Horner; c in monomial order. */
export function horner(c: readonly number[], x: number): number {
  let acc = 0;
  for (let k = c.length - 1; k >= 0; k--) acc = acc * x + c[k]!;
  return acc;
}

/**
 * `size` (>= 2) strictly increasing grid indices nearest to the Chebyshev extrema of [t_0, t_last]:
 * the continuous minimax alternant of a smooth function is close to these, so Remez starts near
 * its answer whatever the grid's density.
 */
function chebyshevReference(t: Float64Array, size: number): number[] {
  const n = t.length;
  const a = t[0]!;
  const b = t[n - 1]!;
  const idx: number[] = [];
  for (let i = 0; i < size; i++) {
    idx.push(nearestIndex(t, 0.5 * (a + b) - 0.5 * (b - a) * Math.cos((Math.PI * i) / (size - 1))));
  }
  for (let i = 1; i < size; i++) idx[i] = Math.max(idx[i]!, idx[i - 1]! + 1);
  idx[size - 1] = Math.min(idx[size - 1]!, n - 1);
  for (let i = size - 2; i >= 0; i--) idx[i] = Math.min(idx[i]!, idx[i + 1]! - 1);
  return idx;
}

function nearestIndex(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return x - t[lo]! <= t[hi]! - x ? lo : hi;
}

/**
 * Multi-point exchange: the largest |e| of every run of one sign, thinned to `size` alternating
 * points. Thinning drops the smallest point (with a neighbour when interior, so signs keep
 * alternating), so the global maximum always stays. Null when e has fewer than `size` sign runs,
 * which only happens at rounding level.
 */
function exchange(e: Float64Array, size: number): number[] | null {
  const idx: number[] = [];
  let runSign = 0;
  for (let i = 0; i < e.length; i++) {
    const v = e[i]!;
    const sign = v > 0 ? 1 : v < 0 ? -1 : 0;
    if (sign === 0) continue;
    if (sign !== runSign) {
      idx.push(i);
      runSign = sign;
    } else if (Math.abs(v) > Math.abs(e[idx[idx.length - 1]!]!)) {
      idx[idx.length - 1] = i;
    }
  }
  if (idx.length < size) return null;
  while (idx.length > size) {
    let j = 0;
    for (let i = 1; i < idx.length; i++) if (Math.abs(e[idx[i]!]!) < Math.abs(e[idx[j]!]!)) j = i;
    const last = idx.length - 1;
    if (j === 0 || j === last) {
      idx.splice(j, 1);
    } else if (idx.length - size === 1) {
      idx.splice(Math.abs(e[idx[0]!]!) <= Math.abs(e[idx[last]!]!) ? 0 : last, 1);
    } else {
      idx.splice(Math.abs(e[idx[j - 1]!]!) <= Math.abs(e[idx[j + 1]!]!) ? j - 1 : j, 2);
    }
  }
  return idx;
}

/**
 * Fallback when the multi-point exchange cannot move (too few sign runs, or the same reference):
 * Stiefel's single-point exchange brings the global maximum of |e| in, replacing the neighbour of
 * the same sign so that the signs keep alternating. Null when the maximum is already in.
 */
function insertMaximum(ref: readonly number[], e: Float64Array): number[] | null {
  let k = 0;
  for (let i = 1; i < e.length; i++) if (Math.abs(e[i]!) > Math.abs(e[k]!)) k = i;
  if (ref.includes(k)) return null;
  const sign = Math.sign(e[k]!);
  const same = (i: number): boolean => Math.sign(e[ref[i]!]!) === sign;
  const out = ref.slice();
  const last = ref.length - 1;
  const j = ref.filter((r) => r < k).length;
  if (j === 0 && same(0)) {
    out[0] = k;
  } else if (j === 0) {
    out.pop();
    out.unshift(k);
  } else if (j === ref.length && same(last)) {
    out[last] = k;
  } else if (j === ref.length) {
    out.shift();
    out.push(k);
  } else if (same(j - 1)) {
    out[j - 1] = k;
  } else if (same(j)) {
    out[j] = k;
  } else {
    out[Math.abs(e[ref[j - 1]!]!) <= Math.abs(e[ref[j]!]!) ? j - 1 : j] = k;
  }
  return out;
}

/** The multi-point exchange, or the single-point one when that cannot move; null when stuck. */
export function nextReference(ref: readonly number[], e: Float64Array): number[] | null {
  const next = exchange(e, ref.length);
  if (next !== null && next.some((v, i) => v !== ref[i])) return next;
  return insertMaximum(ref, e);
}

/** Solves A x = b by LU with partial pivoting; falls back to SVD when A is (numerically) singular. */
export function solveSquare(a: Matrix, b: Matrix): number[] {
  const lu = new LuDecomposition(a);
  if (!lu.isSingular()) {
    const x = lu.solve(b).getColumn(0);
    if (x.every(Number.isFinite)) return x;
  }
  return solve(a, b, true).getColumn(0);
}

/**
 * Solves sum_{free j} c_j t_i^j + (-1)^i E / w_i = g_i on the reference. Every column is scaled to
 * max-abs 1 first, so t in [0, small] (tiny high powers) and uneven weights cost no accuracy.
 */
function solveLevelled(
  t: Float64Array,
  g: Float64Array,
  w: Float64Array,
  ref: readonly number[],
  free: readonly number[],
): { c: number[]; E: number } {
  const size = ref.length;
  const k = free.length;
  const a = new Matrix(size, size);
  const rhs = new Matrix(size, 1);
  for (let i = 0; i < size; i++) {
    const r = ref[i]!;
    for (let j = 0; j < k; j++) a.set(i, j, t[r]! ** free[j]!);
    a.set(i, k, (i % 2 === 0 ? 1 : -1) / w[r]!);
    rhs.set(i, 0, g[r]!);
  }
  const scale: number[] = [];
  for (let j = 0; j <= k; j++) {
    let m = 0;
    for (let i = 0; i < size; i++) m = Math.max(m, Math.abs(a.get(i, j)));
    const sj = m > 0 ? 1 / m : 1;
    scale.push(sj);
    for (let i = 0; i < size; i++) a.set(i, j, a.get(i, j) * sj);
  }
  const x = solveSquare(a, rhs).map((v, j) => v * scale[j]!);
  return { c: x.slice(0, k), E: x[k]! };
}

/** Fills e with w_i (f_i - p(t_i)) and returns max |e|. */
function weightedError(t: Float64Array, f: Float64Array, w: Float64Array, c: readonly number[], e: Float64Array): number {
  let max = 0;
  for (let i = 0; i < t.length; i++) {
    const v = w[i]! * (f[i]! - horner(c, t[i]!));
    e[i] = v;
    max = Math.max(max, Math.abs(v));
  }
  return max;
}

/** max_i |w_i f_i|: the scale against which rounding level is judged. */
export function weightedScale(f: Float64Array, w: Float64Array): number {
  let m = 0;
  for (let i = 0; i < f.length; i++) m = Math.max(m, Math.abs(w[i]! * f[i]!));
  return m;
}

/** The reported convergence test: the gap is within tolerance of the error, or at rounding level. */
export function isConverged(error: number, levelled: number, scale: number, tolerance = CONVERGENCE_TOLERANCE): boolean {
  const gap = error - levelled;
  return Number.isFinite(error) && (gap <= tolerance * error || gap <= ROUNDING_GAP * scale);
}

/** Whether to stop iterating after a step with these errors (see REFINE_TOLERANCE). */
export function isDone(error: number, levelled: number, previousLevelled: number, scale: number): boolean {
  if (isConverged(error, levelled, scale, REFINE_TOLERANCE)) return true;
  return isConverged(error, levelled, scale) && levelled <= previousLevelled;
}

/**
 * Weighted discrete minimax polynomial on the grid. With k free coefficients the reference has k+1
 * points. The iterate with the smallest grid error is returned (Remez's levelled error rises
 * monotonically, but the grid error need not fall every step); among iterates whose errors agree
 * to rounding level the latest wins, since its levelled error certifies it best.
 */
export function polynomialMinimax(input: PolynomialMinimaxInput): PolynomialMinimaxResult {
  const caller = 'polynomialMinimax';
  const { t, f, w, degree } = input;
  checkGrid(caller, t, f, w);
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`${caller}: degree must be a non-negative integer`);
  const fixed = input.fixed ?? [];
  if (fixed.length > degree + 1) throw new RangeError(`${caller}: fixed has ${fixed.length} entries, degree is ${degree}`);
  const maxIterations = iterationLimit(caller, input.maxIterations);

  const base: number[] = new Array<number>(degree + 1).fill(0);
  const free: number[] = [];
  for (let k = 0; k <= degree; k++) {
    const v = fixed[k];
    if (v === undefined) free.push(k);
    else if (!Number.isFinite(v)) throw new RangeError(`${caller}: fixed[${k}] must be finite`);
    else base[k] = v;
  }
  if (free.length === 0) {
    checkGridSize(caller, 0, t.length);
    const e = new Float64Array(t.length);
    const error = weightedError(t, f, w, base, e);
    let arg = 0;
    for (let i = 1; i < t.length; i++) if (Math.abs(e[i]!) > Math.abs(e[arg]!)) arg = i;
    return { coefficients: base, error, levelled: error, reference: [arg], iterations: 0, converged: true };
  }
  // With the lowest free exponent s > 0, p = base + t^s q(t) and the error is
  // sgn(t)^s * w|t|^s (g/t^s - q): a Haar problem for q (when the free exponents are contiguous)
  // with weight w|t|^s, whose alternation is in that sign-corrected error, not in the raw one.
  // t = 0 then cannot sit in a reference (it would pin E = ±w g(0)); its error is pinned whatever
  // the free coefficients are, so it is a lower bound on the best error.
  const shift = free[0]!;
  const pinned = shift > 0 ? t.indexOf(0) : -1;
  const keep = (a: Float64Array): Float64Array =>
    pinned < 0 ? a : Float64Array.from([...a.subarray(0, pinned), ...a.subarray(pinned + 1)]);
  const ts = keep(t);
  const fs = keep(f);
  const ws = keep(w);
  checkGridSize(caller, free.length, ts.length);
  const gShifted = fs.map((fi, i) => (fi - horner(base, ts[i]!)) / ts[i]! ** shift);
  const wShifted = ws.map((wi, i) => wi * Math.abs(ts[i]!) ** shift);
  const exponents = free.map((k) => k - shift);
  const flip = shift % 2 === 1;
  const floor = pinned < 0 ? 0 : Math.abs(w[pinned]! * (f[pinned]! - base[0]!));
  const toFull = (i: number): number => (pinned >= 0 && i >= pinned ? i + 1 : i);
  const scale = weightedScale(f, w);
  const e = new Float64Array(ts.length);

  let ref = chebyshevReference(ts, free.length + 1);
  let best: PolynomialMinimaxResult | undefined;
  let previousLevelled = 0;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const { c, E } = solveLevelled(ts, gShifted, wShifted, ref, exponents);
    const coefficients = base.slice();
    free.forEach((k, j) => (coefficients[k] = c[j]!));
    const error = Math.max(weightedError(ts, fs, ws, coefficients, e), floor);
    // A lower bound on the best error, so never above this error (it can be, by rounding).
    const levelled = Math.min(Math.max(Math.abs(E), floor), error);
    const converged = isConverged(error, levelled, scale);
    if (best === undefined || error <= best.error + ROUNDING_GAP * scale) {
      best = { coefficients, error, levelled, reference: ref.map(toFull), iterations, converged };
    }
    if (isDone(error, levelled, previousLevelled, scale)) break;
    previousLevelled = levelled;
    if (flip) for (let i = 0; i < ts.length; i++) if (ts[i]! < 0) e[i] = -e[i]!;
    const next = nextReference(ref, e);
    if (next === null) break;
    ref = next;
  }
  return { ...best!, iterations };
}
