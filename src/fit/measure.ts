import { compileToJs } from '../codegen/typescript.js';
import type { IrFunction } from '../ir/ir.js';
import { float32FromOrdinal, float32Ordinal, nextDown32, ulpOfRounded32 } from '../numerics/float32.js';
import { halfValuesIn } from '../numerics/half.js';
import type { MeasuredError, StorageDtype, Target } from './fit-file.js';
import type { BranchReference } from './reference.js';

/**
 * Errors of float32 code against the float64 reference: ulps of the float32-rounded reference,
 * except where the reference is within `absBound` of 0, where only the absolute error counts.
 */
export interface ErrorScan extends MeasuredError {
  /** How many samples exceed `tol` ulps (or `absBound` absolute near 0). */
  readonly over: number;
}

/**
 * float32 y in [lo, hi) (every value of a 16-bit dtype there, when one is named): all of them when there are at most `count`; else both ends densely, a
 * share evenly by ordinal, and a share evenly by value. By ordinal alone, a segment that reaches
 * towards 0 would put most samples on tiny |y| (the exhaustive verify found misses that way).
 */
export function measurementSamples(lo: number, hi: number, count: number, dtype: StorageDtype = 'float32'): Float64Array {
  // A 16-bit dtype has few enough values to measure every one of them.
  if (dtype !== 'float32') return Float64Array.from(halfValuesIn(dtype, lo, nextDown32(hi)).values);
  const first = float32Ordinal(lo);
  const last = float32Ordinal(nextDown32(hi));
  const n = last - first + 1;
  if (n <= count) return Float64Array.from({ length: n }, (_, i) => float32FromOrdinal(first + i));
  const edge = Math.min(256, count >> 3);
  const byOrdinal = (count - 2 * edge) >> 1;
  const byValue = count - 2 * edge - byOrdinal;
  // Each share is ascending by construction; merging them is the sort, without its cost.
  const bits = new Uint32Array(2 * edge + byOrdinal);
  const bitsOf = (ordinal: number) => (ordinal >= 0 ? ordinal : 0x80000000 + (-1 - ordinal));
  let k = 0;
  for (let i = 0; i < edge; i++) bits[k++] = bitsOf(first + i);
  const span = n - 2 * edge;
  for (let i = 0; i < byOrdinal; i++) bits[k++] = bitsOf(first + edge + Math.floor(((i + 0.5) * span) / byOrdinal));
  for (let i = edge - 1; i >= 0; i--) bits[k++] = bitsOf(last - i);
  const ordinals = Float64Array.from(new Float32Array(bits.buffer));
  const top = nextDown32(hi);
  const values = new Float64Array(byValue);
  for (let i = 0; i < byValue; i++) values[i] = Math.min(top, Math.max(lo, Math.fround(lo + ((top - lo) * (i + 0.5)) / byValue)));
  return mergeAscending(ordinals, values);
}

/** a before b in ascending order, −0 before +0 (as a typed array's sort orders them). */
const before = (a: number, b: number) => a < b || (a === b && Object.is(a, -0) && !Object.is(b, -0));

function mergeAscending(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = before(b[j]!, a[i]!) ? b[j++]! : a[i++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * Error of approx against the reference in ulps of the float32-rounded reference; 0 where the
 * reference is within `absBound` of 0 (only the absolute error counts there), ∞ for NaN.
 * Allocation-free: the exhaustive sweep calls it 10^10 times.
 */
export function ulpsError(approx: number, reference: number, absBound: number): number {
  const abs = approx === reference ? 0 : Math.abs(approx - reference);
  if (abs !== abs) return Infinity;
  return Math.abs(reference) <= absBound ? 0 : abs / ulpOfRounded32(reference);
}

/** Whether one measurement (its ulps and absolute error) breaks the bound; near 0 the absolute error counts. */
export function overBound(ulps: number, abs: number, reference: number, bound: { readonly ulps: number; readonly abs: number }): boolean {
  return ulps > bound.ulps || (Math.abs(reference) <= bound.abs && abs > bound.abs);
}

/** One error measurement: approx against the reference at y. */
export function errorAt(approx: number, reference: number, absBound: number): { ulps: number; abs: number } {
  const abs = approx === reference ? 0 : Math.abs(approx - reference);
  return { ulps: ulpsError(approx, reference, absBound), abs: abs !== abs ? Infinity : abs };
}

/** Measurement samples of a float32 range with their reference values. */
export interface Measurement {
  readonly samples: Float64Array;
  readonly references: Float64Array;
}

/**
 * The samples and reference values of the last few ranges measured: the fitter measures one
 * segment several times (Horner and Estrin, rational shapes, densely), and the reference
 * (an inverse solved per y) is most of the cost of a measurement.
 */
export class MeasurementCache {
  private readonly entries = new Map<string, Measurement>();

  constructor(
    private readonly reference: BranchReference,
    private readonly target: Target,
    private readonly capacity = 8,
    private readonly dtype: StorageDtype = 'float32',
  ) {}

  get(lo: number, hi: number, count: number): Measurement {
    const key = `${lo}:${hi}:${count}`;
    let m = this.entries.get(key);
    if (m) {
      this.entries.delete(key);
    } else {
      const samples = measurementSamples(lo, hi, count, this.dtype);
      m = { samples, references: this.reference.values(this.target, samples) };
      if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, m);
    return m;
  }
}

/** A float32 y whose exact value is a float32 the code must return exactly (x = 0 and g = f'(0) at y = 0). */
export interface ExactPoint {
  readonly y: number;
  readonly value: number;
}

/** Errors over the samples; each exact point in the samples' range that is missed counts as one more y over the bound. */
export function scanErrors(fn: IrFunction, { samples, references }: Measurement, bound: { ulps: number; abs: number }, exact: readonly ExactPoint[] = []): ErrorScan {
  // Through the TypeScript emitter, compiled: the same float32 operations as the interpreter, faster.
  const run = compileToJs(fn, 'float32');
  let ulps = 0;
  let abs = 0;
  let atY = samples.length > 0 ? samples[0]! : 0;
  let over = 0;
  for (let i = 0; i < samples.length; i++) {
    const yv = samples[i]!;
    const r = references[i]!;
    const e = errorAt(run(yv), r, bound.abs);
    if (e.ulps > ulps) {
      ulps = e.ulps;
      atY = yv;
    }
    if (e.abs > abs) abs = e.abs;
    if (overBound(e.ulps, e.abs, r, bound)) over++;
  }
  for (const p of exact) {
    if (samples.length > 0 && p.y >= samples[0]! && p.y <= samples[samples.length - 1]! && !Object.is(run(p.y), p.value)) over++;
  }
  return { ulps, abs, atY, samples: samples.length, over };
}
