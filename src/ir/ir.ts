/**
 * The expression IR: the one definition of how a fit is evaluated. Every operation is a float32
 * operation rounded to nearest; the order of operations is the tree's order, nothing else.
 * The TypeScript emitter, the WGSL emitter and the float32 interpreter all walk this tree,
 * so the verified code and the shipped code cannot drift apart.
 */

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max';
export type UnaryOp = 'neg' | 'sqrt' | 'log';

export type Expr =
  | { readonly op: 'y' }
  /**
   * A float32 constant (±Infinity allowed; emitters spell it as their language requires).
   * `pinned` marks the low part of a hi + lo pair: emitters must keep compilers from folding it
   * into a neighbouring constant (a shader compiler that reassociates (y − hi) − lo into
   * y − (hi + lo) loses lo entirely).
   */
  | { readonly op: 'const'; readonly value: number; readonly pinned?: boolean }
  /** A value bound earlier by a `let`. */
  | { readonly op: 'ref'; readonly name: string }
  | { readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly op: UnaryOp; readonly a: Expr }
  /**
   * a·2^exponent: exact (barring underflow and overflow). A separate operation, not a product,
   * so that a compiler cannot factor K·u + u·P into u·(K + P).
   */
  | { readonly op: 'ldexp'; readonly a: Expr; readonly exponent: number }
  /** cond ? a : b. Both sides are evaluated (WGSL's select does so), so neither may trap. */
  | { readonly op: 'select'; readonly cond: Cond; readonly a: Expr; readonly b: Expr };

export type Cond =
  /** a < b, false when either is NaN. */
  | { readonly op: 'lt'; readonly a: Expr; readonly b: Expr }
  /** a ≥ b, false when either is NaN. */
  | { readonly op: 'ge'; readonly a: Expr; readonly b: Expr }
  /** Tested on the bit pattern, so a fast-math compiler cannot fold it away. */
  | { readonly op: 'isNaN'; readonly a: Expr };

export type Stmt =
  | { readonly kind: 'let'; readonly name: string; readonly value: Expr }
  | { readonly kind: 'return'; readonly value: Expr }
  | { readonly kind: 'if'; readonly cond: Cond; readonly then: readonly Stmt[]; readonly else: readonly Stmt[] };

/** A function of one float32 argument y. */
export interface IrFunction {
  /** snake_case, without any prefix: e.g. "gelu_inverse_left". */
  readonly name: string;
  /** Doc comment lines: segments, forms, measured bounds. */
  readonly doc: readonly string[];
  readonly body: readonly Stmt[];
}

/** `name(y, branch)`: calls the function whose branch code matches; one per activation and target. */
export interface IrDispatch {
  readonly name: string;
  readonly doc: readonly string[];
  /** The code stored per element, and the function evaluated for it. The last entry is the fallback. */
  readonly branches: readonly { readonly code: number; readonly fn: IrFunction }[];
}

export const y: Expr = { op: 'y' };
export const c = (value: number): Expr => {
  if (!(Math.fround(value) === value || Number.isNaN(value))) {
    throw new RangeError(`IR constant ${value} is not a float32 value`);
  }
  return { op: 'const', value };
};
/** A constant that compilers must not fold into its neighbours (see Expr). */
export const pinned = (value: number): Expr => ({ ...c(value), pinned: true }) as Expr;
export const ref = (name: string): Expr => ({ op: 'ref', name });
export const add = (a: Expr, b: Expr): Expr => ({ op: 'add', a, b });
export const sub = (a: Expr, b: Expr): Expr => ({ op: 'sub', a, b });
export const mul = (a: Expr, b: Expr): Expr => ({ op: 'mul', a, b });
export const div = (a: Expr, b: Expr): Expr => ({ op: 'div', a, b });
export const max = (a: Expr, b: Expr): Expr => ({ op: 'max', a, b });
export const neg = (a: Expr): Expr => ({ op: 'neg', a });
export const sqrt = (a: Expr): Expr => ({ op: 'sqrt', a });
export const log = (a: Expr): Expr => ({ op: 'log', a });
export const ldexp = (a: Expr, exponent: number): Expr => {
  if (!Number.isInteger(exponent)) throw new RangeError(`IR ldexp exponent ${exponent} is not an integer`);
  return { op: 'ldexp', a, exponent };
};
export const select = (cond: Cond, a: Expr, b: Expr): Expr => ({ op: 'select', cond, a, b });
export const lt = (a: Expr, b: Expr): Cond => ({ op: 'lt', a, b });
export const ge = (a: Expr, b: Expr): Cond => ({ op: 'ge', a, b });
export const letStmt = (name: string, value: Expr): Stmt => ({ kind: 'let', name, value });
export const ret = (value: Expr): Stmt => ({ kind: 'return', value });
export const ifStmt = (cond: Cond, then: readonly Stmt[], otherwise: readonly Stmt[]): Stmt => ({
  kind: 'if',
  cond,
  then,
  else: otherwise,
});
