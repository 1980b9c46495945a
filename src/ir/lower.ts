import type { Anchors, Fit, Form, LowTailRegion, Segment, TransformKind, VariableMap } from '../fit/fit-file.js';
import { formatFloat32 } from '../numerics/float32.js';
import {
  add,
  c,
  div,
  ge,
  ifStmt,
  letStmt,
  lt,
  ldexp,
  log,
  max,
  mul,
  neg,
  pinned,
  ref,
  ret,
  select,
  sqrt,
  sub,
  y,
  type Expr,
  type IrDispatch,
  type IrFunction,
  type Stmt,
} from './ir.js';
import { groupSegments } from './segment-groups.js';

/**
 * Fit → IR: the only place that decides how a fit is evaluated. Each segment computes
 *   u = transform(y), t = (u − center)·scale, value = lead + factor·P(t) (or ±√ of that)
 * and the function selects a segment by a balanced tree of comparisons on y. `selection:
 * 'by-shape'` gives the same values with one path per group of segments sharing a shape
 * (segment-groups.ts); it is not what ships: measured, it was slower in V8 and no faster on
 * SwiftShader (see README, Performance), and the bench keeps timing it against the tree.
 */

/**
 * Where a segment's constants come from: literals for one segment, or a table's columns for
 * segments of one shape that share their code (see segment-groups.ts). `isPinned` as in `pinned`.
 */
export type Constants = (value: number, isPinned: boolean) => Expr;
export const literals: Constants = (value, isPinned) => (isPinned ? pinned(value) : c(value));

/** Statements binding `u` (the base variable) for a transform. */
export function baseStatements(transform: TransformKind, { yMin, yZero }: Anchors, k: Constants = literals): Stmt[] {
  switch (transform) {
    case 'identity':
      return [letStmt('u', y)];
    case 'sqrt-min': {
      // y − hi is exact near the minimum (Sterbenz); lo then adds the rest of y_min.
      const d = sub(sub(y, k(yMin.hi, false)), k(yMin.lo, true));
      return [letStmt('d', max(d, c(0))), letStmt('u', sqrt(ref('d')))];
    }
    case 'sqrt-hi':
      // Segments above the minimum only: y > y_min ≥ y_min.hi, so the difference is positive and exact.
      return [letStmt('d', sub(y, k(yMin.hi, false))), letStmt('u', sqrt(ref('d')))];
    case 'log-neg':
      return [letStmt('u', log(neg(y)))];
    case 'sqrt-log-neg':
      return [letStmt('u', sqrt(neg(log(neg(y)))))];
    case 'log':
      return [letStmt('u', log(y))];
    case 'zero':
      // y − hi is exact near y_zero (Sterbenz), where x crosses 0; lo then adds the rest of f(0).
      if (!yZero) throw new RangeError("IR: the 'zero' transform needs the fit's yZero");
      return [letStmt('u', sub(sub(y, k(yZero.hi, false)), k(yZero.lo, true)))];
  }
}

/** Statements binding `u` and `t`. */
export function variableStatements(transform: TransformKind, map: VariableMap | null, anchors: Anchors, k: Constants = literals): Stmt[] {
  // A map over a range reaching 3e38 has a subnormal scale, which WGSL may flush to zero: there
  // t = (u·2^−64 − center·2^−64)·(scale·2^64), the same float32 result (every factor of 2^±64 is
  // exact), with normal constants. The scale is pinned: a shader compiler that reassociates would
  // fold (z·scale)·c_k into z·(scale·c_k), which rounds differently (measured on SwiftShader in
  // Estrin's pairs c_k + t·c_{k+1}).
  const huge = map !== null && map.scale !== 0 && Math.abs(map.scale) < 2 ** -126;
  const t = !map
    ? ref('u')
    : huge
      ? mul(sub(ldexp(ref('u'), -64), k(map.center * 2 ** -64, false)), k(map.scale * 2 ** 64, true))
      : mul(sub(ref('u'), k(map.center, false)), k(map.scale, true));
  return [...baseStatements(transform, anchors, k), letStmt('t', t)];
}

function horner(coefficients: readonly number[], t: Expr, k: Constants): Expr {
  let acc = k(coefficients[coefficients.length - 1]!, false);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = add(k(coefficients[i]!, false), mul(t, acc));
  return acc;
}

/**
 * Estrin's scheme: pairs c_k + c_{k+1}·t, then pairs of pairs with t², t⁴, …; shorter dependency
 * chains than Horner at the same operation count. Powers are bound as t2, t4, ….
 */
function estrin(coefficients: readonly number[], k: Constants): { lets: Stmt[]; value: Expr } {
  let terms: Expr[] = coefficients.map((v) => k(v, false));
  const lets: Stmt[] = [];
  let power: Expr = ref('t');
  let level = 1;
  while (terms.length > 1) {
    const next: Expr[] = [];
    for (let i = 0; i < terms.length; i += 2) {
      const hi = terms[i + 1];
      next.push(hi ? add(terms[i]!, mul(power, hi)) : terms[i]!);
    }
    terms = next;
    if (terms.length > 1) {
      const name = `t${2 ** level}`;
      lets.push(letStmt(name, mul(power, power)));
      power = ref(name);
      level++;
    }
  }
  return { lets, value: terms[0]! };
}

export function formStatements(form: Form, k: Constants = literals): { lets: Stmt[]; value: Expr } {
  const t = ref('t');
  if (form.kind === 'rational') {
    const p = horner(form.p, t, k);
    return { lets: [], value: div(p, horner(form.q, t, k)) };
  }
  return form.scheme === 'estrin' ? estrin(form.coefficients, k) : { lets: [], value: horner(form.coefficients, t, k) };
}

function references(e: Expr, into: Set<string>): void {
  if (e.op === 'ref') into.add(e.name);
  else if ('a' in e) {
    references(e.a, into);
    if ('b' in e) references(e.b, into);
  }
}

/** Drop bindings nothing reads (a degree-0 segment never reads t): straight-line statements only. */
function withoutDeadBindings(stmts: Stmt[]): Stmt[] {
  const used = new Set<string>();
  const kept: Stmt[] = [];
  for (let i = stmts.length - 1; i >= 0; i--) {
    const s = stmts[i]!;
    if (s.kind === 'let' && !used.has(s.name)) continue;
    if (s.kind !== 'if') references(s.value, used);
    kept.push(s);
  }
  return kept.reverse();
}

/** The statements of one segment, ending in its return. */
export function segmentStatements(segment: Segment, anchors: Anchors, k: Constants = literals): Stmt[] {
  const variable = variableStatements(segment.transform, segment.map, anchors, k);
  const { lets, value: p } = formStatements(segment.form, k);
  const factor = { one: undefined, y, u: ref('u'), d: ref('d') }[segment.factor];
  const correction = factor ? mul(factor, p) : p;
  const lead = segment.lead;
  let value: Expr;
  switch (lead.kind) {
    case 'none':
      value = correction;
      break;
    case 'y':
    case 'u': {
      // K = ±2^k: the lead is exact. Written with ldexp, not a product, so a compiler cannot
      // factor K·u + u·P into u·(K + P) (measured: SwiftShader does).
      const base = lead.kind === 'y' ? y : ref('u');
      const k = Math.log2(Math.abs(lead.scale));
      const scaled = k === 0 ? base : ldexp(base, k);
      value = add(lead.scale < 0 ? neg(scaled) : scaled, correction);
      break;
    }
    case 'constant':
      // Pinned for the same reason: hi + (c0 + t·Q) must not become (hi + c0) + t·Q.
      value = add(k(lead.hi, true), lead.lo === 0 ? correction : add(k(lead.lo, true), correction));
  }
  if (segment.outer !== 'none') value = segment.outer === 'sqrt' ? sqrt(value) : neg(sqrt(value));
  return withoutDeadBindings([...variable, ...lets, ret(value)]);
}

/** One segment on its own, as a function: what the fitter measures and costs. */
export function segmentFunction(segment: Segment, anchors: Anchors): IrFunction {
  return { name: 'segment', doc: [], body: segmentStatements(segment, anchors) };
}

function selectSegment(segments: readonly Segment[], anchors: Anchors): Stmt[] {
  if (segments.length === 1) return segmentStatements(segments[0]!, anchors);
  const mid = Math.ceil(segments.length / 2);
  return [
    ifStmt(
      { op: 'lt', a: y, b: c(segments[mid]!.lo) },
      selectSegment(segments.slice(0, mid), anchors),
      selectSegment(segments.slice(mid), anchors),
    ),
  ];
}

const TRANSFORM_TEXT: Record<TransformKind, string> = {
  identity: 'u = y',
  'sqrt-min': 'u = √d, d = y − y_min',
  'sqrt-hi': 'u = √d, d = y − y_min.hi',
  'log-neg': 'u = ln(−y)',
  'sqrt-log-neg': 'u = √(−ln(−y))',
  log: 'u = ln(y)',
  zero: 'u = y − y_zero (f(0), a float32 pair)',
};

/** How a segment forms its value from P(t), e.g. "K·u + u·P(t)" or "√(d·P(t))". */
export function segmentValueText(s: Segment): string {
  const lead = { none: '', y: 'K·y + ', u: 'K·u + ', constant: `${s.lead.kind === 'constant' ? formatFloat32(s.lead.hi) : ''} + ` }[s.lead.kind];
  const factor = s.factor === 'one' ? '' : `${s.factor}·`;
  const sum = `${lead}${factor}P(t)`;
  return { none: sum, sqrt: `√(${sum})`, 'neg-sqrt': `−√(${sum})` }[s.outer];
}

/** The regions under the first segment, lowest first: the order they are checked in. */
export function lowTails(fit: Pick<Fit, 'lowTails'>): LowTailRegion[] {
  return [...(fit.lowTails ?? [])].sort((a, b) => a.below - b.below);
}

/** One doc line per segment and tail: interval, form, measured error. */
export function fitDoc(fit: Fit): string[] {
  const f = formatFloat32;
  const lines = fit.segments.map((s) => {
    const form =
      s.form.kind === 'polynomial'
        ? `degree-${s.form.coefficients.length - 1} polynomial (${s.form.scheme})`
        : `rational (${s.form.p.length - 1}, ${s.form.q.length - 1})`;
    return `[${f(s.lo)}, ${f(s.hi)}): ${TRANSFORM_TEXT[s.transform]}, ${segmentValueText(s)}, ${form}; max error ${s.error.ulps.toFixed(3)} ulp`;
  });
  for (const t of fit.tails) {
    lines.push(`y ≥ ${Number.isFinite(t.from) ? f(t.from) : t.from}: ${t.value === 'y' ? 'y' : t.value} (${t.reason})`);
  }
  for (const t of lowTails(fit)) lines.push(`y < ${f(t.below)}: ${t.value === 'y' ? 'y' : t.value} (${t.reason})`);
  lines.push(`Bound: ${fit.bound.ulps} ulp, or ${fit.bound.abs.toExponential(2)} absolute where the value is within that of 0.`);
  return lines;
}

/** A balanced tree of comparisons on the group index over groups [lo, hi). */
function selectGroup(bodies: readonly (readonly Stmt[])[], lo: number, hi: number): Stmt[] {
  if (hi - lo === 1) return [...bodies[lo]!];
  const mid = Math.ceil((lo + hi) / 2);
  return [ifStmt(lt(ref('group'), c(mid)), selectGroup(bodies, lo, mid), selectGroup(bodies, mid, hi))];
}

/** Segment selection and evaluation, one path per group of segments sharing a shape. */
function segmentsByShape(fit: Fit): { body: Stmt[]; doc: string[] } {
  const groups = groupSegments(fit.segments, fit);
  if (groups.length === fit.segments.length) return { body: selectSegment(fit.segments, fit), doc: [] };
  const doc = [`Segments of one shape share code (constants chosen by y): ${groups.map((g) => `{${g.members.join(', ')}}`).join(' ')}.`];
  if (groups.length === 1) return { body: [...groups[0]!.body], doc };
  // The group index, by comparisons of y with the starts where the group changes: no branches.
  const groupOf = fit.segments.map((_, i) => groups.findIndex((g) => g.members.includes(i)));
  let index = c(groupOf[0]!);
  for (let i = 1; i < groupOf.length; i++) if (groupOf[i] !== groupOf[i - 1]) index = select(ge(y, c(fit.segments[i]!.lo)), c(groupOf[i]!), index);
  return { body: [letStmt('group', index), ...selectGroup(groups.map((g) => g.body), 0, groups.length)], doc };
}

export function lowerFit(fit: Fit, name: string, selection: 'tree' | 'by-shape' = 'tree'): IrFunction {
  const head = `${fit.activation.name}, ${fit.branch.id} branch (code ${fit.branch.code}): ${fit.target === 'inverse' ? 'x = f⁻¹(y)' : "g = f'(f⁻¹(y))"}, float32.`;
  const tails = [...fit.tails].sort((a, b) => b.from - a.from);
  const segments = selection === 'tree' ? { body: selectSegment(fit.segments, fit), doc: [] } : segmentsByShape(fit);
  const value = (v: 'y' | number) => (v === 'y' ? y : c(v));
  const body: Stmt[] = [
    ifStmt({ op: 'isNaN', a: y }, [ret(y)], []),
    ...tails.map((t) => ifStmt({ op: 'ge', a: y, b: c(t.from) }, [ret(value(t.value))], [])),
    ...lowTails(fit).map((t) => ifStmt({ op: 'lt', a: y, b: c(t.below) }, [ret(value(t.value))], [])),
    ...segments.body,
  ];
  return { name, doc: [head, ...fitDoc(fit), ...segments.doc], body };
}

/**
 * The dispatcher of one target: the branch code picks the branch's function; any code other
 * than the left branch's (1) takes the right branch, which is last. A one-branch fit (no `left`)
 * has no code to pick by: its one function is the dispatcher, named `name`, and takes y alone.
 */
export function lowerDispatch(name: string, left: Fit | undefined, right: Fit, branchName: (b: 'left' | 'right') => string): IrDispatch {
  const what = right.target === 'inverse' ? 'x = f⁻¹(y)' : "g(y) = f'(f⁻¹(y)), what backward multiplies dy by,";
  if (!left) {
    const fn = lowerFit(right, name);
    const doc = [
      `${right.activation.name} is monotone: one branch, no branch bit, so this takes y only (in TypeScript it still fits where a (y, branch) function is expected, and ignores the code).`,
      ...fn.doc,
    ];
    return { name, doc: [], branches: [{ code: 0, fn: { ...fn, doc } }] };
  }
  return {
    name,
    doc: [
      `${left.activation.name}: ${what} on the branch given by its code: 1 = left (x < x_min), 0 = right.`,
      `float32 in and out. Bound: ${Math.max(left.bound.ulps, right.bound.ulps)} ulp, or ${left.bound.abs.toExponential(2)} absolute near 0.`,
    ],
    branches: [
      { code: left.branch.code, fn: lowerFit(left, branchName('left')) },
      { code: right.branch.code, fn: lowerFit(right, branchName('right')) },
    ],
  };
}

/** Whether a dispatcher is a one-branch function's: its one function is the dispatcher itself. */
export function isOneBranchDispatch(d: IrDispatch): boolean {
  return d.branches.length === 1 && d.branches[0]!.fn.name === d.name;
}
