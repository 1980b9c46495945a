import type { Expr } from './expr.js';
import { FUNCTIONS } from './functions.js';

/**
 * An expression as a float64 JavaScript function of x. The tree becomes one JS arrow function
 * (evaluated millions of times by the fitter and the verifier's reference, so no tree walking);
 * calls go to the FUNCTIONS table's implementations, squares and cubes are products.
 */
export function compileFloat64(e: Expr): (x: number) => number {
  const names = Object.keys(FUNCTIONS);
  const body = js(e);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function(...names.map((n) => `f_${n}`), `"use strict"; return (x) => ${body};`) as (...fs: unknown[]) => (x: number) => number;
  return make(...names.map((n) => FUNCTIONS[n]!.float64));
}

function js(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return Number.isNaN(e.value) ? 'NaN' : Object.is(e.value, -0) ? '(-0)' : `(${e.value})`;
    case 'x':
      return 'x';
    case 'neg':
      return `(-${js(e.arg)})`;
    case 'not':
      return `(!${js(e.arg)})`;
    case 'op':
      if (e.op === '^') {
        if (e.b.kind === 'num' && (e.b.value === 2 || e.b.value === 3)) {
          const a = js(e.a);
          return e.b.value === 2 ? `(${a} * ${a})` : `(${a} * ${a} * ${a})`;
        }
        return `Math.pow(${js(e.a)}, ${js(e.b)})`;
      }
      return `(${js(e.a)} ${e.op} ${js(e.b)})`;
    case 'cmp':
      return `(${js(e.a)} ${e.op === '==' ? '===' : e.op === '!=' ? '!==' : e.op} ${js(e.b)})`;
    case 'logic':
      return `(${js(e.a)} ${e.op === 'and' ? '&&' : '||'} ${js(e.b)})`;
    case 'call':
      return `f_${e.fn}(${e.args.map(js).join(', ')})`;
    case 'if':
      return `(${js(e.cond)} ? ${js(e.then)} : ${js(e.else)})`;
  }
}
