import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countFloat32,
  fillFloat32s,
  float32Bits,
  float32FromBits,
  float32FromOrdinal,
  float32Ordinal,
  float32OrdinalRange,
  float32sIn,
  formatFloat32,
  FLOAT32_MAX,
  FLOAT32_MIN_SUBNORMAL,
  fround,
  isFloat32,
  nextDown32,
  nextUp32,
  ulp32,
} from '../../src/numerics/float32.js';

describe('float32 bits and rounding', () => {
  it('reads and writes IEEE bit patterns', () => {
    expect(float32Bits(1)).toBe(0x3f800000);
    expect(float32Bits(-0)).toBe(0x80000000);
    expect(float32FromBits(0x7f7fffff)).toBe(FLOAT32_MAX);
    expect(float32FromBits(1)).toBe(FLOAT32_MIN_SUBNORMAL);
    expect(fround(0.1)).toBe(0.10000000149011612);
    expect(isFloat32(0.1)).toBe(false);
    expect(isFloat32(0.5)).toBe(true);
  });

  it('formats a float32 by its shortest round-trip decimal', () => {
    expect(formatFloat32(fround(5.3475156))).toBe('5.3475156');
    expect(formatFloat32(fround(0.1))).toBe('0.1');
    expect(formatFloat32(2 ** -149)).toBe('1e-45');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(FLOAT32_MAX)).toBe('3.4028235e+38');
    expect(() => formatFloat32(0.1)).toThrow(/not a float32/);
  });

  it('ulp32 is the float32 spacing of the binade, 2^-149 below the normal range', () => {
    expect(ulp32(1)).toBe(2 ** -23);
    expect(ulp32(1.9999)).toBe(2 ** -23);
    expect(ulp32(2)).toBe(2 ** -22);
    expect(ulp32(-0.75)).toBe(2 ** -24);
    expect(ulp32(0)).toBe(2 ** -149);
    expect(ulp32(2 ** -130)).toBe(2 ** -149);
    expect(ulp32(2 ** -126)).toBe(2 ** -149);
    expect(ulp32(FLOAT32_MAX)).toBe(2 ** 104);
    expect(ulp32(NaN)).toBeNaN();
  });

  it('nextUp32 / nextDown32 step by one float32, across zero and the subnormals', () => {
    expect(nextUp32(1)).toBe(1 + 2 ** -23);
    expect(nextDown32(1)).toBe(1 - 2 ** -24);
    expect(nextUp32(0)).toBe(2 ** -149);
    expect(nextUp32(-0)).toBe(2 ** -149);
    expect(nextDown32(0)).toBe(-(2 ** -149));
    expect(nextUp32(-(2 ** -149))).toBe(-0);
    expect(nextUp32(FLOAT32_MAX)).toBe(Infinity);
    expect(nextDown32(-FLOAT32_MAX)).toBe(-Infinity);
    expect(nextUp32(Infinity)).toBe(Infinity);
    expect(nextUp32(NaN)).toBeNaN();
    // Non-float32 input: the neighbouring float32 values around it.
    expect(nextUp32(0.1)).toBe(fround(0.1));
    expect(nextDown32(0.1)).toBe(float32FromBits(float32Bits(0.1) - 1));
  });

  it('ordinals are consecutive across the whole line and invert', () => {
    expect(float32Ordinal(0)).toBe(0);
    expect(float32Ordinal(-0)).toBe(-1);
    expect(float32Ordinal(2 ** -149)).toBe(1);
    expect(float32Ordinal(-(2 ** -149))).toBe(-2);
    expect(float32Ordinal(Infinity)).toBe(0x7f800000);
    expect(float32Ordinal(-Infinity)).toBe(-0x7f800001);
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (x) => {
        const k = float32Ordinal(x);
        return Object.is(float32FromOrdinal(k), x) && (x === Infinity || float32FromOrdinal(k + 1) > x || Object.is(x, -0));
      }),
      { seed: 3, numRuns: 5000 },
    );
    expect(() => float32Ordinal(0.1)).toThrow(/not a float32 value/);
    expect(() => float32Ordinal(NaN)).toThrow(/NaN/);
    expect(() => float32FromOrdinal(2 ** 31)).toThrow(/not an ordinal/);
  });

  it('counts float32 patterns in an interval, both zeros included', () => {
    expect(countFloat32(1, 2)).toBe(2 ** 23 + 1);
    expect(countFloat32(1, 1)).toBe(1);
    expect(countFloat32(2, 1)).toBe(0);
    expect(countFloat32(0.1, 0.1)).toBe(0);
    expect(countFloat32(-(2 ** -149), 2 ** -149)).toBe(4);
    expect(countFloat32(0, 0)).toBe(2);
    expect(countFloat32(-Infinity, Infinity)).toBe(2 ** 32 - 2 * (2 ** 23 - 1));
    expect(() => countFloat32(NaN, 1)).toThrow(/NaN/);
  });

  it('iterates every float32 in a range by bit pattern, and fills chunks identically', () => {
    const a = -(2 ** -148);
    const b = 2 ** -148;
    expect([...float32sIn(a, b)]).toEqual([-(2 ** -148), -(2 ** -149), -0, 0, 2 ** -149, 2 ** -148]);
    const lo = fround(-0.1700);
    const hi = nextUp32(nextUp32(lo));
    expect([...float32sIn(lo, hi)]).toEqual([lo, nextUp32(lo), hi]);
    const { first, last } = float32OrdinalRange(0.5, 0.75);
    const chunk = new Float32Array(1000);
    const values: number[] = [];
    for (let k = first; k <= last; k += chunk.length) {
      const n = fillFloat32s(chunk, k, last);
      for (let i = 0; i < n; i++) values.push(chunk[i]!);
    }
    expect(values.length).toBe(countFloat32(0.5, 0.75));
    expect(values[0]).toBe(0.5);
    expect(values[values.length - 1]).toBe(0.75);
    expect(values.every((v, i) => i === 0 || v === nextUp32(values[i - 1]!))).toBe(true);
  });
});
