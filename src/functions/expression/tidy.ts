import { call, neg, num, op, type Expr } from './expr.js';
import { FUNCTIONS } from './functions.js';

/**
 * Algebraic clean-up of derivative output (mathjs without `simplify` writes 1·u, u + 0, u^1):
 * constant folding and the identities that cannot change a float64 result. Deliberately no
 * reordering or factoring, so the stable forms the rewrites chose survive.
 */
export function tidy(e: Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'x':
      return e;
    case 'neg': {
      const a = tidy(e.arg);
      if (a.kind === 'num') return num(-a.value);
      if (a.kind === 'neg') return a.arg;
      return neg(a);
    }
    case 'op':
      return tidyOp(e.op, tidy(e.a), tidy(e.b));
    case 'call': {
      const args = e.args.map(tidy);
      if (args.every((a) => a.kind === 'num')) return num(FUNCTIONS[e.fn]!.float64(...args.map((a) => (a as { value: number }).value)));
      return call(e.fn, ...args);
    }
    case 'cmp':
    case 'logic':
      return { ...e, a: tidy(e.a), b: tidy(e.b) };
    case 'not':
      return { kind: 'not', arg: tidy(e.arg) };
    case 'if':
      return { kind: 'if', cond: tidy(e.cond), then: tidy(e.then), else: tidy(e.else) };
  }
}

const isNum = (e: Expr, v: number) => e.kind === 'num' && e.value === v;

function tidyOp(o: '+' | '-' | '*' | '/' | '^', a: Expr, b: Expr): Expr {
  if (a.kind === 'num' && b.kind === 'num') {
    const [p, q] = [a.value, b.value];
    return num(o === '+' ? p + q : o === '-' ? p - q : o === '*' ? p * q : o === '/' ? p / q : p ** q);
  }
  switch (o) {
    case '+':
      if (isNum(a, 0)) return b;
      if (isNum(b, 0)) return a;
      if (b.kind === 'neg') return tidyOp('-', a, b.arg);
      break;
    case '-':
      if (isNum(b, 0)) return a;
      if (isNum(a, 0)) return tidy(neg(b));
      if (b.kind === 'neg') return tidyOp('+', a, b.arg);
      break;
    case '*':
      // 0·u is 0 only for finite u; derivative terms are finite where the function is, and the
      // analysis rejects functions that are not.
      if (isNum(a, 0) || isNum(b, 0)) return num(0);
      if (isNum(a, 1)) return b;
      if (isNum(b, 1)) return a;
      if (isNum(a, -1)) return tidy(neg(b));
      if (isNum(b, -1)) return tidy(neg(a));
      if (a.kind === 'neg') return tidy(neg(tidyOp('*', a.arg, b)));
      if (b.kind === 'neg') return tidy(neg(tidyOp('*', a, b.arg)));
      break;
    case '/':
      if (isNum(a, 0)) return num(0);
      if (isNum(b, 1)) return a;
      if (a.kind === 'neg') return tidy(neg(tidyOp('/', a.arg, b)));
      break;
    case '^':
      if (isNum(b, 1)) return a;
      if (isNum(b, 0)) return num(1);
      break;
  }
  return op(o, a, b);
}
