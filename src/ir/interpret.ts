import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from './ir.js';

/**
 * The IR interpreter: compiles a tree into nested closures once, then evaluates in one of the two
 * arithmetics the emitters target. In both, y comes in as a float32 and a function's result is
 * rounded to float32.
 * - `float32`: every operation rounded to float32 (Math.fround), as WGSL's f32 does;
 * - `float64`: the operations in float64, as the emitted TypeScript computes (JavaScript's
 *   number); only the result is rounded.
 */
export type Precision = 'float32' | 'float64';

type Env = Float64Array;
type Compiled = (y: number, env: Env) => number;

const identity = (x: number) => x;

/**
 * Slots by name: the parameters occupy the first ones (as "$name", set before the body runs), the
 * lets follow. Helpers are the compiled functions `call` may name.
 */
class Scope extends Map<string, number> {
  constructor(
    entries: Iterable<readonly [string, number]>,
    readonly helpers: ReadonlyMap<string, (x: number) => number>,
  ) {
    super(entries);
  }

  child(): Scope {
    return new Scope(this, this.helpers);
  }

  param(name: string): number {
    const slot = this.get(`$${name}`);
    if (slot === undefined) throw new Error(`IR: parameter "${name}" is not in the function's parameter block`);
    return slot;
  }
}

function compileExpr(e: Expr, slots: Scope, r: (x: number) => number): Compiled {
  switch (e.op) {
    case 'param': {
      const slot = slots.param(e.name);
      return (_y, env) => env[slot]!;
    }
    case 'load': {
      const base = slots.param(e.name);
      const index = compileExpr(e.index, slots, r);
      return (yv, env) => env[base + index(yv, env)]!;
    }
    case 'select': {
      const cond = compileCond(e.cond, slots, r);
      const a = compileExpr(e.a, slots, r);
      const b = compileExpr(e.b, slots, r);
      return (yv, env) => {
        const [va, vb] = [a(yv, env), b(yv, env)];
        return cond(yv, env) ? va : vb;
      };
    }
    case 'floor': {
      const a = compileExpr(e.a, slots, r);
      return (yv, env) => Math.floor(a(yv, env));
    }
    case 'ldexpv': {
      const a = compileExpr(e.a, slots, r);
      const k = compileExpr(e.e, slots, r);
      return (yv, env) => r(a(yv, env) * 2 ** k(yv, env));
    }
    case 'call': {
      const helper = slots.helpers.get(e.fn);
      if (!helper) throw new Error(`IR: call of "${e.fn}", which is not among the helpers`);
      const a = compileExpr(e.a, slots, r);
      return (yv, env) => helper(a(yv, env));
    }
    case 'y':
      return (yv) => yv;
    case 'const': {
      const v = e.value;
      return () => v;
    }
    case 'ref': {
      const slot = slots.get(e.name);
      if (slot === undefined) throw new Error(`IR: "${e.name}" is used before it is bound`);
      return (_y, env) => env[slot]!;
    }
    case 'neg': {
      const a = compileExpr(e.a, slots, r);
      return (yv, env) => -a(yv, env);
    }
    case 'sqrt': {
      const a = compileExpr(e.a, slots, r);
      return (yv, env) => r(Math.sqrt(a(yv, env)));
    }
    case 'log': {
      const a = compileExpr(e.a, slots, r);
      return (yv, env) => r(Math.log(a(yv, env)));
    }
    case 'ldexp': {
      const a = compileExpr(e.a, slots, r);
      const k = 2 ** e.exponent;
      return (yv, env) => r(a(yv, env) * k);
    }
    default: {
      const a = compileExpr(e.a, slots, r);
      const b = compileExpr(e.b, slots, r);
      switch (e.op) {
        case 'add':
          return (yv, env) => r(a(yv, env) + b(yv, env));
        case 'sub':
          return (yv, env) => r(a(yv, env) - b(yv, env));
        case 'mul':
          return (yv, env) => r(a(yv, env) * b(yv, env));
        case 'div':
          return (yv, env) => r(a(yv, env) / b(yv, env));
        case 'max':
          // The IR tests NaN first, so max never sees one; the emitters use their language's max.
          return (yv, env) => Math.max(a(yv, env), b(yv, env));
      }
    }
  }
}

function compileCond(cond: Cond, slots: Scope, r: (x: number) => number) {
  const a = compileExpr(cond.a, slots, r);
  if (cond.op === 'isNaN') return (yv: number, env: Env) => Number.isNaN(a(yv, env));
  const b = compileExpr(cond.b, slots, r);
  return cond.op === 'lt'
    ? (yv: number, env: Env) => a(yv, env) < b(yv, env)
    : (yv: number, env: Env) => a(yv, env) >= b(yv, env);
}

/** Returns undefined when the block falls through without returning. */
type Block = (y: number, env: Env) => number | undefined;

function compileBlock(stmts: readonly Stmt[], slots: Scope, r: (x: number) => number): Block {
  const steps: Block[] = stmts.map((s): Block => {
    switch (s.kind) {
      case 'let': {
        const value = compileExpr(s.value, slots, r);
        if (slots.has(s.name)) throw new Error(`IR: "${s.name}" is bound twice`);
        const slot = slots.size;
        slots.set(s.name, slot);
        return (yv, env) => {
          env[slot] = value(yv, env);
          return undefined;
        };
      }
      case 'return': {
        const value = compileExpr(s.value, slots, r);
        return (yv, env) => Math.fround(value(yv, env));
      }
      case 'if': {
        const cond = compileCond(s.cond, slots, r);
        // Each arm sees the names bound so far, plus its own.
        const then = compileBlock(s.then, slots.child(), r);
        const otherwise = compileBlock(s.else, slots.child(), r);
        return (yv, env) => (cond(yv, env) ? then(yv, env) : otherwise(yv, env));
      }
    }
  });
  return (yv, env) => {
    for (const step of steps) {
      const out = step(yv, env);
      if (out !== undefined) return out;
    }
    return undefined;
  };
}

function countLets(stmts: readonly Stmt[]): number {
  let n = 0;
  for (const s of stmts) n += s.kind === 'let' ? 1 : s.kind === 'if' ? countLets(s.then) + countLets(s.else) : 0;
  return n;
}

/**
 * A callable float32 (or float64) model of an IR function. Throws if the body can fall through.
 * A function with a parameter block takes the block's values as its second argument; `helpers`
 * are the functions its `call`s name (each may call those before it).
 */
export function compileFunction(
  fn: IrFunction,
  precision: Precision = 'float32',
  helpers: readonly IrFunction[] = [],
): (y: number, params?: ArrayLike<number>) => number {
  const r = precision === 'float32' ? Math.fround : identity;
  const compiled = new Map<string, (x: number) => number>();
  for (const h of helpers) compiled.set(h.name, compileFunction(h, precision, helpers.slice(0, helpers.indexOf(h))));
  const names = fn.params?.names ?? [];
  const body = compileBlock(fn.body, new Scope(names.map((n, i) => [`$${n}`, i] as const), compiled), r);
  const env = new Float64Array(names.length + countLets(fn.body));
  return (yv: number, params?: ArrayLike<number>) => {
    if (names.length > 0) {
      if (!params || params.length !== names.length) {
        throw new RangeError(`${fn.name}: expected ${names.length} parameters (${fn.params!.name}), got ${params ? params.length : 'none'}`);
      }
      for (let i = 0; i < names.length; i++) env[i] = params[i]!;
    }
    const out = body(Math.fround(yv), env);
    if (out === undefined) throw new Error(`IR function ${fn.name} fell through without returning`);
    return out;
  };
}

/** The model of a dispatcher: `(y, branchCode) => value`. Unknown codes take the last entry. */
export function compileDispatch(d: IrDispatch, precision: Precision = 'float32'): (y: number, code: number) => number {
  const fns = d.branches.map((b) => ({ code: b.code, run: compileFunction(b.fn, precision) }));
  const fallback = fns[fns.length - 1]!.run;
  return (yv, code) => (fns.find((f) => f.code === code)?.run ?? fallback)(yv);
}
