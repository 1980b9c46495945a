/**
 * The published approximations of the method (optiacts), reproduced from their constants for
 * comparison only: PgLoLo/optiacts, optiacts/gelu_impl.py and optiacts/silu_impl.py (commit
 * 9b50ea8), the code of arXiv 2407.15545 "Inverted Activations". They map (y, left-branch bit)
 * to f'(x) in one hand-fitted formula per branch. There is none for GELU-tanh.
 * Evaluated here in float32 (every operation rounded), as a float32 kernel would.
 */
const fr = Math.fround;

const GELU = {
  yMin: -0.16997120747990369,
  leftDelta: 0.16997120747990369,
  leftAlpha: 0.44236329315571304,
  leftBeta: 0.8312705290392689,
  leftA: -0.2964121012745849,
  leftB: 0.0012176597919768537,
  expMean: -2.1198850898439496,
  expStd: 0.03214673676937606,
  bias: -1.383717971214795,
  sqrCoeff: 1.5584201843500274,
  linearCoeff: 0.04404574801811055,
};

/** optiacts GELU: f'(x) from y and the left-branch bit (1 when x < x_min). */
export function optiactsGeluGrad(y: number, left: number): number {
  const c = GELU;
  if (left) {
    const u = Math.min(Math.max(fr(fr(fr(y) - fr(c.yMin)) / fr(c.leftDelta)), 0), 1);
    return fr(fr(c.leftB) + fr(fr(fr(c.leftA) * fr(u ** fr(c.leftAlpha))) * fr(fr(1 - u) ** fr(c.leftBeta))));
  }
  const v = Math.max(fr(fr(y) - fr(c.yMin)), 0);
  const e = fr(Math.exp(fr(fr(fr(fr(c.expMean) - v) ** 3) * fr(c.expStd))));
  const poly = fr(fr(fr(c.bias) + fr(fr(c.sqrCoeff) * fr(Math.sqrt(v)))) + fr(fr(c.linearCoeff) * v));
  return fr(1 + fr(poly * e));
}

const SILU = {
  yMin: -0.2784645427610738,
  leftSqrt: -0.5076843705082636,
  leftPoly: [0.3574942048593756, 0.07963139766917564, 0.21717700759576886] as const,
  expMean: -5.770613302664509,
  expStd: 0.0026961639850448835,
  bias: -1.3108564021309803,
  sqrCoeff: 0.8485896470316523,
  linearCoeff: -0.16299051259510922,
};

/**
 * optiacts SiLU: the branches approximate σ(x), then f' = σ·(1 − y) + y. No clamp: y below the
 * minimum gives NaN (sqrt of a negative), as published.
 */
export function optiactsSiluGrad(y: number, left: number): number {
  const c = SILU;
  const d = fr(fr(y) - fr(c.yMin));
  let sigma: number;
  if (left) {
    const [p0, p1, p2] = c.leftPoly;
    sigma = fr(fr(fr(c.leftSqrt) * fr(Math.sqrt(d))) + fr(fr(fr(fr(fr(p0) * d) + fr(p1)) * d) + fr(p2)));
  } else {
    const e = fr(Math.exp(fr(fr(fr(fr(c.expMean) - d) ** 3) * fr(c.expStd))));
    const poly = fr(fr(fr(c.bias) + fr(fr(c.sqrCoeff) * fr(Math.sqrt(d)))) + fr(fr(c.linearCoeff) * d));
    sigma = fr(1 + fr(poly * e));
  }
  return fr(fr(sigma * fr(1 - fr(y))) + fr(y));
}
