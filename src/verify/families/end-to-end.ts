import type { CompiledFamily } from '../../codegen/families/typescript.js';
import type { FamilyInstance } from '../../functions/families/family.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../../numerics/float32.js';

/**
 * End-to-end error at one parameter value (DESIGN §5): over float32 x, y = fl32(f(x)) and the code
 * of x as the forward kernel gives it, the generated g(y, code) against the exact f'(x), beside the
 * floor: the exact g of the same rounded y, what any function of (y, code) must lose where rounding
 * y merges many x. x runs over every float32 within `near` of each critical point and every
 * `stride`-th float32 of [lo, hi].
 */
export interface EndToEndResult {
  readonly ours: { abs: number; atX: number };
  readonly floor: { abs: number; atX: number };
  readonly values: number;
}

export function familyEndToEnd(
  inst: FamilyInstance,
  run: CompiledFamily,
  p: Float32Array,
  options: { lo: number; hi: number; stride: number; near: number },
): EndToEndResult {
  const ours = { abs: 0, atX: NaN };
  const floor = { abs: 0, atX: NaN };
  let values = 0;
  const visit = (x: number) => {
    const y = fround(inst.f(x));
    const code = run.code(x, p);
    const exact = inst.df(x);
    const e = Math.abs(run.grad(y, code, p) - exact);
    if (!(e <= ours.abs)) [ours.abs, ours.atX] = [e, x];
    const ef = Math.abs(inst.gradFromOutput(y, code) - exact);
    if (!(ef <= floor.abs)) [floor.abs, floor.atX] = [ef, x];
    values++;
  };
  const range = (a: number, b: number, stride: number) => {
    for (let k = float32Ordinal(fround(a)); k <= float32Ordinal(fround(b)); k += stride) visit(float32FromOrdinal(k));
  };
  for (const c of inst.critical) range(c.x - options.near, c.x + options.near, 1);
  range(options.lo, options.hi, options.stride);
  return { ours, floor, values };
}
