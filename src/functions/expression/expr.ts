/**
 * The expression tree the rest of the expression code works on: a small, closed set of node
 * kinds, so that rewriting, differentiation, float64 compilation and WGSL emission each handle
 * every case (mathjs nodes are open-ended). `x` is the only variable; pi and e become numbers.
 */

export type ArithmeticOp = '+' | '-' | '*' | '/' | '^';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicOp = 'and' | 'or';

export type Expr =
  | { readonly kind: 'num'; readonly value: number }
  | { readonly kind: 'x' }
  | { readonly kind: 'neg'; readonly arg: Expr }
  | { readonly kind: 'op'; readonly op: ArithmeticOp; readonly a: Expr; readonly b: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] }
  | { readonly kind: 'cmp'; readonly op: CompareOp; readonly a: Expr; readonly b: Expr }
  | { readonly kind: 'logic'; readonly op: LogicOp; readonly a: Expr; readonly b: Expr }
  | { readonly kind: 'not'; readonly arg: Expr }
  | { readonly kind: 'if'; readonly cond: Expr; readonly then: Expr; readonly else: Expr };

export const num = (value: number): Expr => ({ kind: 'num', value });
export const X: Expr = { kind: 'x' };
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
export const op = (o: ArithmeticOp, a: Expr, b: Expr): Expr => ({ kind: 'op', op: o, a, b });
export const neg = (arg: Expr): Expr => ({ kind: 'neg', arg });

/** The direct children of a node, in a fixed order. */
export function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'num':
    case 'x':
      return [];
    case 'neg':
    case 'not':
      return [e.arg];
    case 'op':
    case 'cmp':
    case 'logic':
      return [e.a, e.b];
    case 'call':
      return e.args;
    case 'if':
      return [e.cond, e.then, e.else];
  }
}

/** The same node with each child replaced by f(child). */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  switch (e.kind) {
    case 'num':
    case 'x':
      return e;
    case 'neg':
    case 'not':
      return { ...e, arg: f(e.arg) };
    case 'op':
    case 'cmp':
    case 'logic':
      return { ...e, a: f(e.a), b: f(e.b) };
    case 'call':
      return call(e.fn, ...e.args.map(f));
    case 'if':
      return { kind: 'if', cond: f(e.cond), then: f(e.then), else: f(e.else) };
  }
}

export function dependsOnX(e: Expr): boolean {
  return e.kind === 'x' || children(e).some(dependsOnX);
}

/** Structural equality (numbers by value). */
export function sameExpr(a: Expr, b: Expr): boolean {
  return print(a) === print(b);
}

/**
 * mathjs syntax, fully parenthesised, numbers written so that they read back exactly. It is
 * what the fit file's readers see beside the user's own text, and what mathjs `derivative` parses.
 */
export function print(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.value < 0 || Object.is(e.value, -0) ? `(${numberText(e.value)})` : numberText(e.value);
    case 'x':
      return 'x';
    case 'neg':
      return `(-${print(e.arg)})`;
    case 'not':
      return `(not ${print(e.arg)})`;
    case 'op':
    case 'cmp':
    case 'logic':
      return `(${print(e.a)} ${e.op} ${print(e.b)})`;
    case 'call':
      return `${e.fn}(${e.args.map(print).join(', ')})`;
    case 'if':
      return `(${print(e.cond)} ? ${print(e.then)} : ${print(e.else)})`;
  }
}

function numberText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  // mathjs reads "1e-7" and "1.5e+300"; String(v) round-trips every float64.
  return String(v);
}
