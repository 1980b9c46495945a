import { sigmoid } from '../../numerics/logistic.js';
import { checkParameters, pieceOf, type FamilyInstance, type ParameterSpec, type Parameters, type ParametricFamily, type Piece } from './family.js';
import { pieceInverse } from './piece-inverse.js';

/**
 * xIELU (DESIGN §7), as Apertus, Hugging Face transformers and vLLM compute it:
 *   f(x) = α_p x² + βx                               for x > 0,
 *          α_n (expm1(min(x, ε)) − x) + βx           for x ≤ 0, ε = −1e−6, β = 0.5,
 * with α_p = softplus(a_p) and α_n = β + softplus(a_n), a_p and a_n the trained scalars.
 *
 * Write k = α_n − β = softplus(a_n) > 0. Without the clamp, f is convex with its minimum at
 * x* = ln(k/α_n) = ln(1 − β/α_n), where α_n·e^x* = k, and on x ≤ 0, with t = x − x*,
 *   f(x) = y_min + k·φ(t),  φ(t) = e^t − 1 − t,  y_min = −β − k·x*.
 * So x = x* + φ⁻¹((y − y_min)/k) there: φ⁻¹ is Lambert W in disguise (t = −1 − s − W(−e^(−1−s))
 * with s = (y − y_min)/k; W₀ left of the minimum, W₋₁ right of it), and on x > 0 the quadratic
 * gives x = y/(β/2 + √α_p·√(y + β²/(4α_p))).
 *
 * The clamp: on (ε, 0] the formula is the line α_n·expm1(ε) − k·x (slope β − α_n < 0), and
 * f jumps from α_n·expm1(ε) ≈ −α_n·1e−6 at 0 to 0⁺. Those y (in [α_n expm1(ε), ≈ −0.5e−6]) are
 * also taken by x in about [−1.6e−6, −1e−6] on the main piece, so the line has its own branch
 * code, CLAMP_CODE (2 bits per element): there x = (α_n·expm1(ε) − y)/k and f' = β − α_n. It is
 * not one of `pieces` (the monotone pieces of the function without the clamp). f' and ∂f/∂α_n
 * below are those of the formula as written (autograd's).
 */

export const XIELU_BETA = 0.5;
export const XIELU_EPS = -1e-6;
/** The branch code of x on the clamp line (ε, 0]. */
export const CLAMP_CODE = 2;

export const ALPHA_P: ParameterSpec = {
  name: 'alpha_p',
  describe: 'α_p = softplus(a_p), the curvature of the positive side',
  min: 0,
  max: 10,
  minOpen: true,
  maxOpen: false,
  initial: 0.8,
};

export const ALPHA_N: ParameterSpec = {
  name: 'alpha_n',
  describe: 'α_n = β + softplus(a_n), the scale of the negative side (β = 0.5)',
  min: XIELU_BETA,
  max: 10,
  minOpen: true,
  maxOpen: false,
  initial: 0.8,
};

/** softplus(a) = ln(1 + e^a), without overflow or cancellation. */
export function softplus(a: number): number {
  return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
}

/** The layer's trained scalars (a_p, a_n) → (α_p, α_n), and the chain-rule factors dα/da = σ(a). */
export function xieluFromRaw(aP: number, aN: number): { alpha_p: number; alpha_n: number; dAlphaPdAP: number; dAlphaNdAN: number } {
  return { alpha_p: softplus(aP), alpha_n: XIELU_BETA + softplus(aN), dAlphaPdAP: sigmoid(aP), dAlphaNdAN: sigmoid(aN) };
}

/** The raw scalar whose softplus is v (v > 0): what a layer is initialised with. */
export function inverseSoftplus(v: number): number {
  return v > 30 ? v : Math.log(Math.expm1(v));
}

export interface XieluInstance extends FamilyInstance {
  readonly alphaP: number;
  readonly alphaN: number;
  /** k = α_n − β. */
  readonly k: number;
  /** The minimum: x* = ln(k/α_n), y_min = −β − k·x*. */
  readonly xStar: number;
  readonly yMin: number;
}

export interface XieluFamily extends ParametricFamily {
  at(params: Parameters): XieluInstance;
}

export const xielu: XieluFamily = {
  name: 'xielu',
  label: 'xIELU (integrated ELU, β = 0.5)',
  formula: 'α_p x² + βx (x > 0); α_n (expm1(min(x, −1e−6)) − x) + βx (x ≤ 0)',
  parameters: [ALPHA_P, ALPHA_N],
  codeBits: 2,
  at(params) {
    checkParameters('xielu', [ALPHA_P, ALPHA_N], params);
    const alphaP = params.alpha_p!;
    const alphaN = params.alpha_n!;
    const beta = XIELU_BETA;
    const k = alphaN - beta; // exact: α_n ≥ β and both are float64 values of the same binade scale
    const xStar = Math.log(k / alphaN);
    const yMin = -beta - k * xStar;
    // α_n(expm1(m) − x) + βx = α_n·expm1(m) − k·x: the same function, without the cancellation
    // of α_n·x against β·x when k ≪ α_n.
    const f = (x: number) => (x > 0 ? x * (alphaP * x + beta) : alphaN * Math.expm1(Math.min(x, XIELU_EPS)) - k * x);
    const df = (x: number) => (x > 0 ? 2 * alphaP * x + beta : x > XIELU_EPS ? beta - alphaN : alphaN * Math.expm1(x) + beta);
    const d2f = (x: number) => (x > 0 ? 2 * alphaP : x > XIELU_EPS ? 0 : alphaN * Math.exp(x));
    // The function the inverse inverts: the formula without the clamp, which it equals for x ≤ ε.
    const smooth = (x: number) => (x > 0 ? f(x) : x === -Infinity ? Infinity : alphaN * Math.expm1(x) - k * x);
    const smoothDf = (x: number) => (x > 0 ? df(x) : x === -Infinity ? -k : alphaN * Math.expm1(x) + beta);
    const pieces: Piece[] = [
      { code: 1, x: { lo: -Infinity, hi: xStar, loOpen: true, hiOpen: true }, y: { lo: yMin, hi: Infinity, loOpen: true, hiOpen: true }, increasing: false },
      { code: 0, x: { lo: xStar, hi: Infinity, loOpen: false, hiOpen: true }, y: { lo: yMin, hi: Infinity, loOpen: false, hiOpen: true }, increasing: true },
    ];
    const negativeRight: Piece = { code: 0, x: { lo: xStar, hi: 0, loOpen: false, hiOpen: false }, y: { lo: yMin, hi: 0, loOpen: false, hiOpen: false }, increasing: true };
    const onLine = (x: number) => x > XIELU_EPS && x <= 0;
    const lineY0 = alphaN * Math.expm1(XIELU_EPS);
    const inverse = (y: number, code: number): number => {
      if (code === CLAMP_CODE) return Number.isNaN(y) ? NaN : Math.min(Math.max((lineY0 - y) / k, XIELU_EPS), 0);
      const piece = pieceOf(pieces, code);
      if (piece.code === 1 || y < 0) return pieceInverse(smooth, smoothDf, piece.code === 1 ? piece : negativeRight, y);
      if (Number.isNaN(y)) return NaN;
      if (y === Infinity) return Infinity;
      return (2 * y) / (beta + Math.sqrt(beta * beta + 4 * alphaP * y));
    };
    return {
      family: 'xielu',
      params: { alpha_p: alphaP, alpha_n: alphaN },
      alphaP,
      alphaN,
      k,
      xStar,
      yMin,
      f,
      df,
      d2f,
      inverted: { f: smooth, df: smoothDf },
      dParams: (x) => ({ alpha_p: x > 0 ? x * x : 0, alpha_n: x > 0 ? 0 : Math.expm1(Math.min(x, XIELU_EPS)) - x }),
      critical: [{ kind: 'min', x: xStar, y: yMin, d2f: alphaN * Math.exp(xStar) }],
      pieces,
      codeOf: (x) => (onLine(x) ? CLAMP_CODE : x < xStar ? 1 : 0),
      inverse,
      gradFromOutput: (y, code) => (code === CLAMP_CODE ? (Number.isNaN(y) ? NaN : beta - alphaN) : smoothDf(inverse(y, code))),
    };
  },
};
