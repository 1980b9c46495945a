/**
 * Discrete rational minimax r = P/Q of type (m, n), q_0 = 1, by the linearised rational Remez
 * algorithm. Rational Remez is fragile (poles, degeneracy, cycling), so it never throws on a bad
 * run: it reports converged = false or poleInInterval = true and the caller falls back.
 */
import { EigenvalueDecomposition, Matrix, QrDecomposition } from 'ml-matrix';
import {
  checkGrid,
  checkGridSize,
  horner,
  isConverged,
  isDone,
  iterationLimit,
  nextReference,
  polynomialMinimax,
  ROUNDING_GAP,
  solveSquare,
  weightedScale,
  type PolynomialMinimaxResult,
} from './remez.js';

export interface RationalMinimaxInput {
  /** Grid, strictly increasing. */
  readonly t: Float64Array;
  /** Target values at t. */
  readonly f: Float64Array;
  /** Positive weights: the error is w_i (f_i - P(t_i)/Q(t_i)). */
  readonly w: Float64Array;
  /** Degree of P. */
  readonly m: number;
  /** Degree of Q. */
  readonly n: number;
  readonly maxIterations?: number;
}

export interface RationalMinimaxResult {
  /** P's m+1 coefficients, monomial order. */
  readonly p: number[];
  /** Q's n+1 coefficients, monomial order, q[0] = 1. */
  readonly q: number[];
  /** max_i |w_i (f_i - r(t_i))| over the grid (Infinity when Q vanishes at a grid point). */
  readonly error: number;
  /** |E| of the last reference solve. */
  readonly levelled: number;
  readonly iterations: number;
  /** (error - levelled) <= 1e-3 error, or that gap is at rounding level (poles are reported separately). */
  readonly converged: boolean;
  /** true when Q vanishes or changes sign on [t_0, t_last] (a pole in the interval) or |Q| gets tiny relative to max|Q|: the caller must fall back. */
  readonly poleInInterval: boolean;
}

/**
 * min|Q| / max|Q| on the interval below which Q counts as nearly singular (a pole, or a pair of
 * complex poles, a hair away): with coefficients of the size of max|Q|, a float32 evaluation
 * (24-bit significands) keeps at most a few correct bits where |Q| is 2^-20 of its maximum.
 */
const Q_TINY = 2 ** -20;
/** A value within this many rounding errors of its evaluation bound is indistinguishable from zero. */
const ROUNDING_ULPS = 64;

/**
 * Q at a, at b and at every critical point of Q in (a, b). A polynomial with no zero in [a, b]
 * takes its extreme values there, so these values decide sign changes, double roots and min|Q|
 * exactly, not just on a grid. Critical points are the real parts of all roots of Q' (companion
 * matrix eigenvalues): an error δ in a critical point moves Q's value there only by O(δ²).
 */
function criticalValues(q: readonly number[], a: number, b: number): { value: number; bound: number }[] {
  const dq = q.slice(1).map((c, k) => (k + 1) * c);
  while (dq.length > 0 && dq[dq.length - 1] === 0) dq.pop();
  const xs = [a, b];
  const d = dq.length - 1;
  if (d === 1) {
    xs.push(-dq[0]! / dq[1]!);
  } else if (d > 1) {
    const companion = new Matrix(d, d);
    for (let i = 0; i < d; i++) {
      if (i > 0) companion.set(i, i - 1, 1);
      companion.set(i, d - 1, -dq[i]! / dq[d]!);
    }
    xs.push(...new EigenvalueDecomposition(companion).realEigenvalues);
  }
  const abs = q.map(Math.abs);
  return xs
    .filter((x) => x >= a && x <= b)
    .map((x) => ({ value: horner(q, x), bound: ROUNDING_ULPS * Number.EPSILON * horner(abs, Math.abs(x)) }));
}

/** Whether Q (monomial coefficients) vanishes, to rounding, or changes sign anywhere in [a, b]. */
export function hasPoleIn(q: readonly number[], a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) throw new RangeError('hasPoleIn: need finite a <= b');
  const values = criticalValues(q, a, b);
  if (values.some(({ value, bound }) => Math.abs(value) <= bound)) return true;
  const sign = Math.sign(values[0]!.value);
  return values.some(({ value }) => Math.sign(value) !== sign);
}

/** hasPoleIn, or min|Q| < Q_TINY max|Q| on [a, b]. */
function poleOrTiny(q: readonly number[], a: number, b: number): boolean {
  if (hasPoleIn(q, a, b)) return true;
  const abs = criticalValues(q, a, b).map(({ value }) => Math.abs(value));
  return Math.min(...abs) < Q_TINY * Math.max(...abs);
}

/**
 * One reference solve: find P, Q, E with P(t_i) - (f_i - (-1)^i E / w_i) Q(t_i) = 0 on the
 * m+n+2 reference points. With an orthonormal basis C of the reference values of polynomials
 * (QR of the column-scaled Vandermonde matrix), the columns past m annihilate P, leaving the
 * (n+1)x(n+1) generalised eigenproblem ZL v = E ZR v for Q's values C_lo v. Of the real
 * eigenvalues, the smallest |E| whose Q keeps one sign on the reference (as in chebfun's rational
 * Remez) and passes the pole test on [a, b] wins; when none does, the smallest |E| is taken and
 * the caller's pole test reports it.
 */
function solveReference(
  t: Float64Array,
  f: Float64Array,
  w: Float64Array,
  ref: readonly number[],
  m: number,
  n: number,
  a: number,
  b: number,
): { p: number[]; q: number[]; E: number } | null {
  const size = ref.length;
  const vander = new Matrix(size, size);
  const scale: number[] = [];
  for (let j = 0; j < size; j++) {
    let max = 0;
    for (let i = 0; i < size; i++) max = Math.max(max, Math.abs(t[ref[i]!]! ** j));
    const sj = max > 0 ? 1 / max : 1;
    scale.push(sj);
    for (let i = 0; i < size; i++) vander.set(i, j, t[ref[i]!]! ** j * sj);
  }
  const qr = new QrDecomposition(vander);
  const c = qr.orthogonalMatrix;
  const r = qr.upperTriangularMatrix;
  const sigma = ref.map((k, i) => (i % 2 === 0 ? 1 : -1) / w[k]!);
  const zl = new Matrix(n + 1, n + 1);
  const zr = new Matrix(n + 1, n + 1);
  for (let row = 0; row <= n; row++) {
    for (let col = 0; col <= n; col++) {
      let sl = 0;
      let sr = 0;
      for (let i = 0; i < size; i++) {
        const h = c.get(i, m + 1 + row) * c.get(i, col);
        sl += h * f[ref[i]!]!;
        sr += h * sigma[i]!;
      }
      zl.set(row, col, sl);
      zr.set(row, col, sr);
    }
  }
  const product = new Matrix(n + 1, n + 1);
  for (let col = 0; col <= n; col++) {
    const x = solveSquare(zr, zl.getColumnVector(col));
    if (!x.every(Number.isFinite)) return null;
    for (let row = 0; row <= n; row++) product.set(row, col, x[row]!);
  }
  const evd = new EigenvalueDecomposition(product);
  const rLo = r.subMatrix(0, n, 0, n);
  let pick: { E: number; q: number[]; values: number[]; clean: boolean } | null = null;
  for (let k = 0; k <= n; k++) {
    const E = evd.realEigenvalues[k]!;
    if (evd.imaginaryEigenvalues[k] !== 0 || !Number.isFinite(E)) continue;
    const v = evd.eigenvectorMatrix.getColumn(k);
    const values = ref.map((_, i) => v.reduce((acc, vb, col) => acc + c.get(i, col) * vb, 0));
    const q = solveSquare(rLo, Matrix.columnVector(v)).map((x, j) => x * scale[j]!);
    const clean =
      (values.every((x) => x > 0) || values.every((x) => x < 0)) && !poleOrTiny(q.map((x) => x / q[0]!), a, b);
    if (pick === null || (clean && !pick.clean) || (clean === pick.clean && Math.abs(E) < Math.abs(pick.E))) {
      pick = { E, q, values, clean };
    }
  }
  if (pick === null) return null;
  const { E, q, values } = pick;
  const pValues = values.map((qv, i) => (f[ref[i]!]! - sigma[i]! * E) * qv);
  const projected = Matrix.columnVector(
    Array.from({ length: m + 1 }, (_, j) => pValues.reduce((acc, pv, i) => acc + c.get(i, j) * pv, 0)),
  );
  const p = solveSquare(r.subMatrix(0, m, 0, m), projected).map((x, j) => x * scale[j]!);
  const q0 = q[0]!;
  const pn = p.map((x) => x / q0);
  const qn = q.map((x) => x / q0);
  qn[0] = 1;
  if (![...pn, ...qn].every(Number.isFinite)) return null;
  return newton(t, f, ref, sigma, { p: pn, q: qn, E });
}

/**
 * Newton steps on the m+n+2 reference equations P(t_i) - (f_i - σ_i E) Q(t_i) = 0 in
 * (p, q_1..q_n, E), from the eigenproblem's solution: the eigenproblem picks the right branch but
 * loses accuracy when reference points cluster (near a singularity of f), and Newton steps, kept
 * only while the residual falls, win some of it back.
 */
function newton(
  t: Float64Array,
  f: Float64Array,
  ref: readonly number[],
  sigma: readonly number[],
  start: { p: number[]; q: number[]; E: number },
): { p: number[]; q: number[]; E: number } {
  const m = start.p.length - 1;
  const n = start.q.length - 1;
  const size = ref.length;
  const residual = (s: { p: number[]; q: number[]; E: number }): number[] =>
    ref.map((k, i) => horner(s.p, t[k]!) - (f[k]! - sigma[i]! * s.E) * horner(s.q, t[k]!));
  const norm = (r: number[]): number => r.reduce((acc, v) => Math.max(acc, Math.abs(v)), 0);
  let current = start;
  let r = residual(current);
  for (let step = 0; step < 3; step++) {
    const jac = new Matrix(size, size);
    ref.forEach((k, i) => {
      const x = t[k]!;
      const g = f[k]! - sigma[i]! * current.E;
      for (let j = 0; j <= m; j++) jac.set(i, j, x ** j);
      for (let j = 1; j <= n; j++) jac.set(i, m + j, -g * x ** j);
      jac.set(i, size - 1, sigma[i]! * horner(current.q, x));
    });
    const colScale: number[] = [];
    for (let j = 0; j < size; j++) {
      let max = 0;
      for (let i = 0; i < size; i++) max = Math.max(max, Math.abs(jac.get(i, j)));
      const sj = max > 0 ? 1 / max : 1;
      colScale.push(sj);
      for (let i = 0; i < size; i++) jac.set(i, j, jac.get(i, j) * sj);
    }
    const d = solveSquare(jac, Matrix.columnVector(r)).map((v, j) => v * colScale[j]!);
    const next = {
      p: current.p.map((v, j) => v - d[j]!),
      q: current.q.map((v, j) => (j === 0 ? 1 : v - d[m + j]!)),
      E: current.E - d[size - 1]!,
    };
    const rn = residual(next);
    if (!(norm(rn) < norm(r))) break;
    current = next;
    r = rn;
  }
  return current;
}

/** Fills e with w_i (f_i - P(t_i)/Q(t_i)) (Infinity where that is not finite) and returns max |e|. */
function rationalError(
  t: Float64Array,
  f: Float64Array,
  w: Float64Array,
  p: readonly number[],
  q: readonly number[],
  e: Float64Array,
): number {
  let max = 0;
  for (let i = 0; i < t.length; i++) {
    const v = w[i]! * (f[i]! - horner(p, t[i]!) / horner(q, t[i]!));
    e[i] = Number.isFinite(v) ? v : Infinity;
    max = Math.max(max, Math.abs(e[i]!));
  }
  return max;
}

/**
 * Weighted discrete rational minimax on the grid, starting from the reference of the polynomial
 * minimax of degree m+n (same number of parameters). Returns the best iterate, preferring
 * pole-free ones, then the smallest error (the latest among errors equal to rounding level); if no reference solve succeeds at all, the degree-m polynomial minimax with
 * Q = 1 and converged = false.
 */
export function rationalMinimax(input: RationalMinimaxInput): RationalMinimaxResult {
  const caller = 'rationalMinimax';
  const { t, f, w, m, n } = input;
  checkGrid(caller, t, f, w);
  if (!Number.isInteger(m) || m < 0 || !Number.isInteger(n) || n < 0) {
    throw new RangeError(`${caller}: m and n must be non-negative integers`);
  }
  const maxIterations = iterationLimit(caller, input.maxIterations);
  checkGridSize(caller, m + n + 1, t.length);
  if (n === 0) {
    const poly = polynomialMinimax({ t, f, w, degree: m, maxIterations });
    return rationalFromPolynomial(poly, 0);
  }
  const a = t[0]!;
  const b = t[t.length - 1]!;
  const scale = weightedScale(f, w);
  const e = new Float64Array(t.length);
  let ref = polynomialMinimax({ t, f, w, degree: m + n, maxIterations }).reference;
  let best: RationalMinimaxResult | undefined;
  let iterations = 0;
  let previousLevelled = 0;
  while (iterations < maxIterations) {
    iterations++;
    const trial = solveReference(t, f, w, ref, m, n, a, b);
    if (trial === null) break;
    const error = rationalError(t, f, w, trial.p, trial.q, e);
    const levelled = Math.min(Math.abs(trial.E), error);
    const poleInInterval = poleOrTiny(trial.q, a, b);
    const converged = isConverged(error, levelled, scale);
    if (
      best === undefined ||
      (best.poleInInterval && !poleInInterval) ||
      (best.poleInInterval === poleInInterval && error <= best.error + ROUNDING_GAP * scale)
    ) {
      best = { p: trial.p, q: trial.q, error, levelled, iterations, converged, poleInInterval };
    }
    if (!Number.isFinite(error) || isDone(error, levelled, previousLevelled, scale)) break;
    previousLevelled = levelled;
    const next = nextReference(ref, e);
    if (next === null) break;
    ref = next;
  }
  if (best === undefined) {
    const poly = polynomialMinimax({ t, f, w, degree: m, maxIterations });
    return { ...rationalFromPolynomial(poly, n), iterations, converged: false };
  }
  return { ...best, iterations };
}

function rationalFromPolynomial(poly: PolynomialMinimaxResult, n: number): RationalMinimaxResult {
  const q = [1, ...new Array<number>(n).fill(0)];
  return {
    p: poly.coefficients,
    q,
    error: poly.error,
    levelled: poly.levelled,
    iterations: poly.iterations,
    converged: poly.converged,
    poleInInterval: false,
  };
}
