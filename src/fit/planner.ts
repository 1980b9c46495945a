import { isOneBranch, type Activation, type BranchId } from '../functions/activation.js';
import { functionCost, functionLatency } from '../ir/cost.js';
import { segmentFunction } from '../ir/lower.js';
import { float32FromOrdinal, float32Ordinal, fround, nextDown32, nextUp32 } from '../numerics/float32.js';
import { chebyshevCoefficients, minimaxErrorBounds } from './chebyshev.js';
import { baseOf, correctionAt, familiesFor, leadOf, leadValues, yOfBase, type Family } from './families.js';
import { FIT_SCHEMA, isLevelCost, LEVEL_COST, LEVEL_COST_RANGE, type Anchors, type Fit, type Segment, type StorageDtype, type Target } from './fit-file.js';
import { fitSegment, measureSegment, type FitContext, type FittedSegment, type Shape } from './fit-segment.js';
import { MeasurementCache } from './measure.js';
import { halfFloor } from '../numerics/half.js';
import { BranchReference } from './reference.js';
import { branchPlan, type BranchPlan } from './tails.js';
import { oneBranchFamilies, oneBranchPlan } from './one-branch.js';

export const GENERATOR = 'fit-inverse 0.1.0';

export interface FitOptions {
  /** The approximation-error target in float32 ulps (after float32 rounding). */
  readonly tol?: number;
  readonly maxDegree?: number;
  readonly kind?: 'poly' | 'rational' | 'auto';
  /**
   * What one level of the segment-selection tree counts for in the plan's cost, in operations
   * (default LEVEL_COST: a compare and a branch). Where the data make the branches on y
   * unpredictable a level costs more (V8: about half a misprediction), and a higher figure buys
   * fewer, higher-degree segments.
   */
  readonly levelCost?: number;
  /** float32 samples measured per segment (at least 2^16 for a claimed bound). */
  readonly measureCount?: number;
  /** The storage dtype of y: a 16-bit one measures every value it holds instead of float32 samples. */
  readonly dtype?: StorageDtype;
  readonly onProgress?: (event: ProgressEvent) => void;
  /**
   * For functions whose branches are not shaped like GELU's and SiLU's (xIELU's φ): the segment
   * families and the branch plan (where to fit, which tails are exact) to use instead of the
   * catalogue's.
   */
  readonly families?: readonly Family[];
  readonly plan?: BranchPlan;
}

export interface ProgressEvent {
  readonly stage: 'plan' | 'fit';
  readonly done: number;
  readonly total: number;
}

/** Where |value| ≤ 2^-40 the bound is absolute (DESIGN §5; the solvers issue). */
export const ABS_BOUND = 2 ** -40;
const CHEBYSHEV_NODES = 48;
/** float32 samples per trial fit while choosing families; the kept fits are measured on measureCount. */
const QUICK_SAMPLES = 4096;
const MIN_DEGREE = 2;

interface Planned {
  readonly lo: number;
  readonly hi: number;
  readonly family: Family;
}

/**
 * The error a degree-D polynomial in u would have on [lo, hi), estimated from the Chebyshev
 * coefficients of the correction G = (value − lead)/factor: the tail sum bounds the truncation,
 * scaled by the largest weight |factor|/|value| (relative error of the result).
 */
export function estimate(ctx: FitContext, family: Family, lo: number, hi: number, degree: number): number {
  const { reference, target, bound } = ctx;
  // The float64 minimum, not the float32 pair: the pair is off by ~1e-16, which near the
  // minimum would read as noise in the correction.
  const a = reference.activation;
  const anchors = { yMin: { hi: a.yMin, lo: 0 }, ...(ctx.yZero ? { yZero: { hi: a.f(0), lo: 0 } } : {}) };
  // No float32 y lies between y_min and the first one above it; nodes there would only sample
  // the float64 reference where it is least accurate (its error grows like 1e-17/(y − y_min)).
  const uLo = baseOf(family.transform, lo, anchors);
  const uA = uLo === 0 ? baseOf(family.transform, nextUp32(lo), anchors) : uLo;
  const uB = baseOf(family.transform, nextDown32(hi), anchors);
  if (uA === uB) return 0;
  const value = (u: number) => reference.value(target, yOfBase(family.transform, u, anchors));
  const uMid = 0.5 * (uA + uB);
  const lead = leadOf(family, ctx.leads, { value: () => value(uMid), ratio: () => value(uMid) / yOfBase(family.transform, uMid, anchors) });
  let weight = 0;
  const g = (node: number) => {
    // Rounding y to float64 moves it off the node; take u back from that y (exactly, as
    // y − y_min is exact in float64) so the factor matches the value. Near the minimum the
    // node's own u would be off by up to 1e-4 relative.
    const yv = yOfBase(family.transform, node, anchors);
    const u = baseOf(family.transform, yv, anchors);
    const row = correctionAt(family, lead, yv, u, reference.value(target, yv), bound.abs)!;
    weight = Math.max(weight, row.w);
    return row.g;
  };
  const coefficients = chebyshevCoefficients(g, Math.min(uA, uB), Math.max(uA, uB), CHEBYSHEV_NODES);
  const e = weight * minimaxErrorBounds(coefficients, degree).upper;
  return Number.isFinite(e) ? e : Infinity;
}

/** The furthest float32 end (exclusive) such that [start, end) passes `feasible`; at least `minSpan` ordinals. */
function furthest(start: number, end: number, feasible: (hi: number) => boolean, minSpan = 64): number {
  if (feasible(end)) return end;
  let lo = float32Ordinal(start) + minSpan;
  let hi = float32Ordinal(end) - 1;
  if (lo > hi || !feasible(float32FromOrdinal(lo))) return float32FromOrdinal(Math.min(lo, float32Ordinal(end)));
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (feasible(float32FromOrdinal(mid))) lo = mid;
    else hi = mid - 1;
  }
  return float32FromOrdinal(lo);
}

/** The furthest end the estimate allows for `family` from `start`, at `degree`. */
function reach(ctx: FitContext, family: Family, start: number, end: number, degree: number, eps: number): number {
  return furthest(start, end, (h) => estimate(ctx, family, start, h, degree) <= eps);
}

function applicable(families: readonly Family[], start: number, first: number): Family[] {
  return families.filter((f) => !f.firstOnly || start === first);
}

/**
 * Estimated covering of [lo, end) at one degree, for choosing the degree: each segment takes
 * the family that reaches furthest. Undefined when it needs more than `maxSegments`.
 */
function estimatedCover(ctx: FitContext, families: readonly Family[], lo: number, end: number, degree: number, eps: number, maxSegments: number): Planned[] | undefined {
  const out: Planned[] = [];
  let start = lo;
  while (start < end) {
    if (out.length >= maxSegments) return undefined;
    let best: Planned | undefined;
    for (const family of applicable(families, start, lo)) {
      const hi = reach(ctx, family, start, end, degree, eps);
      if (!best || hi > best.hi) best = { lo: start, hi, family };
    }
    out.push(best!);
    start = best!.hi;
  }
  return out;
}

/**
 * The covering that is kept: from each start, every family is fitted over the range its
 * estimate allows and measured in float32 (a quick sample); the furthest one that meets the
 * bound wins, cheaper forms on ties. Where none meets it, the most accurate family's range is
 * shrunk until it does. The estimate cannot see float32 effects (a √ whose rounding passes
 * straight into g, cancellation as x crosses 0), the measurement can.
 */
function measuredCover(quick: FitContext, families: readonly Family[], lo: number, end: number, degree: number, eps: number, first: number): Planned[] {
  const shape: Shape = { kind: 'polynomial', degree };
  const out: Planned[] = [];
  let start = lo;
  while (start < end) {
    // Furthest-reaching first; the first that meets the bound wins (cheaper forms on ties).
    const cost = (f: Family) => segmentCost(f, shape, quick);
    const candidates = applicable(families, start, first)
      .map((family) => ({ family, hi: reach(quick, family, start, end, degree, eps) }))
      .sort((a, b) => b.hi - a.hi || cost(a.family) - cost(b.family));
    let chosen: Planned | undefined;
    let closest = undefined as { family: Family; hi: number; ulps: number } | undefined;
    for (const { family, hi } of candidates) {
      const fitted = fitSegment(quick, family, start, hi, shape);
      if (!fitted) continue;
      if (passesQuick(fitted, quick)) {
        chosen = { lo: start, hi, family };
        break;
      }
      if (!closest || fitted.scan.ulps < closest.ulps) closest = { family, hi, ulps: fitted.scan.ulps };
    }
    if (!chosen) {
      // None meets the bound over its estimated range: shrink the most accurate one until it does.
      const { family, hi } = closest!;
      chosen = { lo: start, hi: furthest(start, hi, (h) => passesQuick(fitSegment(quick, family, start, h, shape), quick)), family };
    }
    out.push(chosen);
    start = chosen.hi;
  }
  return out;
}

const ONES = (n: number) => new Array<number>(n).fill(1);

/** Weighted operation cost of evaluating one segment of this family and shape. */
function segmentCost(family: Family, shape: Shape, anchors: Anchors): number {
  const form: Segment['form'] =
    shape.kind === 'polynomial'
      ? { kind: 'polynomial', scheme: 'horner', coefficients: ONES(shape.degree + 1) }
      : { kind: 'rational', p: ONES(shape.m + 1), q: ONES(shape.n + 1) };
  const segment: Segment = {
    lo: 0,
    hi: 1,
    transform: family.transform,
    map: family.mapped ? { center: 1, scale: 1 } : null,
    lead: leadOf(family, { xMin: { hi: 1, lo: 1 }, sqrtLaw: 2 }, { value: () => 1, ratio: () => 2 }),
    factor: family.factor,
    outer: family.outer,
    form,
    error: { ulps: 0, abs: 0, atY: 0, samples: 0 },
  };
  return functionCost(segmentFunction(segment, anchors)).weighted;
}

/**
 * Selection (a balanced tree of comparisons, `levelCost` per level) plus the dearest segment: the
 * cost of one evaluation.
 */
function planCost(plan: readonly { family: Family; shape: Shape }[], anchors: Anchors, levelCost: number): number {
  return levelCost * Math.ceil(Math.log2(plan.length)) + Math.max(...plan.map((p) => segmentCost(p.family, p.shape, anchors)));
}

/** Past this many segments per branch the coefficient tables outgrow what a kernel should carry. */
export const MAX_SEGMENTS = 16;

function passes(f: FittedSegment | undefined): boolean {
  return f !== undefined && f.scan.over === 0;
}

/** Whether a fitted segment may be kept: it meets the bound with the final margin. */
function keepable(ctx: FitContext, f: FittedSegment | undefined, margin = FINAL_MARGIN): f is FittedSegment {
  return passes(f) && f!.scan.ulps <= (ctx.exhaustive ? 1 : margin) * ctx.bound.ulps;
}

/**
 * A segment close to the bound on 2^16 y is measured again on 2^18: the exhaustive verify found
 * maxima 15-20% above the 2^16-y figure in such segments (log tails, the zero crossing).
 */
function denseIfClose(ctx: FitContext, f: FittedSegment | undefined): FittedSegment | undefined {
  if (!f || !passes(f) || f.scan.ulps <= DENSE_FROM * ctx.bound.ulps) return f;
  return { ...f, ...measureSegment({ ...ctx, measureCount: DENSE_SAMPLES }, f.segment) };
}

/** Trial fits are measured on a sample; they must beat the bound by this margin to count. */
const QUICK_MARGIN = 0.9;
/**
 * Kept fits are measured on 2^16 y per segment, not all of them; the exhaustive verify found
 * maxima up to 5% above such samples, so a kept segment must beat the bound by this margin.
 */
const FINAL_MARGIN = 0.9;
/**
 * Estrin's errors run further above the sample: on the exhaustive verify, the max over every y of
 * a segment was up to 1.15× its 2^18-y figure with Estrin (two segments at 1.77 reached 2.00 and
 * 2.03 ulp), against 1.12× with Horner. So Estrin must beat the bound by more.
 */
const ESTRIN_MARGIN = 0.85;
const DENSE_FROM = 0.75;
const DENSE_SAMPLES = 2 ** 18;

function passesQuick(f: FittedSegment | undefined, ctx: FitContext): boolean {
  return passes(f) && f!.scan.ulps <= (ctx.exhaustive ? 1 : QUICK_MARGIN) * ctx.bound.ulps;
}

/**
 * Fit a planned segment with the full sample. Where it misses the bound (with the margin), try
 * the other families over the same range (cancellation can defeat one form where another has
 * none), and only then halve it, up to three times.
 */
function fitPlanned(ctx: FitContext, families: readonly Family[], planned: Planned, degree: number, first: number, depth = 0): FittedSegment[] {
  const fit = (family: Family) => denseIfClose(ctx, fitSegment(ctx, family, planned.lo, planned.hi, { kind: 'polynomial', degree }));
  const fitted = fit(planned.family)!;
  if (keepable(ctx, fitted)) return [fitted];
  for (const family of applicable(families, planned.lo, first)) {
    if (family === planned.family) continue;
    const other = fit(family);
    if (keepable(ctx, other)) return [other];
  }
  const span = float32Ordinal(planned.hi) - float32Ordinal(planned.lo);
  if (depth >= 3 || span < 256) return [fitted];
  const mid = float32FromOrdinal(float32Ordinal(planned.lo) + Math.floor(span / 2));
  // A first-only family is followed in the list by the family that continues it away from the minimum.
  const upper = planned.family.firstOnly ? families[families.indexOf(planned.family) + 1]! : planned.family;
  return [
    ...fitPlanned(ctx, families, { ...planned, hi: mid }, degree, first, depth + 1),
    ...fitPlanned(ctx, families, { lo: mid, hi: planned.hi, family: upper }, degree, first, depth + 1),
  ];
}

/** Replace a polynomial segment by a cheaper rational one where that still meets the bound. */
function tryRational(ctx: FitContext, fitted: FittedSegment, family: Family, degree: number, force: boolean): FittedSegment {
  const polyCost = segmentCost(family, { kind: 'polynomial', degree }, ctx);
  let best = fitted;
  for (let total = 2; total <= degree + 1; total++) {
    for (let n = 1; n < total; n++) {
      const shape: Shape = { kind: 'rational', m: total - n, n };
      if (!force && segmentCost(family, shape, ctx) >= polyCost) continue;
      const r = denseIfClose(ctx, fitSegment(ctx, family, fitted.segment.lo, fitted.segment.hi, shape));
      if (keepable(ctx, r) && (best === fitted || r.scan.ulps < best.scan.ulps)) best = r;
    }
    if (best !== fitted) return best;
  }
  return best;
}

/**
 * Estrin's scheme instead of Horner's where it shortens the segment's critical path and the
 * float32 error, measured again (it rounds differently), still meets the bound with its margin.
 */
function tryEstrin(ctx: FitContext, fitted: FittedSegment): FittedSegment {
  const form = fitted.segment.form;
  if (form.kind !== 'polynomial' || form.scheme === 'estrin') return fitted;
  const estrin: Segment = { ...fitted.segment, form: { ...form, scheme: 'estrin' } };
  if (functionLatency(segmentFunction(estrin, ctx)) >= functionLatency(segmentFunction(fitted.segment, ctx))) return fitted;
  const measured = denseIfClose(ctx, { ...fitted, ...measureSegment(ctx, estrin) });
  return keepable(ctx, measured, ESTRIN_MARGIN) ? measured : fitted;
}

/** v as hi + lo, both float32: hi = fl32(v), lo = fl32(v − hi). */
function float32Pair(v: number): { hi: number; lo: number } {
  const hi = fround(v);
  return { hi, lo: fround(v - hi) };
}

/** What every segment fit of one (activation, branch, target) shares. */
export function fitContext(activation: Activation, branch: BranchId, target: Target, tol = 2, measureCount = 2 ** 16, dtype: StorageDtype = 'float32'): FitContext {
  const reference = new BranchReference(activation, branch);
  const one = isOneBranch(activation);
  return {
    reference,
    measurements: new MeasurementCache(reference, target, undefined, dtype),
    // y = 0 on the right branch is x = 0 (zero inputs are common), where g = f'(0) is a float32 (1/2);
    // a one-branch f has y = 0 at x = −∞, in its low tail.
    exact: branch === 'right' && !one ? [{ y: 0, value: fround(reference.value(target, 0)) }] : [],
    target,
    yMin: float32Pair(activation.yMin),
    ...(one ? { yZero: float32Pair(activation.f(0)) } : {}),
    leads: leadValues(activation.xMin, activation.d2fMin, branch),
    bound: { ulps: tol, abs: ABS_BOUND },
    measureCount,
    exhaustive: dtype !== 'float32',
  };
}

/** Fit one (activation, branch, target, storage dtype) in float32: plan segments and degrees, fit, round, measure. */
export function fitBranch(activation: Activation, branch: BranchId, target: Target, options: FitOptions = {}): Fit {
  const tol = options.tol ?? 2;
  const maxDegree = options.maxDegree ?? 10;
  const kind = options.kind ?? 'auto';
  const dtype = options.dtype ?? 'float32';
  const levelCost = options.levelCost ?? LEVEL_COST;
  if (!isLevelCost(levelCost)) throw new RangeError(`fitBranch: levelCost must be ${LEVEL_COST_RANGE}, got ${levelCost}`);
  const base = fitContext(activation, branch, target, tol, options.measureCount, dtype);
  const { bound } = base;
  const one = isOneBranch(activation);
  if (one && (branch !== 'right' || dtype !== 'float32')) {
    throw new RangeError(`${activation.name} is monotone: it has one branch ('right', code 0), fitted for y stored as float32; got branch ${branch}, dtype ${dtype}`);
  }
  const families = options.families ?? (one ? oneBranchFamilies(target) : familiesFor(branch, target));
  const plan = options.plan ?? (one ? oneBranchPlan(activation, target) : branchPlan(activation, branch, target, bound, dtype));
  const ctx: FitContext = dtype === 'float32' ? base : { ...base, firstSegment: { lo: plan.lo, measuredFrom: Math.min(plan.lo, halfFloor(dtype, activation.yMin)) } };
  // The float64 fit aims well inside the float32 bound: evaluation adds about an ulp.
  const eps = (tol / 4) * 2 ** -24;

  const costOf = (segments: readonly Planned[], degree: number) =>
    planCost(segments.map((s) => ({ family: s.family, shape: { kind: 'polynomial', degree } })), ctx, levelCost);
  const estimated: { degree: number; cost: number }[] = [];
  for (let degree = MIN_DEGREE; degree <= maxDegree; degree++) {
    // Past the best by a margin, higher degrees only cost more.
    const best = estimated.reduce<{ degree: number; cost: number } | undefined>((b, e) => (!b || e.cost < b.cost ? e : b), undefined);
    if (best && degree > best.degree + 2) break;
    const segments = estimatedCover(ctx, families, plan.lo, plan.end, degree, eps, MAX_SEGMENTS);
    options.onProgress?.({ stage: 'plan', done: degree - MIN_DEGREE + 1, total: maxDegree - MIN_DEGREE + 1 });
    if (segments) estimated.push({ degree, cost: costOf(segments, degree) });
  }
  if (estimated.length === 0) {
    throw new RangeError(`${activation.name} ${branch} ${target}: no degree up to ${maxDegree} covers the branch in ${MAX_SEGMENTS} segments; raise --max-degree`);
  }
  // The estimate cannot see float32 rounding, so the measured cover can need more segments than
  // estimated (a form whose float64 fit reaches far can fail in float32). Degrees are measured
  // cheapest estimate first, until no estimate reaches the cheapest measured plan; on equal cost
  // fewer segments (smaller tables) win.
  estimated.sort((a, b) => a.cost - b.cost || a.degree - b.degree);
  const measured: { degree: number; planned: Planned[]; cost: number }[] = [];
  for (const { degree, cost: estimate } of estimated) {
    if (measured.length > 0 && estimate > Math.min(...measured.map((m) => m.cost))) break;
    const planned = measuredCover({ ...ctx, measureCount: QUICK_SAMPLES }, families, plan.lo, plan.end, degree, eps, plan.lo);
    measured.push({ degree, planned, cost: costOf(planned, degree) });
  }
  measured.sort((a, b) => a.cost - b.cost || a.planned.length - b.planned.length || a.degree - b.degree);

  // The full measurement can still find a segment over the bound that the quick one passed, and
  // no family or split of it meets the bound at that degree: then the next plan is fitted.
  const worstOf = (fs: readonly FittedSegment[]) => Math.max(...fs.map((f) => f.scan.ulps));
  let best: { degree: number; fitted: FittedSegment[] } | undefined;
  for (const { degree, planned } of measured) {
    const fitted = planned.flatMap((p, i) => {
      const out = fitPlanned(ctx, families, p, degree, plan.lo);
      options.onProgress?.({ stage: 'fit', done: i + 1, total: planned.length });
      return out;
    });
    if (!best || worstOf(fitted) < worstOf(best.fitted)) best = { degree, fitted };
    if (fitted.every(passes)) break;
  }
  const fitted = best!.fitted.map((f) =>
    tryEstrin(ctx, kind === 'poly' || f.segment.form.kind === 'rational' ? f : tryRational(ctx, f, f.family, best!.degree, kind === 'rational')),
  );

  const segments = fitted.map((f) => f.segment);
  // The claim is what was measured: the target when every segment meets it, else the worst segment.
  const worst = Math.max(...segments.map((s) => s.error.ulps));
  return {
    schema: FIT_SCHEMA,
    generator: GENERATOR,
    activation: { name: activation.name, formula: activation.formula, parameters: {} },
    branch: { id: branch, code: branch === 'left' ? 1 : 0, ...(one ? { only: true as const } : {}) },
    target,
    dtype,
    yMin: ctx.yMin,
    ...(ctx.yZero ? { yZero: ctx.yZero } : {}),
    segments,
    tails: plan.tails,
    ...(plan.lowTails ? { lowTails: plan.lowTails } : {}),
    bound: { ulps: worst <= tol ? tol : Math.ceil(worst * 100) / 100, abs: bound.abs },
    // The default level cost is left out, so the files fitted before it was a setting still match.
    settings: { tol, maxDegree, kind, ...(levelCost !== LEVEL_COST ? { levelCost } : {}) },
  };
}
