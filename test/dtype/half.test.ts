import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HALF_DTYPES, halfBits, halfToNumber, halfValuesIn, roundToHalf } from '../../src/numerics/half.js';

// Exact rational references: scripts/fixtures/half.py (fp16 also checked there against numpy).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/half.json', import.meta.url), 'utf8')) as {
  round: { x: string; bf16: number; fp16: number }[];
  decode: { bits: number; bf16: string; fp16: string }[];
};

describe('bf16 and fp16 conversions', () => {
  it('known patterns: 1, the largest finite, the smallest subnormal, ±0, ±Inf, NaN', () => {
    expect(halfBits('bf16', 1)).toBe(0x3f80);
    expect(halfBits('fp16', 1)).toBe(0x3c00);
    expect(halfBits('bf16', -2)).toBe(0xc000);
    expect(halfBits('fp16', 65504)).toBe(0x7bff);
    expect(halfToNumber('bf16', 0x7f7f)).toBe((2 - 2 ** -7) * 2 ** 127);
    expect(halfToNumber('bf16', 0x0001)).toBe(2 ** -133);
    expect(halfToNumber('fp16', 0x0001)).toBe(2 ** -24);
    expect(halfToNumber('fp16', 0x0400)).toBe(2 ** -14);
    expect(Object.is(halfToNumber('bf16', 0x8000), -0)).toBe(true);
    expect(halfBits('fp16', -0)).toBe(0x8000);
    expect(halfBits('bf16', Infinity)).toBe(0x7f80);
    expect(halfBits('fp16', -Infinity)).toBe(0xfc00);
    expect(halfToNumber('fp16', 0x7c00)).toBe(Infinity);
    expect(halfToNumber('bf16', 0x7fc0)).toBeNaN();
    expect(halfBits('bf16', NaN)).toBe(0x7fc0);
    expect(halfBits('fp16', NaN)).toBe(0x7e00);
  });

  it('round to nearest, ties to even: at 1, in the subnormals, at overflow', () => {
    expect(halfBits('bf16', 1 + 2 ** -8)).toBe(0x3f80); // tie, down to even
    expect(halfBits('bf16', 1 + 3 * 2 ** -8)).toBe(0x3f82); // tie, up to even
    expect(halfBits('bf16', 1 + 2 ** -8 + 2 ** -40)).toBe(0x3f81);
    expect(halfBits('fp16', 1 + 2 ** -11)).toBe(0x3c00);
    expect(halfBits('fp16', 2 ** -25)).toBe(0x0000); // half the smallest subnormal: tie to 0
    expect(halfBits('fp16', 3 * 2 ** -25)).toBe(0x0002);
    expect(halfBits('bf16', 2 ** -134)).toBe(0x0000);
    expect(halfBits('fp16', 65519.99)).toBe(0x7bff);
    expect(halfBits('fp16', 65520)).toBe(0x7c00); // tie between 65504 and 2^16: even is Inf
    expect(halfBits('bf16', (2 - 2 ** -8) * 2 ** 127)).toBe(0x7f80);
    // Once from float64: through float32 first, 1 + 2^-8 + 2^-30 would round to the tie, then to 1.
    expect(halfBits('bf16', 1 + 2 ** -8 + 2 ** -30)).toBe(0x3f81);
  });

  it.each(HALF_DTYPES)('%s: every reference rounding (exact rationals)', (dtype) => {
    expect(fixture.round.length).toBeGreaterThan(900);
    for (const r of fixture.round) expect(halfBits(dtype, Number(r.x)), `x = ${r.x}`).toBe(r[dtype]);
  });

  it.each(HALF_DTYPES)('%s: every reference decoding, and every pattern round-trips', (dtype) => {
    for (const r of fixture.decode) {
      const v = halfToNumber(dtype, r.bits);
      expect(Object.is(v, Number(r[dtype])) || (Number.isNaN(v) && r[dtype] === 'NaN'), `bits ${r.bits.toString(16)}`).toBe(true);
    }
    for (let p = 0; p < 0x10000; p++) {
      const v = halfToNumber(dtype, p);
      if (Number.isNaN(v)) continue;
      if (Math.fround(v) !== v || halfBits(dtype, v) !== p) throw new Error(`${dtype} 0x${p.toString(16)} does not round-trip`);
    }
    expect(roundToHalf(dtype, 1 / 3)).toBe(halfToNumber(dtype, halfBits(dtype, 1 / 3)));
  });

  it('lists the values of a range in ascending order, −0 before +0', () => {
    const { values, bits } = halfValuesIn('fp16', -(2 ** -23), 2 ** -23);
    expect(Array.from(bits)).toEqual([0x8002, 0x8001, 0x8000, 0x0000, 0x0001, 0x0002]);
    expect(Object.is(values[2], -0) && Object.is(values[3], 0)).toBe(true);
    expect(halfValuesIn('bf16', -Infinity, Infinity).values.length).toBe(2 * 0x7f81);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => halfToNumber('bf16', 0x10000)).toThrow(/not a 16-bit pattern/);
    expect(() => halfBits('f8' as 'bf16', 1)).toThrow(/allowed: bf16, fp16/);
    expect(() => halfValuesIn('fp16', 1, 0)).toThrow(/a ≤ b/);
  });
});
