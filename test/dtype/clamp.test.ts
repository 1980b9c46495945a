import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel } from '../../src/codegen/names.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { fround } from '../../src/numerics/float32.js';
import { halfBits, halfFloor, type HalfDtype } from '../../src/numerics/half.js';
import { dtypeEndToEnd, storedBits } from '../../src/verify/end-to-end/runs.js';
import { optiactsSiluGrad } from '../../src/verify/published/optiacts.js';

const api = generated as unknown as Record<string, (bits: number, branch: number) => number>;

/**
 * Rounding y to bf16 or fp16 can put it below the minimum: SiLU's y_min = −0.27846… rounds to
 * −0.279296875 in bf16 and −0.278564453125 in fp16. The published SiLU (optiacts) takes √(y − y_min)
 * unclamped and returns NaN there (DESIGN §6); ours clamps y − y_min at 0 and returns g at the
 * minimum, 0.
 */
describe.each(['bf16', 'fp16'] as const)('SiLU, y stored as %s, rounded below the minimum', (dtype: HalfDtype) => {
  const silu = getActivation('silu');
  const below = halfFloor(dtype, silu.yMin);
  const bits = halfBits(dtype, below);

  it('happens: x = x_min stores that y', () => {
    expect(below).toBeLessThan(silu.yMin);
    expect(storedBits(silu, dtype, fround(silu.xMin))).toBe(bits);
  });

  it('optiacts returns NaN there; ours returns 0, the exact g at the minimum, on both branches', () => {
    const ours = api[camel(`silu_grad_from_output_${dtype}_bits`)]!;
    for (const bit of [0, 1]) {
      expect(optiactsSiluGrad(below, bit)).toBeNaN();
      expect(Math.abs(ours(bits, bit))).toBe(0);
      // Correct: every x that stores this y lies at the minimum, where f' is about 0.
      expect(Math.abs(silu.gradFromOutput(below, bit ? 'left' : 'right'))).toBeLessThan(1e-15);
    }
  });

  it('end to end over every finite float32 x: optiacts is infinitely wrong (NaN), ours within 5% of the floor', () => {
    const ours = api[camel(`silu_grad_from_output_${dtype}_bits`)]!;
    const r = dtypeEndToEnd(silu, dtype, { ours: (yv, bit) => ours(halfBits(dtype, yv), bit), published: optiactsSiluGrad });
    expect(r.max.published!.abs).toBe(Infinity);
    expect(r.max.ours!.abs / r.max.floor!.abs).toBeLessThanOrEqual(1.05);
  }, 60_000);
});
