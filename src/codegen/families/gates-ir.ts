import { add, c, call, div, ge, letStmt, lt, mul, neg, param, ref, select, sub, type Expr, type IrFunction, type Stmt } from '../../ir/ir.js';
import { absOf, EXP, EXPM1_SMALL } from './helpers.js';

/**
 * f(x) = x·(a·g(x) − α), f'(x) = a·(g + x·g') − α and f''(x) = a·(2g' + x·g'') in float32, per
 * gate, as IR statements that bind `${n}f`, `${n}df` and `${n}d2f` (n a prefix keeping each Newton step's names apart). a and α come
 * from the parameter block. Each gate keeps relative accuracy in its tails (no 1 − g or g − ½
 * formed where it cancels).
 */
export interface GateIr {
  readonly helpers: readonly IrFunction[];
  fdf(x: Expr, n: string): Stmt[];
}

const a = () => param('a');
const alpha = () => param('alpha');

/**
 * The common tail of every gate, from g, its odd part u = 2g − 1 (computed without cancellation
 * near 0), g' and g'': with a = 1 + 2α, a·g − α = g + α·u, so
 *   f = x·(g + α·u),  f' = (g + x·g') + α·(u + 2x·g'),  f'' = a·(2g' + x·g'').
 * Written so, f keeps its relative accuracy near x = 0 for every α (a·g − α would cancel there).
 */
function expandedTail(x: Expr, n: string, g: Expr, u: Expr, dg: Expr, d2g: Expr): Stmt[] {
  return [
    letStmt(`${n}xd`, mul(x, dg)),
    letStmt(`${n}f`, mul(x, add(g, mul(alpha(), u)))),
    letStmt(`${n}df`, add(add(g, ref(`${n}xd`)), mul(alpha(), add(u, add(ref(`${n}xd`), ref(`${n}xd`)))))),
    letStmt(`${n}d2f`, mul(a(), add(add(dg, dg), mul(x, d2g)))),
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
      letStmt(`${n}r`, div(c(1), add(c(1), ref(`${n}e`)))),
      letStmt(`${n}s`, select(pos, ref(`${n}r`), mul(ref(`${n}e`), ref(`${n}r`)))),
      letStmt(`${n}sm`, select(pos, mul(ref(`${n}e`), ref(`${n}r`)), ref(`${n}r`))),
      letStmt(`${n}um`, mul(neg(ref(`${n}m`)), ref(`${n}r`))),
      letStmt(`${n}ds`, mul(ref(`${n}s`), ref(`${n}sm`))),
      ...expandedTail(x, n, ref(`${n}s`), select(pos, ref(`${n}um`), neg(ref(`${n}um`))), ref(`${n}ds`), mul(ref(`${n}ds`), sub(ref(`${n}sm`), ref(`${n}s`)))),
    ];
  },
};
