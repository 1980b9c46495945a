import type { Fit, Segment } from '../../src/fit/fit-file.js';
import type { Cond, Expr, IrFunction, Stmt } from '../../src/ir/ir.js';
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

function mapExpr(e: Expr, f: (e: Expr) => Expr): Expr {
  if (!('a' in e)) return f(e);
  const a = mapExpr(e.a, f);
  return f('b' in e ? ({ ...e, a, b: mapExpr(e.b, f) } as Expr) : ({ ...e, a } as Expr));
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
