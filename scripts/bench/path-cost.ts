import { countExpr, OP_WEIGHTS, weightedCost, zeroCounts, type OpCounts } from '../../src/ir/cost.js';
import type { Cond, Expr, IrFunction, Stmt } from '../../src/ir/ir.js';

/**
 * The IR cost model (src/ir/cost.ts) along the path each y actually takes, where the planner
 * counts the worst path: averaged over real data it says what an element costs on average.
 */

function valueOf(e: Expr, y: number): number {
  if (e.op === 'y') return y;
  if (e.op === 'const') return e.value;
  throw new Error(`path cost: a condition on ${e.op}; lowered fits compare y with constants only`);
}

function holds(c: Cond, y: number): boolean {
  if (c.op === 'isNaN') return Number.isNaN(valueOf(c.a, y));
  return c.op === 'lt' ? valueOf(c.a, y) < valueOf(c.b, y) : valueOf(c.a, y) >= valueOf(c.b, y);
}

/** Adds the operations `y` executes to `into`; true once it has returned. */
function walk(stmts: readonly Stmt[], y: number, into: OpCounts): boolean {
  for (const s of stmts) {
    if (s.kind !== 'if') {
      countExpr(s.value, into);
      if (s.kind === 'return') return true;
      continue;
    }
    into.cmp++;
    countExpr(s.cond.a, into);
    if (s.cond.op !== 'isNaN') countExpr(s.cond.b, into);
    if (walk(holds(s.cond, y) ? s.then : s.else, y, into)) return true;
  }
  return false;
}

/** Mean operation counts per element, each y through the function of its branch bit. */
export function meanPathCounts(left: IrFunction, right: IrFunction, y: Float32Array, mask: Uint32Array, count: number): OpCounts {
  const total = zeroCounts();
  const n = Math.min(count, y.length);
  for (let i = 0; i < n; i++) walk(((mask[i >>> 5]! >>> (i & 31)) & 1 ? left : right).body, y[i]!, total);
  for (const k of Object.keys(total) as (keyof OpCounts)[]) total[k] /= n;
  return total;
}

export function describeCounts(c: OpCounts): string {
  const ops = (Object.keys(OP_WEIGHTS) as (keyof OpCounts)[]).map((k) => `${k} ${c[k].toFixed(2)}`).join(', ');
  return `${ops}; weighted ${weightedCost(c).toFixed(1)}`;
}
