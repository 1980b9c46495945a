import { call, mapChildren, neg, op, sameExpr, type Expr } from './expr.js';
import { tidy } from './tidy.js';

/**
 * Rewrites into forms that float64 evaluates accurately on the whole real line. Each replaces a
 * textbook formula that overflows or cancels:
 *   ln(1 + e^u) → softplus(u)        (e^u overflows for u > 709; ln(1 + tiny) loses tiny)
 *   ln(1 + v)   → log1p(v)           (loses v when |v| is small)
 *   e^u − 1     → expm1(u)           (cancels near u = 0)
 *   a/(1 + e^v) → a·σ(−v)            (e^v overflows; covers x/(1 + e^−x) = x·σ(x))
 *   e^u/(1 + e^u) → σ(u)             (∞/∞ for u > 709)
 *   1 ± erf(u)  → erfc(∓u)           (1 + erf(u) cancels to 0 for u < −5.9, GELU's left tail)
 * Applied bottom-up to the expression and again to every derivative.
 */
export function stabilize(e: Expr): Expr {
  return tidy(rewrite(e));
}

const isNum = (e: Expr, v: number) => e.kind === 'num' && e.value === v;
const isCall = (e: Expr, fn: string): e is Expr & { kind: 'call' } => e.kind === 'call' && e.fn === fn;

/** The other operand of a sum with a 1 in it: 1 + v or v + 1. */
function onePlus(e: Expr): Expr | undefined {
  if (e.kind !== 'op' || e.op !== '+') return undefined;
  if (isNum(e.a, 1)) return e.b;
  if (isNum(e.b, 1)) return e.a;
  return undefined;
}

function rewrite(e: Expr): Expr {
  const r = mapChildren(e, rewrite);
  if (isCall(r, 'log')) {
    const v = onePlus(r.args[0]!);
    if (v && isCall(v, 'exp')) return call('softplus', v.args[0]!);
    if (v) return call('log1p', v);
  }
  if (r.kind === 'op') {
    if (r.op === '-' && isCall(r.a, 'exp') && isNum(r.b, 1)) return call('expm1', r.a.args[0]!);
    if (r.op === '+' && isCall(r.b, 'exp') && isNum(r.a, -1)) return call('expm1', r.b.args[0]!);
    if (r.op === '/') {
      const v = onePlus(r.b);
      if (v && isCall(v, 'exp')) {
        const u = v.args[0]!;
        if (isCall(r.a, 'exp') && sameExpr(r.a.args[0]!, u)) return call('sigmoid', u);
        const s = call('sigmoid', tidy(neg(u)));
        return isNum(r.a, 1) ? s : op('*', r.a, s);
      }
    }
    const erfOf = (t: Expr) => (isCall(t, 'erf') ? t.args[0]! : undefined);
    if (r.op === '+') {
      const u = isNum(r.a, 1) ? erfOf(r.b) : isNum(r.b, 1) ? erfOf(r.a) : undefined;
      if (u) return call('erfc', tidy(neg(u)));
    }
    if (r.op === '-' && isNum(r.a, 1)) {
      const u = erfOf(r.b);
      if (u) return call('erfc', u);
    }
  }
  return r;
}
