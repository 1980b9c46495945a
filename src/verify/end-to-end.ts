import type { Activation } from '../functions/activation.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../numerics/float32.js';

/**
 * End-to-end error: over float32 x, y = fl32(f(x)) and the branch bit, compare g(y, bit) with the
 * exact f'(x). The floor is the same with the exact g of the rounded y: what any function of
 * (y, bit) must lose near the minimum, where rounding y merges many x.
 */
export interface EndToEnd {
  /** Max |g(y, bit) − f'(x)| per candidate, and the x where it occurs. */
  readonly max: Record<string, { readonly abs: number; readonly atX: number }>;
  readonly values: number;
}

export type GradFromOutput = (y: number, bit: number) => number;

/** Every `stride`-th float32 x in [lo, hi], for each candidate g, plus the floor (key "floor"). */
export function endToEnd(activation: Activation, candidates: Record<string, GradFromOutput>, lo: number, hi: number, stride: number): EndToEnd {
  const max: Record<string, { abs: number; atX: number }> = { floor: { abs: 0, atX: NaN } };
  for (const k of Object.keys(candidates)) max[k] = { abs: 0, atX: NaN };
  const entries = Object.entries(candidates);
  let values = 0;
  for (let k = float32Ordinal(fround(lo)); k <= float32Ordinal(fround(hi)); k += stride) {
    const x = float32FromOrdinal(k);
    const yv = fround(activation.f(x));
    const bit = x < activation.xMin ? 1 : 0;
    const exact = activation.df(x);
    const floor = Math.abs(activation.gradFromOutput(yv, bit ? 'left' : 'right') - exact);
    if (floor > max.floor!.abs) max.floor = { abs: floor, atX: x };
    for (const [name, g] of entries) {
      const e = Math.abs(g(yv, bit) - exact);
      if (!(e <= max[name]!.abs)) max[name] = { abs: e, atX: x };
    }
    values++;
  }
  return { max, values };
}
