import { compileToJs } from '../codegen/typescript.js';
import type { IrFunction } from '../ir/ir.js';
import { float32FromOrdinal, float32Ordinal, nextDown32, ulpOfRounded32 } from '../numerics/float32.js';
import type { MeasuredError, Target } from './fit-file.js';
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
 * float32 y in [lo, hi): all of them when there are at most `count`; else both ends densely, a
 * share evenly by ordinal, and a share evenly by value. By ordinal alone, a segment that reaches
 * towards 0 would put most samples on tiny |y| (the exhaustive verify found misses that way).
 */
export function measurementSamples(lo: number, hi: number, count: number): Float64Array {
  const first = float32Ordinal(lo);
  const last = float32Ordinal(nextDown32(hi));
  const n = last - first + 1;
  if (n <= count) return Float64Array.from({ length: n }, (_, i) => float32FromOrdinal(first + i));
  const edge = Math.min(256, count >> 3);
  const byOrdinal = (count - 2 * edge) >> 1;
  const byValue = count - 2 * edge - byOrdinal;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < edge; i++) {
    out[k++] = float32FromOrdinal(first + i);
    out[k++] = float32FromOrdinal(last - i);
  }
  const span = n - 2 * edge;
  for (let i = 0; i < byOrdinal; i++) out[k++] = float32FromOrdinal(first + edge + Math.floor(((i + 0.5) * span) / byOrdinal));
  const top = nextDown32(hi);
  for (let i = 0; i < byValue; i++) out[k++] = Math.min(top, Math.max(lo, Math.fround(lo + ((top - lo) * (i + 0.5)) / byValue)));
  return out.sort();
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

export function scanErrors(
  fn: IrFunction,
  samples: ArrayLike<number>,
  reference: BranchReference,
  target: Target,
  bound: { ulps: number; abs: number },
): ErrorScan {
  // Through the TypeScript emitter, compiled: the same float32 operations as the interpreter, faster.
  const run = compileToJs(fn);
  let ulps = 0;
  let abs = 0;
  let atY = samples.length > 0 ? samples[0]! : 0;
  let over = 0;
  const references = reference.values(target, samples);
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
  return { ulps, abs, atY, samples: samples.length, over };
}
