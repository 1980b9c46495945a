import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel } from '../../src/codegen/names.js';
import { HALF_DTYPES, halfToNumber } from '../../src/numerics/half.js';

const api = generated as unknown as Record<string, (...args: unknown[]) => unknown>;
const NAMES = ['gelu', 'gelu_tanh', 'silu'];

describe('generated TypeScript for bf16 and fp16 storage', () => {
  it('decodes every pattern exactly (bf16ToFloat32, fp16ToFloat32 against numerics/half.ts)', () => {
    for (let p = 0; p < 0x10000; p++) {
      for (const [dtype, decode] of [['bf16', generated.bf16ToFloat32], ['fp16', generated.fp16ToFloat32]] as const) {
        const want = halfToNumber(dtype, p);
        const got = decode(p);
        if (!(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)))) throw new Error(`${dtype} 0x${p.toString(16)}: ${got} != ${want}`);
      }
    }
    expect(generated.bf16ToFloat32(0x3f80)).toBe(1);
    expect(generated.fp16ToFloat32(0x3c00)).toBe(1);
  });

  describe.each(NAMES.flatMap((n) => HALF_DTYPES.flatMap((d) => (['inverse', 'grad_from_output'] as const).map((t) => `${n}_${t}_${d}`))))('%s', (base) => {
    const f = api[camel(base)] as (y: number, b: number) => number;
    const bitsForm = api[camel(`${base}_bits`)] as (p: number, b: number) => number;
    const batch = api[camel(`${base}_batch`)] as (ys: Uint16Array, mask: Uint32Array, out?: Float32Array) => Float32Array;
    const dtype = base.endsWith('bf16') ? 'bf16' : 'fp16';

    it('the pattern and batch forms give the function of the widened y, bit for bit', () => {
      const n = 70_001;
      const ys = new Uint16Array(n);
      const mask = new Uint32Array((n + 31) >>> 5);
      for (let i = 0; i < n; i++) {
        ys[i] = (i * 40503) & 0xffff;
        if ((i * 2654435761) % 7 < 3) mask[i >>> 5]! |= 1 << (i & 31);
      }
      const out = batch(ys, mask);
      for (let i = 0; i < n; i++) {
        const bit = (mask[i >>> 5]! >>> (i & 31)) & 1;
        const want = f(halfToNumber(dtype, ys[i]!), bit);
        if (!Object.is(out[i], Math.fround(want)) && !Number.isNaN(want)) throw new Error(`element ${i}: ${out[i]} != ${want}`);
        if (!Object.is(bitsForm(ys[i]!, bit), want) && !Number.isNaN(want)) throw new Error(`pattern 0x${ys[i]!.toString(16)}`);
      }
    });

    it('the batch form rejects bad arrays, naming what is allowed', () => {
      expect(() => batch(new Float32Array(4) as unknown as Uint16Array, new Uint32Array(1))).toThrow(/Uint16Array/);
      expect(() => batch(new Uint16Array(33), new Uint32Array(1))).toThrow(/at least 2 words/);
      expect(() => batch(new Uint16Array(3), new Uint32Array(1), new Float32Array(2))).toThrow(/at least 3 elements/);
    });
  });
});
