/**
 * Real branches of the Lambert W function (w * e^w = z) in float64.
 *
 * Accuracy strategy, region by region (the reasoning lives here so the
 * constants below need no further explanation):
 *
 * - Near the branch point z = -1/e the problem is ill-conditioned in z but
 *   well-conditioned in q = z + 1/e. Because the input z is exact, we form q
 *   without cancellation from a double-double 1/e, and work with
 *   p = ±sqrt(2 (e z + 1)): W is analytic in p (radius sqrt 2), so a short
 *   series is exact to rounding for small |p|.
 * - Further out (still |1 + W| < ~1) Halley iterations on w e^w - z would
 *   lose ~1/|1 + W| digits to the rounding of the residual, so there we
 *   iterate on the equivalent residual H(1 + w) - e q, with
 *   H(u) = (u - 1) e^u + 1 summed as a series and e q kept double-double.
 * - Elsewhere Halley iterations start from asymptotic/Padé guesses, using
 *   residuals whose rounding stays relative to |w|: (w - z) + w expm1(w) for
 *   moderate W0, and w + ln|w| - ln|z| for large W0 and for W-1 towards 0-
 *   (this form also avoids overflow of e^w and underflow for subnormal z).
 *
 * Everything is scalar arithmetic with module-level constant tables: no
 * allocation per call, since these run in hot loops.
 */

/** 1/e as an unevaluated sum hi + lo; hi > 1/e, so fl(-1/e) = -hi < -1/e. */
const INV_E_HI = 0.36787944117144233;
const INV_E_LO = -1.2428753672788363e-17;
/** e as hi + lo, to form e*q as a double-double. */
const E_HI = 2.718281828459045;
const E_LO = 1.4456468917292502e-16;
/** Veltkamp splitter 2^27 + 1 for exact products without FMA. */
const SPLITTER = 134217729;
const E_SPLIT = SPLITTER * E_HI;
const E_HI_H = E_SPLIT - (E_SPLIT - E_HI);
const E_HI_L = E_HI - E_HI_H;

/**
 * W = sum mu_k p^k, p = ±sqrt(2 (e z + 1)) (Corless et al. 1996, eq. 4.22),
 * k = 0..19. |mu_k| ~ 0.7^k, so for |p| < P_SERIES_ONLY the tail is < 2^-60.
 * Horner unrolled by hand: this is the hot path next to the branch point.
 */
function branchSeries(p: number): number {
  let s = 8.665035805208128e-5;
  s = s * p - 0.00012957426685274883;
  s = s * p + 0.00019438727605453933;
  s = s * p - 0.00029267722472962746;
  s = s * p + 0.0004424730618146209;
  s = s * p - 0.0006720616311561362;
  s = s * p + 0.0010262633205076071;
  s = s * p - 0.0015769303446867841;
  s = s * p + 0.0024408779911439826;
  s = s * p - 0.0038112980348919993;
  s = s * p + 0.006014543252956118;
  s = s * p - 0.009616892024299432;
  s = s * p + 0.01563563253233392;
  s = s * p - 0.02598471487360376;
  s = s * p + 0.044502314814814814;
  s = s * p - 0.07962962962962963;
  s = s * p + 0.1527777777777778;
  s = s * p - 0.3333333333333333;
  s = s * p + 1.0;
  s = s * p - 1.0;
  return s;
}
const P_SERIES_ONLY = 0.2;

/**
 * Q(u) with H(u) = (u - 1) e^u + 1 = u^2/2 + u^3 Q(u),
 * Q(u) = sum_{n=3..22} (n-1)/n! u^(n-3): truncation < 2^-60 relative for
 * -1.16 <= u <= 0.75, the range the near-branch iteration uses.
 */
function hTail(u: number): number {
  let s = 1.8683261924146203e-20;
  s = s * u + 3.9145882126782523e-19;
  s = s * u + 7.809603484293113e-18;
  s = s * u + 1.4797143443923793e-16;
  s = s * u + 2.6552651846596585e-15;
  s = s * u + 4.498331606952833e-14;
  s = s * u + 7.169215998581078e-13;
  s = s * u + 1.0706029224547743e-11;
  s = s * u + 1.4911969277048643e-10;
  s = s * u + 1.9270852604185937e-9;
  s = s * u + 2.296443268665491e-8;
  s = s * u + 2.505210838544172e-7;
  s = s * u + 2.48015873015873e-6;
  s = s * u + 2.2045855379188714e-5;
  s = s * u + 0.00017361111111111112;
  s = s * u + 0.0011904761904761906;
  s = s * u + 0.006944444444444444;
  s = s * u + 0.03333333333333333;
  s = s * u + 0.125;
  s = s * u + 0.3333333333333333;
  return s;
}

/**
 * W0(z) = z + z^2 sum_{n=2..8} (-n)^(n-1)/n! z^(n-2): next term < 2^-70
 * relative for |z| < TINY_Z. The leading z is added last so the only
 * sizeable rounding is that final addition.
 */
const TAYLOR_W0_TAIL: readonly number[] = [
  -1.0, 1.5, -2.6666666666666665, 5.208333333333333, -10.8, 23.343055555555555,
  -52.01269841269841,
];
const TINY_Z = 0.0009765625; // 2^-10

/**
 * Padé [5/5] of W0 at 0: a guess with relative error < 1e-3 on [-0.2, e]
 * (1e-7 at z = -0.2), so Halley needs one or two steps.
 */
const PADE_NUM: readonly number[] = [
  1.0, 5.3917817278539175, 9.497910459932605, 6.015143760628176, 0.9742729626103623,
];
const PADE_DEN: readonly number[] = [
  1.0, 6.3917817278539175, 14.389692187786522, 13.483830023300488, 4.709982645174846,
  0.36622027841568827,
];

/**
 * Region boundaries. Below them the near-branch iteration is used; they keep
 * z + INV_E_HI exact (Sterbenz needs z <= -INV_E_HI / 2) and |1 + W| <~ 0.75
 * for W0, |1 + W| <~ 1.15 for W-1, where the other residuals lose accuracy.
 */
const W0_NEAR_Z = -0.2;
const WM1_NEAR_Z = -0.25;
/** Below this W-1 starts from the branch series (error < 2e-3), above from the asymptotics. */
const WM1_SERIES_GUESS_Z = -0.15;

/** Halley is cubic: a relative step below 2^-20 leaves an error ~ 2^-60. */
const STEP_TOL = 9.5367431640625e-7;
const MAX_ITER = 8;

function horner(c: readonly number[], x: number): number {
  let s = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) s = s * x + c[i]!;
  return s;
}

/** log-based asymptotic W ~ L1 - L2 + L2/L1 + ... (de Bruijn), L1 = ln|z|, L2 = ln|L1|. */
function asymptotic(l1: number, l2: number): number {
  const r = 1 / l1;
  return l1 - l2 + l2 * r * (1 + r * (0.5 * (l2 - 2) + r * (l2 * (2 * l2 - 9) + 6) / 6));
}

/**
 * Both branches below W0_NEAR_Z / WM1_NEAR_Z (sign = +1: W0, -1: W-1).
 * Works with q = z + 1/e (correct to 2^-53 relative), so the error stays far
 * below what the conditioning of W in z would allow.
 */
function nearBranchPoint(z: number, sign: number): number {
  const s = z + INV_E_HI; // exact by Sterbenz for z in [-2 INV_E_HI, -INV_E_HI / 2]
  const qh = s + INV_E_LO;
  // Only z = fl(-1/e) = -INV_E_HI gets here with q < 0; it lies within
  // rounding of the branch point, where W = -1.
  if (qh <= 0) return -1;
  const ql = s - qh + INV_E_LO; // |s| >= 2^-55 > |INV_E_LO|, so Fast2Sum is exact
  // t = e q as th + tl: the target of H(1 + w) = e w e^w + 1.
  const th = E_HI * qh;
  const qc = SPLITTER * qh;
  const qhh = qc - (qc - qh);
  const qhl = qh - qhh;
  const tl =
    E_HI_H * qhh - th + E_HI_H * qhl + E_HI_L * qhh + E_HI_L * qhl + (E_HI * ql + E_LO * qh);
  const p = sign * Math.sqrt(2 * th);
  let w = branchSeries(p);
  if (Math.abs(p) < P_SERIES_ONLY) return w;
  for (let i = 0; i < MAX_ITER; i++) {
    // u = 1 + w exactly as uh + ul (TwoSum).
    const uh = 1 + w;
    const bv = uh - 1;
    const ul = 1 - (uh - bv) + (w - bv);
    // uh^2 exactly as sqh + sql (Dekker).
    const uc = SPLITTER * uh;
    const uhh = uc - (uc - uh);
    const uhl = uh - uhh;
    const sqh = uh * uh;
    const sql = uhh * uhh - sqh + 2 * uhh * uhl + uhl * uhl;
    const eu = Math.exp(uh);
    const f1 = uh * eu; // H'(u)
    // F = H(u) - t: u^2/2 - th cancels (exactly, by Sterbenz, except at the
    // W-1 end where it is off by < 0.2 eps); the rest is small.
    const f =
      0.5 * sqh - th + (0.5 * sql - tl + (uh * sqh * hTail(uh) + f1 * ul));
    const f2 = (1 + uh) * eu; // H''(u)
    const d = f / (f1 - (0.5 * f * f2) / f1);
    w -= d;
    if (Math.abs(d) <= STEP_TOL * Math.abs(w)) break;
  }
  return w;
}

/**
 * Halley on g(w) = w + ln|w| - l1 (l1 = ln|z|), for W0 with z >= e and W-1
 * with z in [-0.25, 0). Rounding of g stays ~ eps * |w|, and no e^w is formed,
 * so huge z and subnormal negative z are fine.
 */
function halleyLog(w0: number, l1: number): number {
  let w = w0;
  for (let i = 0; i < MAX_ITER; i++) {
    const g = w - l1 + Math.log(Math.abs(w)); // w - l1 is exact near the root (Sterbenz)
    const r = 1 / w;
    const g1 = 1 + r;
    const d = g / (g1 + (0.5 * g * r * r) / g1);
    w -= d;
    if (Math.abs(d) <= STEP_TOL * Math.abs(w)) break;
  }
  return w;
}

/**
 * Principal branch W0(z), z >= -1/e, W0 >= -1.
 * NaN for NaN and z < -1/e; W0(fl(-1/e)) = -1; W0(+Inf) = +Inf; W0(±0) = ±0.
 */
export function lambertW0(z: number): number {
  if (!(z >= -INV_E_HI)) return NaN; // also catches NaN
  if (z < W0_NEAR_Z) return nearBranchPoint(z, 1);
  if (Math.abs(z) < TINY_Z) return z + z * (z * horner(TAYLOR_W0_TAIL, z)); // = z for subnormal z
  if (z < E_HI) {
    // Residual (w - z) + w expm1(w) = w e^w - z: the rounding is ~ eps w^2
    // rather than eps |z|, which keeps 1/(1 + w) from amplifying it.
    let w = (z * horner(PADE_NUM, z)) / horner(PADE_DEN, z);
    for (let i = 0; i < MAX_ITER; i++) {
      const em1 = Math.expm1(w);
      const ew = em1 + 1;
      const f = w - z + w * em1;
      const f1 = ew * (1 + w);
      const f2 = ew * (2 + w);
      const d = f / (f1 - (0.5 * f * f2) / f1);
      w -= d;
      if (Math.abs(d) <= STEP_TOL * Math.abs(w)) break;
    }
    return w;
  }
  if (z === Infinity) return Infinity;
  const l1 = Math.log(z);
  return halleyLog(asymptotic(l1, Math.log(l1)), l1);
}

/**
 * Lower branch W-1(z), -1/e <= z < 0, W-1 <= -1.
 * NaN for NaN, z < -1/e and z > 0; W-1(±0) = -Inf; W-1(fl(-1/e)) = -1.
 * Finite for subnormal z (W-1(-5e-324) ~ -751).
 */
export function lambertWm1(z: number): number {
  if (!(z >= -INV_E_HI)) return NaN; // also catches NaN
  if (z >= 0) return z === 0 ? -Infinity : NaN;
  if (z < WM1_NEAR_Z) return nearBranchPoint(z, -1);
  const l1 = Math.log(-z);
  let w: number;
  if (z < WM1_SERIES_GUESS_Z) {
    // Guess only, so the plain q (not exact here) is good enough.
    w = branchSeries(-Math.sqrt(2 * E_HI * (z + INV_E_HI + INV_E_LO)));
  } else {
    w = asymptotic(l1, Math.log(-l1));
  }
  return halleyLog(w, l1);
}
