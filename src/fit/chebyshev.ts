/**
 * Chebyshev tools the planner uses to judge how hard an interval is without running Remez.
 *
 * Convention (plain sum, as in chebfun): f(x) ≈ sum_{k=0}^{n-1} c_k T_k(u), u = (2x - a - b)/(b - a),
 * with c_0 NOT halved; for e^x on [-1, 1], c_0 = I_0(1) and c_k = 2 I_k(1).
 */

/**
 * Chebyshev coefficients c_0..c_{n-1} of the interpolant of f at the n Chebyshev points of the
 * first kind on [a, b] (a direct O(n²) DCT-II). The cosines come from one table indexed by
 * k(2j+1) mod 4n, so every angle is reduced exactly and no large-argument cosine is taken.
 */
export function chebyshevCoefficients(f: (x: number) => number, a: number, b: number, n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('chebyshevCoefficients: n must be a positive integer');
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) {
    throw new RangeError('chebyshevCoefficients: need finite a < b');
  }
  const period = 4 * n;
  const cos = Array.from({ length: period }, (_, m) => Math.cos((Math.PI * m) / (2 * n)));
  const mid = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const values = Array.from({ length: n }, (_, j) => f(mid + half * cos[2 * j + 1]!));
  const c: number[] = [];
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += values[j]! * cos[(k * (2 * j + 1)) % period]!;
    c.push(((k === 0 ? 1 : 2) / n) * sum);
  }
  return c;
}

/**
 * Bounds on E_degree, the best uniform polynomial error of degree `degree` for the function whose
 * Chebyshev coefficients these are (for f itself up to the series' own truncation/aliasing error).
 *
 * upper: the truncation p = sum_{k<=degree} c_k T_k has error sum_{k>degree} c_k T_k, and |T_k| <= 1.
 *
 * lower: the larger of two valid bounds.
 * (1) For k > degree and any p of degree <= degree, c_k = (2/π) ∫ (f - p) T_k / sqrt(1 - x²) dx by
 *     orthogonality, and ∫ |T_k| / sqrt(1 - x²) dx = 2, so |c_k| <= (4/π) ||f - p||: E >= (π/4) max |c_k|.
 * (2) de la Vallée Poussin: if the truncation error alternates in sign at the degree+2 extrema
 *     x_j = cos(jπ/(degree+1)) of T_{degree+1}, then E >= min_j |error(x_j)|. This is nearly sharp
 *     when the coefficients decay fast; (1) covers the cases where the signs do not alternate.
 */
export function minimaxErrorBounds(coefficients: readonly number[], degree: number): { lower: number; upper: number } {
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError('minimaxErrorBounds: degree must be a non-negative integer');
  const tail = coefficients.slice(degree + 1);
  const upper = tail.reduce((acc, c) => acc + Math.abs(c), 0);
  let lower = (Math.PI / 4) * tail.reduce((acc, c) => Math.max(acc, Math.abs(c)), 0);
  // Truncation error at x_j = cos(jπ/N), N = degree + 1: T_k(x_j) = cos(kjπ/N), angle reduced mod 2N.
  const N = degree + 1;
  const r = Array.from({ length: N + 1 }, (_, j) =>
    tail.reduce((acc, c, i) => acc + c * Math.cos((Math.PI * (((N + i) * j) % (2 * N))) / N), 0),
  );
  if (r.every((v, j) => v * r[0]! * (j % 2 === 0 ? 1 : -1) > 0)) {
    lower = Math.max(lower, Math.min(...r.map(Math.abs)));
  }
  return { lower, upper };
}
