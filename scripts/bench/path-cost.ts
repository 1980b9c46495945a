import { countCond, countExpr, OP_WEIGHTS, weightedCost, zeroCounts, type OpCounts } from '../../src/ir/cost.js';
import type { Cond, Expr, IrFunction, Stmt } from '../../src/ir/ir.js';

/**
 * The IR cost model (src/ir/cost.ts) along the paths real data takes, where the planner counts the
 * worst path: averaged over real data it says what an element costs on average, on a CPU (each
 * element its own path) and on a GPU (a SIMD group runs every block any of its lanes takes).
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

/** Calls `visit` with each statement `y` executes (the ifs it tests included); true once it has returned. */
function walk(stmts: readonly Stmt[], y: number, visit: (s: Stmt) => void): boolean {
  for (const s of stmts) {
    visit(s);
    if (s.kind === 'return') return true;
    if (s.kind === 'if' && walk(holds(s.cond, y) ? s.then : s.else, y, visit)) return true;
  }
  return false;
}

/** A statement's own operations: its value, or an if's comparison (not its arms). */
function addOwn(s: Stmt, into: OpCounts): void {
  if (s.kind === 'if') countCond(s.cond, into);
  else countExpr(s.value, into);
}

const bitOf = (mask: Uint32Array, i: number) => (mask[i >>> 5]! >>> (i & 31)) & 1;

/** Mean operation counts per element, each y through the function of its branch bit. */
export function meanPathCounts(left: IrFunction, right: IrFunction, y: Float32Array, mask: Uint32Array, count: number): OpCounts {
  const total = zeroCounts();
  const n = Math.min(count, y.length);
  for (let i = 0; i < n; i++) walk((bitOf(mask, i) ? left : right).body, y[i]!, (s) => addOwn(s, total));
  for (const k of Object.keys(total) as (keyof OpCounts)[]) total[k] /= n;
  return total;
}

/** The weighted cost of statements each run once, and how many of them return. */
function costOnce(stmts: Iterable<Stmt>): { weighted: number; returns: number } {
  const counts = zeroCounts();
  let returns = 0;
  for (const s of stmts) {
    addOwn(s, counts);
    if (s.kind === 'return') returns++;
  }
  return { weighted: weightedCost(counts), returns };
}

/**
 * The weighted cost a group of `lanes` consecutive elements runs when every statement any lane
 * executes is run once for the group (the lanes that did not take it masked off), averaged over
 * the groups, with the mean number of blocks that return (segments, tails, NaN) each group runs.
 */
export function meanGroupCost(left: IrFunction, right: IrFunction, y: Float32Array, mask: Uint32Array, count: number, lanes: number): { weighted: number; returns: number } {
  const groups = Math.floor(Math.min(count, y.length) / lanes);
  let weighted = 0;
  let returns = 0;
  for (let g = 0; g < groups; g++) {
    const run = new Set<Stmt>();
    for (let i = g * lanes; i < (g + 1) * lanes; i++) walk((bitOf(mask, i) ? left : right).body, y[i]!, (s) => run.add(s));
    const c = costOnce(run);
    weighted += c.weighted;
    returns += c.returns;
  }
  return { weighted: weighted / groups, returns: returns / groups };
}

/** Every statement of the functions, each once: what a group runs when its lanes take every path. */
export function allStatementsCost(fns: readonly IrFunction[]): { weighted: number; returns: number } {
  const every = (stmts: readonly Stmt[]): Stmt[] => stmts.flatMap((s) => (s.kind === 'if' ? [s, ...every(s.then), ...every(s.else)] : [s]));
  return costOnce(fns.flatMap((fn) => every(fn.body)));
}

export function describeCounts(c: OpCounts): string {
  const ops = (Object.keys(OP_WEIGHTS) as (keyof OpCounts)[]).map((k) => `${k} ${c[k].toFixed(2)}`).join(', ');
  return `${ops}; weighted ${weightedCost(c).toFixed(1)}`;
}
