import type { BranchId } from '../functions/activation.js';
import { fround } from '../numerics/float32.js';
import type { Anchors, Factor, Lead, Outer, Target, TransformKind } from './fit-file.js';

/**
 * The forms a segment can take, by the variable it uses. Each pairs a transform with the lead
 * and factor that make the fitted correction small and smooth there:
 *   √ at the minimum: x = x_min + u·P(u) (g = u·P(u)), the square-root law made exact;
 *   y elsewhere: x = y + y·P(t) on the right (relative accuracy through x = 0), or a constant
 *     lead with a small correction;
 *   logarithms in the left tail, where y → 0⁻ while x → −∞ (g = y·P(t): g/y is tame there).
 */
export interface Family {
  readonly transform: TransformKind;
  /** Whether u is mapped affinely onto [−1, 1]; unmapped √ keeps u, so P(0) is the limit at the minimum. */
  readonly mapped: boolean;
  /** Only for the segment that starts at the minimum. */
  readonly firstOnly: boolean;
  /**
   * The lead; `constant` is filled in with x_min (√ families) or the segment's mid-range value,
   * `u` with the power of two nearest the square-root law's coefficient; `unit-u` is u itself
   * (x ~ ln y in a one-branch f's tail y → 0⁺).
   */
  readonly lead: Lead['kind'] | 'scaled-y' | 'unit-u';
  readonly factor: Factor;
  readonly outer: Outer;
}

/**
 * The order matters to the planner: a first-only family is followed by the family that continues
 * it away from the minimum, and on equal reach and cost the earlier family wins.
 */
export function familiesFor(branch: BranchId, target: Target): readonly Family[] {
  const sqrtLead = target === 'inverse' ? 'constant' : 'u';
  const atMinimum: Family = { transform: 'sqrt-min', mapped: false, firstOnly: true, lead: sqrtLead, factor: 'u', outer: 'none' };
  const nearMinimum: Family = { transform: 'sqrt-hi', mapped: true, firstOnly: false, lead: sqrtLead, factor: 'u', outer: 'none' };
  // g = ±√(d·H), H = g²/d: the √ rounds last, so u's rounding is not passed on in full.
  const root: Outer = branch === 'left' ? 'neg-sqrt' : 'sqrt';
  const roots: Family[] =
    target === 'grad'
      ? [
          { transform: 'sqrt-min', mapped: false, firstOnly: true, lead: 'none', factor: 'd', outer: root },
          { transform: 'sqrt-hi', mapped: true, firstOnly: false, lead: 'none', factor: 'd', outer: root },
        ]
      : [];
  const linear: Family =
    target === 'inverse' && branch === 'right'
      ? { transform: 'identity', mapped: true, firstOnly: false, lead: 'y', factor: 'y', outer: 'none' }
      : { transform: 'identity', mapped: true, firstOnly: false, lead: 'constant', factor: 'one', outer: 'none' };
  if (branch === 'right') return [atMinimum, nearMinimum, ...roots, linear];
  // In the tail g = y·(g/y): a power-of-two multiple of y leads, the fit corrects it.
  const tailFactor: Factor = target === 'inverse' ? 'one' : 'y';
  const tailLead = target === 'inverse' ? 'none' : 'scaled-y';
  return [
    atMinimum,
    nearMinimum,
    ...roots,
    linear,
    { transform: 'log-neg', mapped: true, firstOnly: false, lead: tailLead, factor: tailFactor, outer: 'none' },
    { transform: 'sqrt-log-neg', mapped: true, firstOnly: false, lead: tailLead, factor: tailFactor, outer: 'none' },
  ];
}

/** The base variable u of a float64 y, exactly (no float32 rounding): the fitter's view. */
export function baseOf(transform: TransformKind, yv: number, { yMin, yZero }: Anchors): number {
  switch (transform) {
    case 'identity':
      return yv;
    case 'sqrt-min':
      return Math.sqrt(Math.max(yv - yMin.hi - yMin.lo, 0));
    case 'sqrt-hi':
      return Math.sqrt(Math.max(yv - yMin.hi, 0));
    case 'log-neg':
      return Math.log(-yv);
    case 'sqrt-log-neg':
      return Math.sqrt(-Math.log(-yv));
    case 'log':
      return Math.log(yv);
    case 'zero':
      return yv - yZero!.hi - yZero!.lo;
  }
}

/** The y whose base variable is u: used to place sample points evenly in u. */
export function yOfBase(transform: TransformKind, u: number, { yMin, yZero }: Anchors): number {
  switch (transform) {
    case 'identity':
      return u;
    case 'sqrt-min':
      return yMin.hi + yMin.lo + u * u;
    case 'sqrt-hi':
      return yMin.hi + u * u;
    case 'log-neg':
      return -Math.exp(u);
    case 'sqrt-log-neg':
      return -Math.exp(-u * u);
    case 'log':
      return Math.exp(u);
    case 'zero':
      return yZero!.hi + yZero!.lo + u;
  }
}

/** What the leads of a branch are made of. */
export interface LeadValues {
  /** x_min as a float32 pair. */
  readonly xMin: { readonly hi: number; readonly lo: number };
  /** ±2^k nearest the square-root law's coefficient √(2 f''(x_min)), signed like g on the branch. */
  readonly sqrtLaw: number;
}

export function leadValues(xMin: number, d2fMin: number, branch: BranchId): LeadValues {
  const hi = fround(xMin);
  const law = powerOfTwoNear(Math.sqrt(2 * d2fMin));
  return { xMin: { hi, lo: fround(xMin - hi) }, sqrtLaw: branch === 'left' ? -law : law };
}

/** The segment's mid-range value, and of value/y, for leads fitted to the segment. */
export interface SegmentMid {
  value(): number;
  ratio(): number;
}

const powerOfTwoNear = (x: number) => Math.sign(x) * 2 ** Math.round(Math.log2(Math.abs(x)));

/** The concrete lead of a family on a segment. */
export function leadOf(family: Family, values: LeadValues, mid: SegmentMid): Lead {
  switch (family.lead) {
    case 'constant':
      return family.transform === 'sqrt-min' || family.transform === 'sqrt-hi'
        ? { kind: 'constant', ...values.xMin }
        : { kind: 'constant', hi: fround(mid.value()), lo: 0 };
    case 'u':
      return { kind: 'u', scale: values.sqrtLaw };
    case 'unit-u':
      return { kind: 'u', scale: 1 };
    case 'y':
      return { kind: 'y', scale: 1 };
    case 'scaled-y':
      return { kind: 'y', scale: powerOfTwoNear(mid.ratio()) };
    case 'none':
      return { kind: 'none' };
  }
}

/**
 * One row of the fitting problem at y (base variable u, exact value v): the correction
 * G = (outer⁻¹(v) − lead)/factor and the weight that makes weight·|ΔG| the relative error of
 * the result (absolute below `absBound`). Undefined where the factor vanishes (at the minimum,
 * where the lead is the whole value).
 */
export function correctionAt(family: Family, lead: Lead, yv: number, u: number, v: number, absBound: number): { g: number; w: number } | undefined {
  const factor = { one: 1, y: yv, u, d: u * u }[family.factor];
  if (factor === 0) return undefined;
  const scale = Math.max(Math.abs(v), absBound);
  if (family.outer === 'none') return { g: (v - leadAt(lead, yv, u)) / factor, w: Math.abs(factor) / scale };
  // v = ±√(lead + factor·G): an error ΔG moves v by factor·ΔG/(2|v|).
  return { g: (v * v - leadAt(lead, yv, u)) / factor, w: Math.abs(factor) / (2 * Math.abs(v) * scale) };
}

/** The lead's value in float64 at y (with base variable u), as the fitter subtracts it. */
function leadAt(lead: Lead, yv: number, u: number): number {
  switch (lead.kind) {
    case 'none':
      return 0;
    case 'y':
      return lead.scale * yv;
    case 'u':
      return lead.scale * u;
    case 'constant':
      return lead.hi + lead.lo;
  }
}
