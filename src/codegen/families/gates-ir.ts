import { add, c, call, div, floor, ge, letStmt, lt, mul, neg, param, ref, ret, select, sub, y, type Expr, type IrFunction, type Stmt } from '../../ir/ir.js';
import { fround } from '../../numerics/float32.js';
import { chebyshevInterpolant } from './chebyshev-fit.js';
import { absOf, EXP, EXPM1_SMALL, horner } from './helpers.js';

/**
 * f(x) = x·(a·g(x) − α), f'(x) = a·(g + x·g') − α and f''(x) = a·(2g' + x·g'') in float32, per
 * gate, as IR statements that bind `${n}f`, `${n}df` and `${n}d2f` (n a prefix keeping each Newton step's names apart). a and α come
 * from the parameter block. Each gate keeps relative accuracy in its tails (no 1 − g or g − ½
 * formed where it cancels).
 */
export interface GateIr {
  readonly helpers: readonly IrFunction[];
  /** Binds `${n}f`, `${n}df`, `${n}d2f`, `${n}r` = f(x) − y (the Newton residual) and `${n}odd` = 2g − 1. */
  fdf(x: Expr, n: string): Stmt[];
}

const a = () => param('a');
const alpha = () => param('alpha');

/**
 * The common tail of every gate, from g, its odd part u = 2g − 1 (computed without cancellation
 * near 0), g' and g'': with a = 1 + 2α, a·g − α = g + α·u, so
 *   f = x·(g + α·u),  f' = (g + x·g') + α·(u + 2x·g'),  f'' = a·(2g' + x·g'').
 * Written so, f keeps its relative accuracy near x = 0 for every α (a·g − α would cancel there).
 * A gate may give G = g + x·g' and f'' itself where those sums cancel.
 */
function expandedTail(x: Expr, n: string, g: Expr, u: Expr, dg: Expr, d2g: Expr, G?: Expr, d2f?: Expr): Stmt[] {
  return [
    letStmt(`${n}xd`, mul(x, dg)),
    letStmt(`${n}f`, mul(x, add(g, mul(alpha(), u)))),
    letStmt(`${n}df`, add(G ?? add(g, ref(`${n}xd`)), mul(alpha(), add(u, add(ref(`${n}xd`), ref(`${n}xd`)))))),
    letStmt(`${n}d2f`, d2f ?? mul(a(), add(add(dg, dg), mul(x, d2g)))),
    letStmt(`${n}r`, sub(ref(`${n}f`), y)),
    letStmt(`${n}odd`, u),
  ];
}

/**
 * σ from one exponential e = e^−|x|: σ = 1/(1 + e) or e/(1 + e) by the sign of x, σ(−x) the other;
 * u = 2σ − 1 = ±(1 − e)/(1 + e), with 1 − e from the series of expm1 for |x| < 1/2;
 * σ' = σ·σ(−x), σ'' = σ'·(σ(−x) − σ).
 */
export const sigmoidIr: GateIr = {
  helpers: [EXP, EXPM1_SMALL],
  fdf: (x, n) => {
    const pos = ge(x, c(0));
    return [
      letStmt(`${n}ax`, absOf(x)),
      letStmt(`${n}e`, call(EXP.name, neg(ref(`${n}ax`)))),
      letStmt(`${n}m`, select(lt(ref(`${n}ax`), c(0.5)), call(EXPM1_SMALL.name, neg(ref(`${n}ax`))), sub(ref(`${n}e`), c(1)))),
      letStmt(`${n}q`, div(c(1), add(c(1), ref(`${n}e`)))),
      letStmt(`${n}s`, select(pos, ref(`${n}q`), mul(ref(`${n}e`), ref(`${n}q`)))),
      letStmt(`${n}sm`, select(pos, mul(ref(`${n}e`), ref(`${n}q`)), ref(`${n}q`))),
      letStmt(`${n}um`, mul(neg(ref(`${n}m`)), ref(`${n}q`))),
      letStmt(`${n}ds`, mul(ref(`${n}s`), ref(`${n}sm`))),
      ...expandedTail(x, n, ref(`${n}s`), select(pos, ref(`${n}um`), neg(ref(`${n}um`))), ref(`${n}ds`), mul(ref(`${n}ds`), sub(ref(`${n}sm`), ref(`${n}s`)))),
    ];
  },
};

/** Numerical Recipes' erfcc: erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2), z ≥ 0, relative error < 1.2e-7. */
const ERFCC = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
/** erf(z)·√π/(2z) = Σ (−1)^n z^(2n)/(n!(2n + 1)), n ≤ 8: the next term below 1e-9 for |z| ≤ 0.75. */
const ERF_SERIES = Array.from({ length: 9 }, (_, n) => {
  let f = 1;
  for (let k = 2; k <= n; k++) f *= k;
  return (n % 2 ? -1 : 1) / (f * (2 * n + 1));
});

/**
 * Φ from erfcc at |x| (so only its accurate side is used), with −x²/2 = −xh²/2 − xl(x + xh)/2:
 * xh = ⌊256x⌋/256 has 12 bits below |x| = 16, so xh² is exact and exp(−xh²/2) is formed from an
 * exact argument (exp would otherwise multiply the rounding of x² by x²/2, 100 ulp in the tail).
 * φ = e^(−xh²/2)·e^(−xl(x + xh)/2)/√(2π), the second factor from the series of expm1.
 * u = 2Φ − 1 = erf(x/√2) by its series for |x| < 1 (where 1 − 2Φ(−|x|) would cancel), and
 * Φ = (1 + u)/2 there.
 * Beyond |x| = 16, Φ is 0 or 1 to float32 and φ is 0.
 */
export const normalIr: GateIr = {
  helpers: [EXP, EXPM1_SMALL],
  fdf: (x, n) => {
    const r = (s: string) => ref(`${n}${s}`);
    return [
      letStmt(`${n}ax`, select(lt(absOf(x), c(16)), absOf(x), c(16))),
      letStmt(`${n}xh`, mul(floor(mul(r('ax'), c(256))), c(1 / 256))),
      letStmt(`${n}b`, mul(c(-0.5), mul(sub(r('ax'), r('xh')), add(r('ax'), r('xh'))))),
      letStmt(`${n}e1`, call(EXP.name, mul(c(-0.5), mul(r('xh'), r('xh'))))),
      letStmt(`${n}t`, div(c(1), add(c(1), mul(c(fround(0.5 * Math.SQRT1_2)), r('ax'))))),
      // Φ(−|x|) = ½·erfc(|x|/√2)
      letStmt(`${n}lo`, mul(mul(c(0.5), r('t')), mul(r('e1'), call(EXP.name, add(horner(ERFCC, r('t')), r('b')))))),
      letStmt(`${n}pdf`, mul(mul(r('e1'), add(c(1), call(EXPM1_SMALL.name, r('b')))), c(fround(1 / Math.sqrt(2 * Math.PI))))),
      letStmt(`${n}z`, mul(x, c(fround(Math.SQRT1_2)))),
      letStmt(`${n}u`, select(lt(r('ax'), c(1)), mul(mul(r('z'), c(fround(2 / Math.sqrt(Math.PI)))), horner(ERF_SERIES, mul(r('z'), r('z')))), select(lt(x, c(0)), sub(mul(c(2), r('lo')), c(1)), sub(c(1), mul(c(2), r('lo')))))),
      // Within |x| < 1, Φ = (1 + u)/2 from the series, which is more accurate than erfcc there.
      letStmt(`${n}g`, select(lt(r('ax'), c(1)), mul(c(0.5), add(c(1), r('u'))), select(lt(x, c(0)), r('lo'), sub(c(1), r('lo'))))),
      ...expandedTail(x, n, r('g'), r('u'), r('pdf'), neg(mul(x, r('pdf')))),
    ];
  },
};

/** Cephes atanf's polynomial: atan(v) = v + v·z·Q(z), z = v², for 0 ≤ v ≤ tan(π/8). */
const ATAN_Q = [-3.33329491539e-1, 1.99777106478e-1, -1.38776856032e-1, 8.05374449538e-2];
const TAN_PI_8 = fround(0.414213562373095);

/** atan(v)/π for 0 ≤ v ≤ 1: Cephes' reduction atan(v) = π/4 + atan((v − 1)/(v + 1)) above tan(π/8). */
export const ATAN01_OVER_PI: IrFunction = {
  name: 'atan01_over_pi',
  doc: ['atan(y)/π for 0 ≤ y ≤ 1, float32 (the Cephes atanf polynomial and reduction).'],
  body: [
    letStmt('v', select(ge(y, c(TAN_PI_8)), div(sub(y, c(1)), add(y, c(1))), y)),
    letStmt('z', mul(ref('v'), ref('v'))),
    letStmt('at', add(ref('v'), mul(mul(ref('v'), ref('z')), horner(ATAN_Q, ref('z'))))),
    ret(select(ge(y, c(TAN_PI_8)), add(c(0.25), mul(ref('at'), c(fround(1 / Math.PI)))), mul(ref('at'), c(fround(1 / Math.PI))))),
  ],
};

/**
 * R(z) = (1 − atan(v)/v)/z, z = v² ∈ [0, 1], as a polynomial in t = 2z − 1: its degree-12
 * Chebyshev interpolant (R is analytic but for z = −1, so the error is about 5.8^−13, 1e-10).
 * Not Cephes' Q: that is accurate as v·z·Q, not alone (−Q(0) is 1/3 only to 1e-5).
 */
const ATAN_TAIL = chebyshevInterpolant((t) => {
  const z = 0.5 * (t + 1);
  const v = Math.sqrt(z);
  // Σ (−1)^n z^n/(2n + 3) where the closed form would cancel.
  if (z < 1e-3) return [0, 1, 2, 3, 4, 5].reduce((s, n) => s + ((n % 2 ? -1 : 1) * z ** n) / (2 * n + 3), 0);
  return (1 - Math.atan(v) / v) / z;
}, 12);

/**
 * G(x) = g + x·g' = ½ + atan(x)/π + x/(π(1 + x²)) on [−1, 0], where its terms cancel tenfold
 * (G(−1) = 0.09): its degree-14 Chebyshev interpolant in t = 2x + 1 (G is analytic but at ±i,
 * so the error is about 4.3^−15, 3e-10).
 */
const ATLU_G = chebyshevInterpolant((t) => {
  const x = 0.5 * (t - 1);
  return 0.5 + Math.atan(x) / Math.PI + x / (Math.PI * (1 + x * x));
}, 14);

/** Left of this, v = −1/x ≤ 1 and the tail's own residual takes over. */
const TAIL_FROM = -1;

/**
 * g = ½ + atan(x)/π from A = atan(v)/π, v = min(|x|, 1/|x|): A (x < −1), ½ − A, ½ + A, 1 − A (x > 1),
 * so the left tail keeps its relative accuracy; g' = 1/(π(1 + x²)), g'' = −2πx·g'².
 * Left of −1, where f tends to −a/π like 1/x² and f − y cancels to nothing, the residual
 * is formed as (f + a/π) − (y + a/π): with atan(v)/v = 1 − z·R(z) (z = v²),
 *   f + a/π = (a/π)·z·R(z) − α·x,  g + x·g' = (v·z/π)·(1/(1 + z) − R(z)),
 * both without cancellation, and y + a/π from a/π as a float32 pair.
 */
export const arctanIr: GateIr = {
  helpers: [ATAN01_OVER_PI],
  fdf: (x, n) => {
    const r = (s: string) => ref(`${n}${s}`);
    const tail = ge(c(TAIL_FROM), x);
    return [
      letStmt(`${n}ax`, absOf(x)),
      letStmt(`${n}v`, select(lt(c(1), r('ax')), div(c(1), r('ax')), r('ax'))),
      letStmt(`${n}A`, call(ATAN01_OVER_PI.name, r('v'))),
      letStmt(`${n}g`, select(lt(x, c(-1)), r('A'), select(lt(x, c(0)), sub(c(0.5), r('A')), select(lt(c(1), x), sub(c(1), r('A')), add(c(0.5), r('A')))))),
      letStmt(`${n}ua`, select(lt(c(1), r('ax')), sub(c(1), mul(c(2), r('A'))), mul(c(2), r('A')))),
      letStmt(`${n}dg`, div(c(fround(1 / Math.PI)), add(c(1), mul(x, x)))),
      letStmt(`${n}G`, select(lt(x, c(0)), horner(ATLU_G, add(add(x, x), c(1))), add(r('g'), mul(x, r('dg'))))),
      // f'' = a·(2g' + x·g'') = 2π·a·g'², which the sum would lose to cancellation for large |x|.
      ...expandedTail(x, `${n}o`, r('g'), select(lt(x, c(0)), neg(r('ua')), r('ua')), r('dg'), c(0), r('G'), mul(mul(a(), c(fround(2 * Math.PI))), mul(r('dg'), r('dg')))),
      letStmt(`${n}z`, mul(r('v'), r('v'))),
      letStmt(`${n}q`, horner(ATAN_TAIL, sub(add(r('z'), r('z')), c(1)))),
      letStmt(`${n}fi`, sub(mul(param('a_over_pi_hi'), mul(r('z'), r('q'))), mul(alpha(), x))),
      letStmt(`${n}wi`, add(add(y, param('a_over_pi_hi')), param('a_over_pi_lo'))),
      letStmt(`${n}dgi`, mul(mul(mul(r('v'), r('z')), c(fround(1 / Math.PI))), sub(div(c(1), add(c(1), r('z'))), r('q')))),
      letStmt(`${n}f`, r('of')),
      letStmt(`${n}df`, select(tail, sub(mul(a(), r('dgi')), alpha()), r('odf'))),
      letStmt(`${n}d2f`, r('od2f')),
      letStmt(`${n}r`, select(tail, sub(r('fi'), r('wi')), r('or'))),
      letStmt(`${n}odd`, r('oodd')),
    ];
  },
};
