import type { BranchId } from '../functions/activation.js';
import { parseHexFloat32, toHexFloat32 } from '../ir/hex-float.js';
import { HALF_DTYPES, type HalfDtype } from '../numerics/half.js';

/**
 * A fit: how one (activation, branch, target, dtype) is evaluated, with its measured errors.
 * This is the in-memory form; `fits/*.json` holds the same with every float32 constant written
 * exactly as a hexadecimal float. See DESIGN §3.
 */

export const FIT_SCHEMA = 1;
export type Target = 'inverse' | 'grad';
export const TARGETS: readonly Target[] = ['inverse', 'grad'];
/** How y is stored between forward and backward; the fitted code always computes in float32 from the widened y. */
export type StorageDtype = 'float32' | HalfDtype;
export const STORAGE_DTYPES: readonly StorageDtype[] = ['float32', ...HALF_DTYPES];

/** The base variable u computed from y. */
export type TransformKind =
  /** u = y */
  | 'identity'
  /** u = √max((y − y_min.hi) − y_min.lo, 0): the square-root law at the minimum. */
  | 'sqrt-min'
  /**
   * u = √(y − y_min.hi): the same law away from the minimum, where y − y_min.hi is exact and the
   * rounding of subtracting y_min.lo would be the largest error of g = u·P.
   */
  | 'sqrt-hi'
  /** u = ln(−y): the left tail, where y → 0⁻ exponentially fast in x. */
  | 'log-neg'
  /** u = √(−ln(−y)): the Gaussian left tail, where x ≈ −√(2·(−ln(−y))). */
  | 'sqrt-log-neg'
  /** u = ln(y), y > 0: an unbounded right tail that grows like a logarithm (xIELU's φ⁻¹), or the tail y → 0⁺ of a one-branch f. */
  | 'log'
  /**
   * u = (y − y_zero.hi) − y_zero.lo, y_zero = f(0) as a float32 pair (`Fit.yZero`): a one-branch
   * inverse crosses 0 at y_zero, and x = u·P(t) keeps its relative accuracy there.
   */
  | 'zero';

/** t = (u − center)·scale, mapping the segment onto about [−1, 1]; absent means t = u. */
export interface VariableMap {
  readonly center: number;
  readonly scale: number;
}

/** value = lead + factor·P(t): an exactly computed leading term plus a small correction. */
export type Lead =
  | { readonly kind: 'none' }
  /** scale·y with scale a power of two (an exact product). */
  | { readonly kind: 'y'; readonly scale: number }
  /** A float32 pair hi + lo; added as hi + (lo + correction). */
  | { readonly kind: 'constant'; readonly hi: number; readonly lo: number }
  /** scale·u with scale a power of two (an exact product): the square-root law's leading term. */
  | { readonly kind: 'u'; readonly scale: number };

/**
 * What the correction P(t) is multiplied by: nothing, y, the base variable u, or d = u², the
 * radicand of a √ transform as computed (no extra rounding: it is the value the √ was taken of).
 */
export type Factor = 'one' | 'y' | 'u' | 'd';
export const FACTORS: readonly Factor[] = ['one', 'y', 'u', 'd'];

/**
 * What is applied last: nothing (value = lead + factor·P(t)), or a square root, negated on a
 * branch where the value is negative (value = ±√(lead + factor·P(t))). With the root last, the
 * result's rounding is that of one correctly rounded √, and the rounding errors before it are
 * halved: g = √(d·H(u)) near the minimum does not carry the full rounding error of u, as
 * g = u·(K + P(u)) does.
 */
export type Outer = 'none' | 'sqrt' | 'neg-sqrt';
export const OUTERS: readonly Outer[] = ['none', 'sqrt', 'neg-sqrt'];

export type Form =
  | { readonly kind: 'polynomial'; readonly scheme: 'horner' | 'estrin'; readonly coefficients: readonly number[] }
  | { readonly kind: 'rational'; readonly p: readonly number[]; readonly q: readonly number[] };

export interface MeasuredError {
  /** Max error in ulps of the float32-rounded reference (absolute rule below 2^-40 excluded). */
  readonly ulps: number;
  /** Max absolute error. */
  readonly abs: number;
  /** The y where the max ulp error occurs. */
  readonly atY: number;
  /** How many float32 y were measured. */
  readonly samples: number;
}

export interface Segment {
  /** The segment serves lo ≤ y < hi (the first one also every y below its lo). */
  readonly lo: number;
  readonly hi: number;
  readonly transform: TransformKind;
  readonly map: VariableMap | null;
  readonly lead: Lead;
  readonly factor: Factor;
  readonly outer: Outer;
  readonly form: Form;
  readonly error: MeasuredError;
}

/** y ≥ from returns `value` (y itself, or a constant) without approximation. */
export interface TailRegion {
  readonly from: number;
  readonly value: 'y' | number;
  readonly reason: string;
}

/** y < below returns `value`: a region under the first segment (a one-branch fit's y → 0⁺ end, and its clamp). */
export interface LowTailRegion {
  readonly below: number;
  readonly value: 'y' | number;
  readonly reason: string;
}

/** The float32 pairs the transforms measure y from: y_min (√ transforms) and y_zero ('zero'). */
export type Anchors = Pick<Fit, 'yMin' | 'yZero'>;

export interface Fit {
  readonly schema: typeof FIT_SCHEMA;
  readonly generator: string;
  readonly activation: {
    readonly name: string;
    readonly formula: string;
    readonly parameters: Readonly<Record<string, number>>;
    /** For a function defined by an expression (fit --expr): its text, from which f is rebuilt. */
    readonly expression?: string;
  };
  /** `only`: the function is monotone and this (right, code 0) is its only branch: no branch bit. */
  readonly branch: { readonly id: BranchId; readonly code: 0 | 1; readonly only?: true };
  readonly target: Target;
  readonly dtype: StorageDtype;
  /**
   * y_min as a float32 pair, for the √ transform. For a one-branch fit, f's infimum f(−∞) (not
   * attained): y at or below it is clamped there, to the tail limit.
   */
  readonly yMin: { readonly hi: number; readonly lo: number };
  /** f(0) as a float32 pair, for the 'zero' transform (one-branch fits whose f(0) ≠ 0). */
  readonly yZero?: { readonly hi: number; readonly lo: number };
  readonly segments: readonly Segment[];
  /** Checked from the highest `from` down, before the segments. */
  readonly tails: readonly TailRegion[];
  /** Checked from the lowest `below` up, after `tails` and before the segments; absent means none. */
  readonly lowTails?: readonly LowTailRegion[];
  /** The bound the fit claims: ulps, or abs where the reference is within `abs` of 0. */
  readonly bound: { readonly ulps: number; readonly abs: number };
  /** How it was fitted (`fit` options); levelCost is absent when it is the planner's default. */
  readonly settings: { readonly tol: number; readonly maxDegree: number; readonly kind: 'poly' | 'rational' | 'auto'; readonly levelCost?: number };
}

/**
 * The planner's cost of one level of the segment-selection tree, in operations: by default a
 * compare and a branch. A file records it only where it is not the default.
 */
export const LEVEL_COST = 2;
export const MAX_LEVEL_COST = 64;
export const LEVEL_COST_RANGE = `a number of operations in (0, ${MAX_LEVEL_COST}]`;

export function isLevelCost(v: number): boolean {
  return v > 0 && v <= MAX_LEVEL_COST;
}

function levelCostOf(r: Reader, v: unknown): number {
  const cost = r.number(v, '$.settings.levelCost');
  if (!isLevelCost(cost)) r.fail('$.settings.levelCost', `expected ${LEVEL_COST_RANGE}, got ${cost}`);
  return cost;
}

/** The file name of a fit inside fits/. */
export function fitFileName(fit: Pick<Fit, 'activation' | 'branch' | 'target' | 'dtype'>): string {
  return `${fit.activation.name}.${fit.branch.id}.${fit.target}.${fit.dtype}.json`;
}

// ---------------------------------------------------------------------------------------------
// JSON form: hex strings for float32 constants, plain numbers for measurements.

const hex = toHexFloat32;
const hexOrInf = (x: number): string => (Number.isFinite(x) ? hex(x) : String(x));

function formToJson(form: Form): unknown {
  return form.kind === 'polynomial'
    ? { kind: form.kind, scheme: form.scheme, degree: form.coefficients.length - 1, coefficients: form.coefficients.map(hex) }
    : { kind: form.kind, m: form.p.length - 1, n: form.q.length - 1, p: form.p.map(hex), q: form.q.map(hex) };
}

function tailValueToJson(value: 'y' | number): string {
  return typeof value === 'number' ? hexOrInf(value) : value;
}

function leadToJson(lead: Lead): unknown {
  if (lead.kind === 'constant') return { kind: lead.kind, hi: hex(lead.hi), lo: hex(lead.lo) };
  return lead.kind === 'none' ? lead : { kind: lead.kind, scale: hex(lead.scale) };
}

/** The canonical text of a fit file: deterministic key order, two-space indent, final newline. */
export function fitToJson(fit: Fit): string {
  const doc = {
    schema: fit.schema,
    generator: fit.generator,
    activation: fit.activation,
    branch: fit.branch,
    target: fit.target,
    dtype: fit.dtype,
    yMin: { hi: hex(fit.yMin.hi), lo: hex(fit.yMin.lo), decimal: fit.yMin.hi + fit.yMin.lo },
    ...(fit.yZero ? { yZero: { hi: hex(fit.yZero.hi), lo: hex(fit.yZero.lo), decimal: fit.yZero.hi + fit.yZero.lo } } : {}),
    bound: fit.bound,
    settings: fit.settings,
    tails: fit.tails.map((t) => ({
      from: hexOrInf(t.from),
      fromDecimal: t.from,
      value: tailValueToJson(t.value),
      reason: t.reason,
    })),
    ...(fit.lowTails ? { lowTails: fit.lowTails.map((t) => ({ below: hexOrInf(t.below), belowDecimal: t.below, value: tailValueToJson(t.value), reason: t.reason })) } : {}),
    segments: fit.segments.map((s) => ({
      lo: hex(s.lo),
      hi: hex(s.hi),
      decimal: [s.lo, s.hi],
      transform: s.transform,
      map: s.map && { center: hex(s.map.center), scale: hex(s.map.scale) },
      lead: leadToJson(s.lead),
      factor: s.factor,
      outer: s.outer,
      form: formToJson(s.form),
      error: s.error,
    })),
  };
  return `${JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Loading: validate every field, naming the first bad one by its path.

export class FitFileError extends RangeError {
  constructor(
    readonly source: string,
    readonly path: string,
    problem: string,
  ) {
    super(`${source}: ${path}: ${problem}`);
    this.name = 'FitFileError';
  }
}

class Reader {
  constructor(readonly source: string) {}

  fail(path: string, problem: string): never {
    throw new FitFileError(this.source, path, problem);
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, `expected an object, got ${describe(v)}`);
    return v as Record<string, unknown>;
  }

  field(o: Record<string, unknown>, key: string, path: string): unknown {
    if (!(key in o)) this.fail(`${path}.${key}`, 'missing');
    return o[key];
  }

  array(v: unknown, path: string, minLength = 0): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${describe(v)}`);
    if (v.length < minLength) this.fail(path, `expected at least ${minLength} entries, got ${v.length}`);
    return v;
  }

  number(v: unknown, path: string): number {
    if (typeof v !== 'number' && !(typeof v === 'string' && /^-?Infinity$/.test(v))) {
      this.fail(path, `expected a number, got ${describe(v)}`);
    }
    return Number(v);
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, `expected a string, got ${describe(v)}`);
    return v;
  }

  oneOf<T extends string | number>(v: unknown, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(v as T)) this.fail(path, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describe(v)}`);
    return v as T;
  }

  /** A float32 constant written as a hexadecimal float ("Infinity"/"-Infinity" where allowed). */
  hex(v: unknown, path: string, allowInfinite = false): number {
    if (allowInfinite && (v === 'Infinity' || v === '-Infinity')) return Number(v);
    const x = typeof v === 'string' ? parseHexFloat32(v) : undefined;
    if (x === undefined) this.fail(path, `expected a float32 hexadecimal float such as "-0x1.8p-3", got ${describe(v)}`);
    return x;
  }

  hexArray(v: unknown, path: string): number[] {
    return this.array(v, path, 1).map((x, i) => this.hex(x, `${path}[${i}]`));
  }
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const TRANSFORMS: readonly TransformKind[] = ['identity', 'sqrt-min', 'sqrt-hi', 'log-neg', 'sqrt-log-neg', 'log', 'zero'];

function readForm(r: Reader, v: unknown, path: string): Form {
  const o = r.object(v, path);
  const kind = r.oneOf(r.field(o, 'kind', path), `${path}.kind`, ['polynomial', 'rational'] as const);
  if (kind === 'polynomial') {
    const scheme = r.oneOf(r.field(o, 'scheme', path), `${path}.scheme`, ['horner', 'estrin'] as const);
    return { kind, scheme, coefficients: r.hexArray(r.field(o, 'coefficients', path), `${path}.coefficients`) };
  }
  return { kind, p: r.hexArray(r.field(o, 'p', path), `${path}.p`), q: r.hexArray(r.field(o, 'q', path), `${path}.q`) };
}

function readLead(r: Reader, v: unknown, path: string): Lead {
  const o = r.object(v, path);
  const kind = r.oneOf(r.field(o, 'kind', path), `${path}.kind`, ['none', 'y', 'constant', 'u'] as const);
  if (kind === 'u' || kind === 'y') {
    const scale = r.hex(r.field(o, 'scale', path), `${path}.scale`);
    if (Math.abs(scale) !== 2 ** Math.round(Math.log2(Math.abs(scale)))) r.fail(`${path}.scale`, `must be ± a power of two (an exact product), got ${scale}`);
    return { kind, scale };
  }
  if (kind !== 'constant') return { kind };
  return { kind, hi: r.hex(r.field(o, 'hi', path), `${path}.hi`), lo: r.hex(r.field(o, 'lo', path), `${path}.lo`) };
}

function readError(r: Reader, v: unknown, path: string): MeasuredError {
  const o = r.object(v, path);
  const num = (key: string) => r.number(r.field(o, key, path), `${path}.${key}`);
  return { ulps: num('ulps'), abs: num('abs'), atY: num('atY'), samples: num('samples') };
}

/** Parse and validate the text of a fit file; `source` names it in error messages. */
export function parseFit(text: string, source: string): Fit {
  const r = new Reader(source);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    r.fail('$', `not valid JSON (${(e as Error).message})`);
  }
  const o = r.object(doc, '$');
  const get = (key: string) => r.field(o, key, '$');
  r.oneOf(get('schema'), '$.schema', [FIT_SCHEMA]);
  const act = r.object(get('activation'), '$.activation');
  const params = r.object(r.field(act, 'parameters', '$.activation'), '$.activation.parameters');
  const branch = r.object(get('branch'), '$.branch');
  const bound = r.object(get('bound'), '$.bound');
  const settings = r.object(get('settings'), '$.settings');
  const tailValue = (to: Record<string, unknown>, p: string): 'y' | number => {
    const value = r.field(to, 'value', p);
    return value === 'y' ? 'y' : r.hex(value, `${p}.value`, true);
  };
  const tails = r.array(get('tails'), '$.tails').map((t, i): TailRegion => {
    const p = `$.tails[${i}]`;
    const to = r.object(t, p);
    return { from: r.hex(r.field(to, 'from', p), `${p}.from`, true), value: tailValue(to, p), reason: r.string(r.field(to, 'reason', p), `${p}.reason`) };
  });
  const lowTails =
    'lowTails' in o
      ? r.array(o.lowTails, '$.lowTails').map((t, i): LowTailRegion => {
          const p = `$.lowTails[${i}]`;
          const to = r.object(t, p);
          return { below: r.hex(r.field(to, 'below', p), `${p}.below`, true), value: tailValue(to, p), reason: r.string(r.field(to, 'reason', p), `${p}.reason`) };
        })
      : undefined;
  const pair = (key: string) => {
    const v = r.object(get(key), `$.${key}`);
    return { hi: r.hex(r.field(v, 'hi', `$.${key}`), `$.${key}.hi`), lo: r.hex(r.field(v, 'lo', `$.${key}`), `$.${key}.lo`) };
  };
  const segments = r.array(get('segments'), '$.segments', 1).map((s, i): Segment => {
    const p = `$.segments[${i}]`;
    const so = r.object(s, p);
    const f = (key: string) => r.field(so, key, p);
    const map = f('map');
    const mo = map === null ? null : r.object(map, `${p}.map`);
    return {
      lo: r.hex(f('lo'), `${p}.lo`),
      hi: r.hex(f('hi'), `${p}.hi`),
      transform: r.oneOf(f('transform'), `${p}.transform`, TRANSFORMS),
      map: mo && {
        center: r.hex(r.field(mo, 'center', `${p}.map`), `${p}.map.center`),
        scale: r.hex(r.field(mo, 'scale', `${p}.map`), `${p}.map.scale`),
      },
      lead: readLead(r, f('lead'), `${p}.lead`),
      factor: r.oneOf(f('factor'), `${p}.factor`, FACTORS),
      outer: r.oneOf(f('outer'), `${p}.outer`, OUTERS),
      form: readForm(r, f('form'), `${p}.form`),
      error: readError(r, f('error'), `${p}.error`),
    };
  });
  segments.forEach((s, i) => {
    if (s.transform === 'zero' && !('yZero' in o)) r.fail(`$.segments[${i}].transform`, '"zero" measures y from y_zero: the fit needs $.yZero');
    if (s.factor === 'd' && s.transform !== 'sqrt-min' && s.transform !== 'sqrt-hi') {
      r.fail(`$.segments[${i}].factor`, `"d" (the radicand of a √ transform) needs transform "sqrt-min" or "sqrt-hi", got "${s.transform}"`);
    }
    if (!(s.lo < s.hi)) r.fail(`$.segments[${i}]`, `empty or reversed interval [${s.lo}, ${s.hi})`);
    const prev = segments[i - 1];
    if (prev && prev.hi !== s.lo) {
      r.fail(`$.segments[${i}].lo`, `${prev.hi > s.lo ? 'overlaps' : 'leaves a gap after'} segment ${i - 1} (its hi is ${prev.hi}, this lo is ${s.lo})`);
    }
  });
  const fit: Fit = {
    schema: FIT_SCHEMA,
    generator: r.string(get('generator'), '$.generator'),
    activation: {
      name: r.string(r.field(act, 'name', '$.activation'), '$.activation.name'),
      formula: r.string(r.field(act, 'formula', '$.activation'), '$.activation.formula'),
      parameters: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, r.number(v, `$.activation.parameters.${k}`)])),
      ...('expression' in act ? { expression: r.string(act.expression, '$.activation.expression') } : {}),
    },
    branch: {
      id: r.oneOf(r.field(branch, 'id', '$.branch'), '$.branch.id', ['left', 'right'] as const),
      code: r.oneOf(r.field(branch, 'code', '$.branch'), '$.branch.code', [0, 1] as const),
      ...('only' in branch ? { only: branch.only === true ? true : r.fail('$.branch.only', `expected true (the function's only branch), got ${describe(branch.only)}`) } : {}),
    },
    target: r.oneOf(get('target'), '$.target', TARGETS),
    dtype: r.oneOf(get('dtype'), '$.dtype', STORAGE_DTYPES),
    yMin: pair('yMin'),
    ...('yZero' in o ? { yZero: pair('yZero') } : {}),
    segments,
    tails,
    ...(lowTails ? { lowTails } : {}),
    bound: {
      ulps: r.number(r.field(bound, 'ulps', '$.bound'), '$.bound.ulps'),
      abs: r.number(r.field(bound, 'abs', '$.bound'), '$.bound.abs'),
    },
    settings: {
      tol: r.number(r.field(settings, 'tol', '$.settings'), '$.settings.tol'),
      maxDegree: r.number(r.field(settings, 'maxDegree', '$.settings'), '$.settings.maxDegree'),
      kind: r.oneOf(r.field(settings, 'kind', '$.settings'), '$.settings.kind', ['poly', 'rational', 'auto'] as const),
      ...('levelCost' in settings ? { levelCost: levelCostOf(r, settings.levelCost) } : {}),
    },
  };
  const last = segments[segments.length - 1]!;
  const lowestTail = Math.min(...fit.tails.map((t) => t.from));
  if (fit.tails.length > 0 && last.hi !== lowestTail) {
    r.fail(`$.segments[${segments.length - 1}].hi`, `must meet the lowest tail region (from ${lowestTail}), got ${last.hi}`);
  }
  if ((fit.branch.id === 'left') !== (fit.branch.code === 1)) r.fail('$.branch.code', `branch ${fit.branch.id} has code ${fit.branch.id === 'left' ? 1 : 0}`);
  if (fit.branch.only && fit.branch.id !== 'right') r.fail('$.branch.id', `a function's only branch is "right" (code 0), got "${fit.branch.id}"`);
  if (lowTails && lowTails.length > 0) {
    const highest = Math.max(...lowTails.map((t) => t.below));
    if (segments[0]!.lo !== highest) r.fail('$.segments[0].lo', `must meet the highest low tail region (below ${highest}), got ${segments[0]!.lo}`);
  }
  return fit;
}
