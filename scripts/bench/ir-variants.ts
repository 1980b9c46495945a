import type { Fit, Segment } from '../../src/fit/fit-file.js';
import { letStmt, ret, select, type Cond, type Expr, type IrFunction, type Stmt } from '../../src/ir/ir.js';
import { lowerFit } from '../../src/ir/lower.js';

/**
 * Variants of a fit's evaluation with one part replaced by something nearly free, built from the
 * same IR as the shipped code: the time a variant saves is what that part costs. They compute
 * wrong values on purpose; only their timing means anything. Segment selection (the tree of
 * comparisons on y) is kept in every variant, so branch behaviour stays that of the real data.
 */
export interface Variant {
  readonly label: string;
  /** What the time it saves is the cost of. */
  readonly part: string;
  readonly build: (fit: Fit, name: string) => IrFunction;
}

/** `e` with every node rewritten by `f`, children first (conditions and indices included). */
function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  const m = (x: Expr) => mapExpr(x, f);
  switch (e.op) {
    case 'select':
      return f({ ...e, cond: mapCond(e.cond, f), a: m(e.a), b: m(e.b) });
    case 'load':
      return f({ ...e, index: m(e.index) });
    case 'ldexpv':
      return f({ ...e, a: m(e.a), e: m(e.e) });
    default:
      if (!('a' in e)) return f(e);
      return f('b' in e ? ({ ...e, a: m(e.a), b: m(e.b) } as Expr) : ({ ...e, a: m(e.a) } as Expr));
  }
}

function mapCond(c: Cond, f: (e: Expr) => Expr): Cond {
  return c.op === 'isNaN' ? { ...c, a: mapExpr(c.a, f) } : { ...c, a: mapExpr(c.a, f), b: mapExpr(c.b, f) };
}

function mapStmts(stmts: readonly Stmt[], f: (e: Expr) => Expr): Stmt[] {
  return stmts.map((s): Stmt => (s.kind === 'if' ? { ...s, cond: mapCond(s.cond, f), then: mapStmts(s.then, f), else: mapStmts(s.else, f) } : { ...s, value: mapExpr(s.value, f) }));
}

/** The lowered fit with every node rewritten by `f`. */
function rewritten(f: (e: Expr) => Expr): Variant['build'] {
  return (fit, name) => {
    const fn = lowerFit(fit, name);
    return { ...fn, body: mapStmts(fn.body, f) };
  };
}

/** The fit with every segment replaced, lowered as usual. */
function withSegments(replace: (s: Segment) => Segment): Variant['build'] {
  return (fit, name) => lowerFit({ ...fit, segments: fit.segments.map(replace) }, name);
}

function constantTerm(s: Segment): number {
  return s.form.kind === 'polynomial' ? s.form.coefficients[0]! : s.form.p[0]!;
}

export const FULL: Variant = { label: 'the fit, compiled from the IR', part: 'everything', build: lowerFit };

/**
 * The same values, bit for bit, with segments of one shape sharing one path (constants chosen by
 * selects on y, the group by a tree on its index): not a part removed, an alternative lowering.
 */
export const BY_SHAPE: Variant = {
  label: 'same values, one path per shape (segments share code, constants by select)',
  part: 'none: an alternative lowering',
  build: (fit, name) => lowerFit(fit, name, 'by-shape'),
};

/**
 * The statements as one expression: every segment's lets at the top level (renamed by their path,
 * so segments do not clash), the result chosen by selects on the tree's conditions. Every segment
 * is evaluated for every y; the values are those of the tree (a select returns the value the
 * branch would have returned, and WGSL arithmetic does not trap on the discarded ones).
 */
function branchFree(stmts: readonly Stmt[], path: string, names: ReadonlyMap<string, string>): { lets: Stmt[]; value: Expr } {
  const renamed = (x: Expr): Expr => (x.op === 'ref' ? { op: 'ref', name: names.get(x.name) ?? x.name } : x);
  const [s, ...rest] = stmts;
  if (s === undefined) throw new Error('IR: a path of statements without a return');
  if (s.kind === 'return') return { lets: [], value: mapExpr(s.value, renamed) };
  if (s.kind === 'let') {
    const name = `${s.name}${path}`;
    const tail = branchFree(rest, path, new Map([...names, [s.name, name]]));
    return { lets: [letStmt(name, mapExpr(s.value, renamed)), ...tail.lets], value: tail.value };
  }
  const then = branchFree([...s.then, ...rest], `${path}_a`, names);
  const otherwise = branchFree([...s.else, ...rest], `${path}_b`, names);
  return { lets: [...then.lets, ...otherwise.lets], value: select(mapCond(s.cond, renamed), then.value, otherwise.value) };
}

/** The same values, bit for bit, with no branches: every segment evaluated, the result chosen by selects. */
export const BRANCH_FREE: Variant & { readonly short: string } = {
  label: 'same values, no branches (every segment evaluated, result chosen by selects)',
  short: 'no branches',
  part: 'none: an alternative lowering',
  build: (fit, name) => {
    const fn = lowerFit(fit, name);
    const { lets, value } = branchFree(fn.body, '', new Map());
    return { ...fn, body: [...lets, ret(value)] };
  },
};

export const VARIANTS: readonly Variant[] = [
  {
    label: 'segment selection only (each segment returns a constant)',
    part: 'all but segment selection (transforms, polynomials, leads)',
    build: withSegments((s) => ({
      ...s,
      transform: 'identity',
      map: null,
      lead: { kind: 'none' },
      factor: 'one',
      form: { kind: 'polynomial', scheme: 'horner', coefficients: [constantTerm(s)] },
    })),
  },
  {
    label: 'polynomials cut to their constant term',
    part: 'polynomial evaluation',
    build: withSegments((s) => ({
      ...s,
      form: s.form.kind === 'polynomial' ? { ...s.form, coefficients: [s.form.coefficients[0]!] } : { kind: 'rational', p: [s.form.p[0]!], q: [s.form.q[0]!] },
    })),
  },
  { label: 'sqrt(a) replaced by a', part: 'sqrt', build: rewritten((e) => (e.op === 'sqrt' ? e.a : e)) },
  { label: 'log(a) replaced by a', part: 'log', build: rewritten((e) => (e.op === 'log' ? e.a : e)) },
  { label: 'a / b replaced by a · b', part: 'division', build: rewritten((e) => (e.op === 'div' ? { ...e, op: 'mul' } : e)) },
];

/** Whether a variant changed nothing (the fits have no sqrt, say): then there is nothing to time. */
export function sameFunctions(a: { left: IrFunction; right: IrFunction }, b: { left: IrFunction; right: IrFunction }): boolean {
  return JSON.stringify([a.left.body, a.right.body]) === JSON.stringify([b.left.body, b.right.body]);
}
