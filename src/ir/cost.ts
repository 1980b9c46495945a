import type { Cond, Expr, IrFunction, Stmt } from './ir.js';

/**
 * Operation counts of the path one input takes, and their weighted sum: the planner minimises
 * it. sqrt, log and division cost more than +, −, × on every target we emit for.
 */
export interface OpCounts {
  add: number;
  mul: number;
  div: number;
  sqrt: number;
  log: number;
  cmp: number;
}

export const OP_WEIGHTS: Readonly<OpCounts> = { add: 1, mul: 1, div: 4, sqrt: 4, log: 8, cmp: 1 };

export function zeroCounts(): OpCounts {
  return { add: 0, mul: 0, div: 0, sqrt: 0, log: 0, cmp: 0 };
}

export function weightedCost(counts: OpCounts): number {
  let total = 0;
  for (const k of Object.keys(OP_WEIGHTS) as (keyof OpCounts)[]) total += counts[k] * OP_WEIGHTS[k];
  return total;
}

export function countExpr(e: Expr, into: OpCounts): OpCounts {
  switch (e.op) {
    case 'y':
    case 'const':
    case 'ref':
      break;
    case 'add':
    case 'sub':
    case 'max':
      into.add++;
      countExpr(e.a, into);
      countExpr(e.b, into);
      break;
    case 'mul':
      into.mul++;
      countExpr(e.a, into);
      countExpr(e.b, into);
      break;
    case 'div':
      into.div++;
      countExpr(e.a, into);
      countExpr(e.b, into);
      break;
    case 'neg':
      countExpr(e.a, into);
      break;
    case 'ldexp':
      into.mul++;
      countExpr(e.a, into);
      break;
    case 'sqrt':
      into.sqrt++;
      countExpr(e.a, into);
      break;
    case 'log':
      into.log++;
      countExpr(e.a, into);
      break;
  }
  return into;
}

export function countCond(cond: Cond, into: OpCounts): void {
  into.cmp++;
  countExpr(cond.a, into);
  if (cond.op !== 'isNaN') countExpr(cond.b, into);
}

/** The most expensive path through `stmts` (by weighted cost), with its counts. */
export function worstPath(stmts: readonly Stmt[]): OpCounts {
  const counts = zeroCounts();
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    if (s.kind !== 'if') {
      countExpr(s.value, counts);
      if (s.kind === 'return') return counts;
      continue;
    }
    // An arm that does not return falls through to the statements after the if.
    countCond(s.cond, counts);
    const rest = stmts.slice(i + 1);
    const a = worstPath([...s.then, ...rest]);
    const b = worstPath([...s.else, ...rest]);
    const worse = weightedCost(a) >= weightedCost(b) ? a : b;
    for (const k of Object.keys(counts) as (keyof OpCounts)[]) counts[k] += worse[k];
    return counts;
  }
  return counts;
}

export function functionCost(fn: IrFunction): { counts: OpCounts; weighted: number } {
  const counts = worstPath(fn.body);
  return { counts, weighted: weightedCost(counts) };
}

/**
 * Latency of each operation in units of one float add: a float add or multiply takes about 4
 * cycles on x86-64 and on GPUs, a square root or division about 12 (sqrtss, divss; a GPU's
 * special-function unit plus fix-up), a logarithm, a library or multi-instruction sequence,
 * about twice that. neg is a sign flip, folded into its consumer.
 */
export const OP_LATENCY: Readonly<Record<Exclude<Expr['op'], 'y' | 'const' | 'ref' | 'param' | 'load' | 'select' | 'ldexpv' | 'call'>, number>> = {
  add: 1,
  sub: 1,
  max: 1,
  mul: 1,
  ldexp: 1,
  div: 3,
  sqrt: 3,
  log: 6,
  neg: 0,
  floor: 1,
};

/** When e's value is ready, given when each bound name's is: the depth of its dependency chain. */
function exprLatency(e: Expr, ready: ReadonlyMap<string, number>): number {
  switch (e.op) {
    case 'y':
    case 'const':
      return 0;
    case 'ref':
      return ready.get(e.name) ?? 0;
    case 'param':
      return 0;
    // A parameter load waits for its index; select for its condition and both sides (it
    // evaluates both), ldexpv for its exponent as well.
    case 'load':
      return exprLatency(e.index, ready) + 1;
    case 'select':
      return Math.max(condLatency(e.cond, ready), exprLatency(e.a, ready), exprLatency(e.b, ready)) + 1;
    case 'ldexpv':
      return Math.max(exprLatency(e.a, ready), exprLatency(e.e, ready)) + 1;
    case 'call':
      throw new RangeError(`latency: a call of ${e.fn} is not modelled (the planner's fits call no helpers)`);
    default: {
      const a = exprLatency(e.a, ready);
      const b = 'b' in e ? exprLatency(e.b, ready) : 0;
      return Math.max(a, b) + OP_LATENCY[e.op];
    }
  }
}

function condLatency(c: Cond, ready: ReadonlyMap<string, number>): number {
  return Math.max(exprLatency(c.a, ready), 'b' in c ? exprLatency(c.b, ready) : 0);
}

/**
 * The critical path of `stmts`: when the returned value is ready on the slowest path, with
 * operations that do not depend on each other overlapping (as on a pipelined core, or a GPU
 * issuing independent instructions back to back). Branches are taken as predicted: a
 * comparison delays nothing, the slower arm counts.
 */
export function worstLatency(stmts: readonly Stmt[], ready: ReadonlyMap<string, number> = new Map()): number {
  const known = new Map(ready);
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i]!;
    if (s.kind === 'let') known.set(s.name, exprLatency(s.value, known));
    else if (s.kind === 'return') return exprLatency(s.value, known);
    else {
      const rest = stmts.slice(i + 1);
      return Math.max(worstLatency([...s.then, ...rest], known), worstLatency([...s.else, ...rest], known));
    }
  }
  return 0;
}

export function functionLatency(fn: IrFunction): number {
  return worstLatency(fn.body);
}
