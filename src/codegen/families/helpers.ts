import {
  add,
  c,
  call,
  div,
  floor,
  ge,
  ifStmt,
  letStmt,
  ldexpv,
  lt,
  mul,
  neg,
  ref,
  ret,
  select,
  sub,
  y,
  type Expr,
  type IrFunction,
} from '../../ir/ir.js';
import { fround } from '../../numerics/float32.js';

/**
 * float32 building blocks of the families' code, written in the IR so that TypeScript, WGSL and
 * the interpreter share one definition. Only +, −, ×, ÷, floor and ldexp: no library exp or
 * expm1, whose WGSL error allowance (3 + 2|x| ulp for exp) would be the largest error in the
 * code, and which WGSL lacks for expm1.
 */

/** Horner's scheme on float32 constants, highest degree last in `coefficients`. */
export function horner(coefficients: readonly number[], t: Expr): Expr {
  let acc = c(fround(coefficients[coefficients.length - 1]!));
  for (let k = coefficients.length - 2; k >= 0; k--) acc = add(c(fround(coefficients[k]!)), mul(t, acc));
  return acc;
}

const inverseFactorials = (from: number, count: number) =>
  Array.from({ length: count }, (_, n) => {
    let f = 1;
    for (let k = 2; k <= from + n; k++) f *= k;
    return 1 / f;
  });

/** ln 2 = LN2_HI + LN2_LO with LN2_HI of 13 bits, so k·LN2_HI is exact for |k| < 2^11. */
const LN2_HI = 0.693145751953125;
const LN2_LO = fround(Math.LN2 - LN2_HI);

/**
 * e^y in float32: y = k·ln2 + r, |r| ≤ ln2/2, e^r by its Taylor polynomial to r^7 (remainder
 * below 6e-9 relative), times 2^k; 0 below −104 (past the subnormals), +∞ above 88.73.
 * WGSL may flush the subnormal results (y < −87.3) to zero.
 */
export const EXP: IrFunction = {
  name: 'exp',
  doc: ['e^y, float32: Cody–Waite reduction by ln 2, degree-7 Taylor polynomial, ldexp.'],
  body: [
    ifStmt(lt(y, c(-104)), [ret(c(0))], []),
    ifStmt(ge(y, c(fround(88.7228394))), [ret(c(Infinity))], []),
    letStmt('k', floor(add(mul(y, c(fround(Math.LOG2E))), c(0.5)))),
    letStmt('r', sub(sub(y, mul(ref('k'), c(LN2_HI))), mul(ref('k'), c(LN2_LO)))),
    ret(ldexpv(horner(inverseFactorials(0, 8), ref('r')), ref('k'))),
  ],
};

/**
 * e^y − 1 − y for y ≤ 0 without cancellation: y²·Σ y^n/(n + 2)! (n ≤ 10, the next term below
 * 2e-9 relative) for y ≥ −1, (e^y − 1) − y below, where −y ≥ 1 dominates.
 */
export const EXPM1_MINUS_X_NEG: IrFunction = {
  name: 'expm1_minus_x_neg',
  doc: ['e^y − 1 − y for y ≤ 0, float32: its series where the terms cancel, the exponential below −1.'],
  body: [
    ifStmt(ge(y, c(-1)), [ret(mul(mul(y, y), horner(inverseFactorials(2, 11), y)))], []),
    ret(sub(sub(call(EXP.name, y), c(1)), y)),
  ],
};

/**
 * e^y − 1 for |y| ≤ 1/2, where e^y − 1 would cancel: y·Σ y^n/(n + 1)!, n ≤ 9 (the next term
 * below 3e-9 relative). Callers take e^y − 1 itself farther out.
 */
export const EXPM1_SMALL: IrFunction = {
  name: 'expm1_small',
  doc: ['e^y − 1 for |y| ≤ 1/2, float32: its Taylor series.'],
  body: [ret(mul(y, horner(inverseFactorials(1, 10), y)))],
};

/** max(a, b) for values known not to be NaN. */
export const maxOf = (a: Expr, b: Expr): Expr => select(lt(a, b), b, a);

/** |a| for a value known not to be NaN. */
export const absOf = (a: Expr): Expr => select(lt(a, c(0)), neg(a), a);

/** a/b, or 0 where b is 0 (a Newton step at a critical point, where the step is 0 anyway). */
export const safeDiv = (a: Expr, b: Expr): Expr => select(ge(absOf(b), c(2 ** -126)), div(a, b), c(0));
