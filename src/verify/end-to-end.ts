import type { Activation } from '../functions/activation.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../numerics/float32.js';

/**
 * End-to-end error: over float32 x, y = fl32(f(x)) and the branch bit, compare g(y, bit) with the
 * exact f'(x). The floor is the same with the exact g of the rounded y: what any function of
 * (y, bit) must lose near the minimum, where rounding y merges many x.
 */
export interface EndToEnd {
  /** Max |g(y, bit) − f'(x)| per candidate (and "floor"), and the x where it occurs. */
  readonly max: Record<string, { readonly abs: number; readonly atX: number }>;
  /** The same maxima per x-bin (equal widths in x over [lo, hi]). */
  readonly bins: Record<string, Float64Array>;
  readonly values: number;
}

export type GradFromOutput = (y: number, bit: number) => number;

/** Every `stride`-th float32 x in [lo, hi], for each candidate g, plus the floor (key "floor"). */
export function endToEnd(activation: Activation, candidates: Record<string, GradFromOutput>, lo: number, hi: number, stride: number, binCount = 1): EndToEnd {
  const names = ['floor', ...Object.keys(candidates)];
  const max: Record<string, { abs: number; atX: number }> = {};
  const bins: Record<string, Float64Array> = {};
  for (const k of names) {
    max[k] = { abs: 0, atX: NaN };
    bins[k] = new Float64Array(binCount);
  }
  const exactGrad: GradFromOutput = (yv, bit) => activation.gradFromOutput(yv, bit ? 'left' : 'right');
  const all: [string, GradFromOutput][] = [['floor', exactGrad], ...Object.entries(candidates)];
  let values = 0;
  for (let k = float32Ordinal(fround(lo)); k <= float32Ordinal(fround(hi)); k += stride) {
    const x = float32FromOrdinal(k);
    const yv = fround(activation.f(x));
    const bit = x < activation.xMin ? 1 : 0;
    const exact = activation.df(x);
    const b = Math.min(binCount - 1, Math.floor(((x - lo) / (hi - lo)) * binCount));
    for (const [name, g] of all) {
      const e = Math.abs(g(yv, bit) - exact);
      if (!(e <= max[name]!.abs)) max[name] = { abs: e, atX: x };
      const row = bins[name]!;
      if (!(e <= row[b]!)) row[b] = e;
    }
    values++;
  }
  return { max, bins, values };
}
