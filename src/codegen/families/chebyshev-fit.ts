/**
 * Interpolation at Chebyshev points, returned as monomial coefficients in t ∈ [−1, 1]: what the
 * host fits per parameter value for the initial approximation of an inverse. Degree ≤ 8 keeps the
 * monomial form well conditioned (its coefficients stay within 2^8 of the values).
 */
export function chebyshevInterpolant(values: (t: number) => number, degree: number): number[] {
  const n = degree + 1;
  const nodes = Array.from({ length: n }, (_, j) => Math.cos((Math.PI * (j + 0.5)) / n));
  const fs = nodes.map(values);
  // Chebyshev coefficients a_k, then Σ a_k T_k(t) expanded into monomials.
  const a = Array.from({ length: n }, (_, k) => ((k === 0 ? 1 : 2) / n) * fs.reduce((s, f, j) => s + f * Math.cos((Math.PI * k * (j + 0.5)) / n), 0));
  const out = new Array<number>(n).fill(0);
  let prev = [1];
  let cur = [0, 1];
  for (let k = 0; k < n; k++) {
    const tk = k === 0 ? prev : k === 1 ? cur : undefined;
    let poly: number[];
    if (tk) poly = tk;
    else {
      // T_k = 2t·T_{k−1} − T_{k−2}
      poly = new Array<number>(k + 1).fill(0);
      for (let i = 0; i < cur.length; i++) poly[i + 1]! += 2 * cur[i]!;
      for (let i = 0; i < prev.length; i++) poly[i]! -= prev[i]!;
      [prev, cur] = [cur, poly];
    }
    for (let i = 0; i < poly.length; i++) out[i]! += a[k]! * poly[i]!;
  }
  return out;
}

/** Σ c_k t^k by Horner, in float64. */
export function evalMonomial(c: readonly number[], t: number): number {
  let acc = 0;
  for (let k = c.length - 1; k >= 0; k--) acc = acc * t + c[k]!;
  return acc;
}
