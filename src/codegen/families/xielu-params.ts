import { xielu, XIELU_BETA, XIELU_EPS } from '../../functions/families/xielu.js';
import { fround } from '../../numerics/float32.js';
import { float32AtLeast } from './thresholds.js';
import type { ParamBlock } from '../../ir/ir.js';

/**
 * xIELU's parameter block: everything that depends on (α_p, α_n) alone, computed once per call in
 * float64 and rounded to float32 (pairs hi + lo where a difference must be exact). The per-element
 * code (xielu-ir.ts) reads it; the TypeScript takes it as a Float32Array argument, the WGSL as a
 * uniform.
 */
export const XIELU_PARAMS: ParamBlock = {
  name: 'xielu_params',
  names: [
    'beta_half', // β/2
    'sqrt_ap', // √α_p
    'two_sqrt_ap', // 2√α_p
    'quad_c', // β²/(4α_p): x = y/(β/2 + √α_p·√(y + c)), f' = 2√α_p·√(y + c) for x > 0
    'alpha_p',
    'alpha_n',
    'beta',
    'k', // α_n − β
    'y_min_hi',
    'y_min_lo',
    'x_star_hi',
    'x_star_lo',
    'y_polish', // from here to 0 one Newton step on f undoes the cancellation in x* + t
    'y_quad', // from here to 0 the step starts from the root of βx + α_n x²/2 = y instead
    'beta_sq', // β²
    'two_alpha_n', // 2α_n
    'eps', // the clamp −1e−6 of the forward formula, in float32: the smallest float32 > −1e−6, so x in [eps, 0] is the clamp line (code 2)
    'eps_expm1', // expm1(ε) − ε
    'code_x1', // the smallest float32 ≥ x*: a float32 x has code 1 exactly when x < this
    'line_y0', // α_n·expm1(ε): on the clamp line y = line_y0 − k·x
  ],
};

const split = (v: number): [number, number] => {
  const hi = fround(v);
  return [hi, fround(v - hi)];
};

/**
 * Towards x = 0 the closed form x* + t cancels: its error is about 0.5 + (3|t| + 0.5|x*|)/|x| ulp
 * (t to 3 ulp). A Newton step on f(x) = βx + α_n·E(x), E = e^x − 1 − x, is limited by the rounding
 * of f: about 1 + (β|x| + α_n E(x))/(|x|·|f'(x)|) ulp, which grows towards x*, where f' → 0. The
 * step takes over where it is the better of the two (a bisection on x in (x*, 0), once per call).
 * It starts from x* + t, whose absolute error the step squares, down to |x| = min(0.01, |x_switch|);
 * nearer 0 it starts from the root of βx + α_n x²/2 = y, whose relative error α_n x²/(6β) it
 * squares (both below 2^-26 relative after the step, for α_n ≤ 10).
 */
export function xieluNewtonZones(inst: { xStar: number; alphaN: number; f(x: number): number }): { polish: number; quad: number } {
  const { xStar, alphaN } = inst;
  const beta = XIELU_BETA;
  const closed = (x: number) => 0.5 + (3 * Math.abs(x - xStar) + 0.5 * Math.abs(xStar)) / Math.abs(x);
  const newton = (x: number) => 1 + (beta * Math.abs(x) + alphaN * (Math.expm1(x) - x)) / (Math.abs(x) * Math.abs(alphaN * Math.expm1(x) + beta));
  let lo = xStar; // closed form better here
  let hi = 0.5 * xStar * 1e-6; // Newton better here
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (newton(mid) < closed(mid)) hi = mid;
    else lo = mid;
  }
  return { polish: fround(inst.f(hi)), quad: fround(inst.f(-Math.min(0.01, -hi))) };
}

/** The parameter block of xIELU at (α_p, α_n), in XIELU_PARAMS order. */
export function xieluParams(alphaP: number, alphaN: number): Float32Array {
  const inst = xielu.at({ alpha_p: alphaP, alpha_n: alphaN });
  const beta = XIELU_BETA;
  const [yMinHi, yMinLo] = split(inst.yMin);
  const [xStarHi, xStarLo] = split(inst.xStar);
  const eps = fround(-1e-6);
  const zones = xieluNewtonZones(inst);
  const values: Record<string, number> = {
    beta_half: beta / 2,
    sqrt_ap: Math.sqrt(alphaP),
    two_sqrt_ap: 2 * Math.sqrt(alphaP),
    quad_c: (beta * beta) / (4 * alphaP),
    alpha_p: alphaP,
    alpha_n: alphaN,
    beta,
    k: inst.k,
    y_min_hi: yMinHi,
    y_min_lo: yMinLo,
    x_star_hi: xStarHi,
    x_star_lo: xStarLo,
    y_polish: zones.polish,
    y_quad: zones.quad,
    beta_sq: beta * beta,
    two_alpha_n: 2 * alphaN,
    eps,
    eps_expm1: Math.expm1(eps) - eps,
    code_x1: float32AtLeast(inst.xStar),
    line_y0: alphaN * Math.expm1(XIELU_EPS),
  };
  return Float32Array.from(XIELU_PARAMS.names, (n) => values[n]!);
}
