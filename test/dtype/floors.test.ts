import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel } from '../../src/codegen/names.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { HALF_DTYPES } from '../../src/numerics/half.js';
import { dtypeEndToEnd } from '../../src/verify/end-to-end/runs.js';

/** DESIGN §6, the floor (best function of (y, bit) with y rounded to the dtype): max abs error of f'. */
const DESIGN_FLOORS: Record<string, Record<string, string>> = {
  gelu: { bf16: '1.56e-2', fp16: '6.58e-3' },
  gelu_tanh: { bf16: '1.33e-2', fp16: '7.12e-3' },
  silu: { bf16: '1.50e-2', fp16: '4.93e-3' },
};

const api = generated as unknown as Record<string, (y: number, branch: number) => number>;

describe.each(Object.keys(DESIGN_FLOORS))('%s end to end with y stored as bf16 or fp16 (every finite float32 x)', (name) => {
  const activation = getActivation(name);
  it.each(HALF_DTYPES)('%s: the floor is DESIGN §6 to the digits given, and ours is within 5% of it', (dtype) => {
    const ours = api[camel(`${name}_grad_from_output_${dtype}`)]!;
    const r = dtypeEndToEnd(activation, dtype, { ours: (yv, bit) => ours(yv, bit) });
    expect(r.max.floor!.abs.toExponential(2)).toBe(DESIGN_FLOORS[name]![dtype]);
    // The worst x is next to the minimum, where rounding y merges many x.
    expect(Math.abs(r.max.floor!.atX - activation.xMin)).toBeLessThan(0.1);
    expect(r.max.ours!.abs / r.max.floor!.abs).toBeLessThanOrEqual(1.05);
    // Every stored y of the branch's range is met: the y grid has no gaps between runs.
    expect(r.runs.left).toBeGreaterThan(12_000);
    expect(r.runs.right).toBeGreaterThan(44_000);
  }, 60_000);
});
