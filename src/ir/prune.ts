import type { Cond, Expr, IrFunction, Stmt } from './ir.js';

/**
 * Dead bindings: lets that no later statement reads, through if-statements too. Generated code
 * built from reusable pieces (a gate's f, f' and f'' where a step needs only some) drops them here,
 * so the TypeScript compiles under noUnusedLocals and the WGSL computes nothing it discards.
 */

/** Every let name, parameter and helper an expression reads ("$name" for parameters, "@name" for helpers). */
function readsExpr(e: Expr, into: Set<string>): void {
  switch (e.op) {
    case 'ref':
      into.add(e.name);
      return;
    case 'call':
      into.add(`@${e.fn}`);
      readsExpr(e.a, into);
      return;
    case 'param':
      into.add(`$${e.name}`);
      return;
    case 'load':
      into.add(`$${e.name}`);
      readsExpr(e.index, into);
      return;
    case 'select':
      readsCond(e.cond, into);
      readsExpr(e.a, into);
      readsExpr(e.b, into);
      return;
    case 'ldexpv':
      readsExpr(e.a, into);
      readsExpr(e.e, into);
      return;
    default:
      if ('a' in e) readsExpr(e.a, into);
      if ('b' in e) readsExpr(e.b, into);
  }
}

function readsCond(c: Cond, into: Set<string>): void {
  readsExpr(c.a, into);
  if (c.op !== 'isNaN') readsExpr(c.b, into);
}

/** The statements without dead lets, given the names read after them. */
function pruneBlock(stmts: readonly Stmt[], liveAfter: ReadonlySet<string>): { stmts: Stmt[]; live: Set<string> } {
  let live = new Set(liveAfter);
  const kept: Stmt[] = [];
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]!;
    if (s.kind === 'return') {
      live = new Set();
      readsExpr(s.value, live);
      kept.push(s);
    } else if (s.kind === 'let') {
      if (!live.has(s.name)) continue;
      live.delete(s.name);
      readsExpr(s.value, live);
      kept.push(s);
    } else {
      const then = pruneBlock(s.then, live);
      const otherwise = pruneBlock(s.else, live);
      live = new Set([...then.live, ...otherwise.live]);
      readsCond(s.cond, live);
      kept.push({ ...s, then: then.stmts, else: otherwise.stmts });
    }
  }
  return { stmts: kept.reverse(), live };
}

export function pruneFunction(fn: IrFunction): IrFunction {
  return { ...fn, body: pruneBlock(fn.body, new Set()).stmts };
}

/** What the function reads on entry: its parameters ("$name") and the helpers it calls ("@name"). */
function entryReads(fn: IrFunction): string[] {
  return [...pruneBlock(fn.body, new Set()).live];
}

/** Whether the function reads its parameter block at all. */
export function readsParams(fn: IrFunction): boolean {
  return entryReads(fn).some((n) => n.startsWith('$'));
}

/**
 * The helpers that `fns` call, directly or through other helpers, in the order of `helpers`
 * (which lists each after those it calls): a kernel carries only the code it runs.
 */
export function helpersCalledBy(fns: readonly IrFunction[], helpers: readonly IrFunction[]): IrFunction[] {
  const byName = new Map(helpers.map((h) => [h.name, h]));
  const called = new Set<string>();
  const visit = (fn: IrFunction) => {
    for (const read of entryReads(fn)) {
      if (!read.startsWith('@') || called.has(read.slice(1))) continue;
      const helper = byName.get(read.slice(1));
      if (!helper) throw new Error(`IR: ${fn.name} calls "${read.slice(1)}", which is not among the helpers`);
      called.add(helper.name);
      visit(helper);
    }
  };
  fns.forEach(visit);
  return helpers.filter((h) => called.has(h.name));
}
