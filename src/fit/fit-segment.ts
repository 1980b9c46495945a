import { segmentFunction } from '../ir/lower.js';
import { fround, nextDown32 } from '../numerics/float32.js';
import { baseOf, correctionAt, leadOf, yOfBase, type Family, type LeadValues } from './families.js';
import type { Fit, Form, Lead, MeasuredError, Segment, Target, VariableMap } from './fit-file.js';
import { scanErrors, type ErrorScan, type ExactPoint, type MeasurementCache } from './measure.js';
import { rationalMinimax } from './rational.js';
import type { BranchReference } from './reference.js';
import { polynomialMinimax } from './remez.js';

/** What every segment fit of one (branch, target) shares. */
export interface FitContext {
  readonly reference: BranchReference;
  readonly target: Target;
  readonly yMin: Fit['yMin'];
  /** f(0) as a float32 pair, for the 'zero' transform (one-branch fits). */
  readonly yZero?: Fit['yZero'];
  readonly leads: LeadValues;
  readonly bound: Fit['bound'];
  /** float32 samples measured per segment. */
  readonly measureCount: number;
  readonly measurements: MeasurementCache;
  /** Values the fit must return exactly, not within the bound. */
  readonly exact: readonly ExactPoint[];
  /** Whether measurements take every value y can have (a 16-bit dtype): then no sampling margin is needed. */
  readonly exhaustive?: boolean;
  /**
   * The first segment also serves every y below its lo; a 16-bit dtype can hold such a y (its
   * value at or below y_min), and the first segment is measured from there.
   */
  readonly firstSegment?: { readonly lo: number; readonly measuredFrom: number };
}

export type Shape = { readonly kind: 'polynomial'; readonly degree: number } | { readonly kind: 'rational'; readonly m: number; readonly n: number };

/** A segment with its form fitted and rounded to float32, and its float32 error measured. */
export interface FittedSegment {
  readonly family: Family;
  readonly segment: Segment;
  readonly scan: ErrorScan;
  /** The float64 minimax error of the unrounded fit (weighted, relative). */
  readonly minimax: number;
}

const GRID = 1200;

/** The affine map of [uA, uB] onto [−1, 1], in float32 constants. */
function mapOf(uA: number, uB: number): VariableMap {
  // A segment whose y all share one u (far from the minimum, in float64) is a constant.
  return { center: fround(0.5 * (uA + uB)), scale: uA === uB ? 1 : fround(2 / Math.abs(uB - uA)) };
}

/** Where the fitter samples: float32 y placed at Chebyshev points of u, and the ends. */
function gridYs(ctx: FitContext, family: Family, lo: number, hi: number): number[] {
  const last = nextDown32(hi);
  const uA = baseOf(family.transform, lo, ctx);
  const uB = baseOf(family.transform, last, ctx);
  const ys = new Set<number>([lo, last]);
  for (let j = 0; j < GRID; j++) {
    const u = 0.5 * (uA + uB) + 0.5 * (uB - uA) * Math.cos((Math.PI * (j + 0.5)) / GRID);
    const yv = fround(yOfBase(family.transform, u, ctx));
    if (yv >= lo && yv <= last) ys.add(yv);
  }
  return [...ys].sort((a, b) => a - b);
}

interface Samples {
  readonly map: VariableMap | null;
  readonly lead: Lead;
  readonly t: Float64Array;
  readonly f: Float64Array;
  readonly w: Float64Array;
}

/** The fitting problem: the correction G(t) and its weights (relative error of the value), see correctionAt. */
function samplesFor(ctx: FitContext, family: Family, lo: number, hi: number): Samples {
  const { reference, target, bound } = ctx;
  const ys = gridYs(ctx, family, lo, hi);
  const values = reference.values(target, ys);
  const midRange = (xs: ArrayLike<number>) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < xs.length; i++) [lo, hi] = [Math.min(lo, xs[i]!), Math.max(hi, xs[i]!)];
    return 0.5 * (lo + hi);
  };
  const lead = leadOf(family, ctx.leads, {
    value: () => midRange(values),
    ratio: () => midRange(values.map((v, i) => v / ys[i]!)),
  });
  const us = ys.map((yv) => baseOf(family.transform, yv, ctx));
  const map = family.mapped ? mapOf(Math.min(...us), Math.max(...us)) : null;
  const rows: [number, number, number][] = [];
  ys.forEach((yv, i) => {
    const u = us[i]!;
    const row = correctionAt(family, lead, yv, u, values[i]!, bound.abs);
    if (row) rows.push([map ? (u - map.center) * map.scale : u, row.g, row.w]);
  });
  rows.sort((a, b) => a[0] - b[0]);
  const unique = rows.filter((r, i) => i === 0 || r[0] !== rows[i - 1]![0]);
  return {
    map,
    lead,
    t: Float64Array.from(unique, (r) => r[0]),
    f: Float64Array.from(unique, (r) => r[1]),
    w: Float64Array.from(unique, (r) => r[2]),
  };
}

/**
 * fpminimax-style rounding: fix one coefficient at a time to float32, lowest degree first,
 * and re-solve the minimax problem for the ones still free.
 */
function roundPolynomial(s: Samples, degree: number): { coefficients: number[]; minimax: number } {
  if (s.t.length === 1) return { coefficients: [fround(s.f[0]!)], minimax: 0 };
  const free = polynomialMinimax({ t: s.t, f: s.f, w: s.w, degree });
  const fixed: (number | undefined)[] = new Array(degree + 1).fill(undefined);
  let current = free.coefficients;
  for (let k = 0; k <= degree; k++) {
    fixed[k] = fround(current[k]!);
    current = k < degree ? polynomialMinimax({ t: s.t, f: s.f, w: s.w, degree, fixed }).coefficients : (fixed as number[]);
  }
  return { coefficients: current.map(fround), minimax: free.error };
}

function roundRational(s: Samples, m: number, n: number): { form: Form; minimax: number } | undefined {
  if (s.t.length < m + n + 2) return undefined;
  const r = rationalMinimax({ t: s.t, f: s.f, w: s.w, m, n });
  if (r.poleInInterval || !r.converged) return undefined;
  return { form: { kind: 'rational', p: r.p.map(fround), q: r.q.map(fround) }, minimax: r.error };
}

const PLACEHOLDER_ERROR: MeasuredError = { ulps: 0, abs: 0, atY: 0, samples: 0 };

/**
 * Fit one segment and measure it in float32; undefined when a rational fit has a pole, or when the
 * family cannot represent the range at all (its lead, or the correction it leaves, is beyond float32).
 */
export function fitSegment(ctx: FitContext, family: Family, lo: number, hi: number, shape: Shape): FittedSegment | undefined {
  const s = samplesFor(ctx, family, lo, hi);
  const lead = s.lead.kind === 'none' ? 0 : s.lead.kind === 'constant' ? s.lead.hi : s.lead.scale;
  if (!Number.isFinite(fround(lead)) || !s.f.every((v) => Number.isFinite(fround(v))) || !s.t.every(Number.isFinite)) return undefined;
  let form: Form;
  let minimax: number;
  if (shape.kind === 'polynomial') {
    // A segment with few float32 values is interpolated by a lower degree.
    const r = roundPolynomial(s, Math.max(0, Math.min(shape.degree, s.t.length - 2)));
    form = { kind: 'polynomial', scheme: 'horner', coefficients: r.coefficients };
    minimax = r.minimax;
  } else {
    const r = roundRational(s, shape.m, shape.n);
    if (!r) return undefined;
    ({ form, minimax } = r);
  }
  const draft: Segment = { lo, hi, transform: family.transform, map: s.map, lead: s.lead, factor: family.factor, outer: family.outer, form, error: PLACEHOLDER_ERROR };
  return { family, minimax, ...measureSegment(ctx, draft) };
}

/** Measure a segment in float32 on ctx.measureCount samples, and record the result in it. */
export function measureSegment(ctx: FitContext, segment: Segment): { segment: Segment; scan: ErrorScan } {
  const lo = ctx.firstSegment && segment.lo === ctx.firstSegment.lo ? ctx.firstSegment.measuredFrom : segment.lo;
  const scan = scanErrors(segmentFunction(segment, ctx), ctx.measurements.get(lo, segment.hi, ctx.measureCount), ctx.bound, ctx.exact);
  const error: MeasuredError = { ulps: round6(scan.ulps), abs: round6(scan.abs), atY: scan.atY, samples: scan.samples };
  return { segment: { ...segment, error }, scan };
}

/** Measured figures are written with 6 significant digits: stable, readable, still exact enough. */
function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}
