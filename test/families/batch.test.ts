import { describe, expect, it } from 'vitest';
import { backwardBatch, familyKernels, forwardBatch, getFamily, packCodes, unpackCodes } from '../../src/index.js';
import { FLOAT32_MIN_SUBNORMAL, fround, nextDown32, nextUp32, ulp32 } from '../../src/numerics/float32.js';

const CASES = [
  ['xsilu', [-0.05]],
  ['xgelu', [0.2]],
  ['xatlu', [0.1]],
  ['xielu', [0.8, 0.8]],
] as const;

describe('the families’ typed-array API (what a trainable layer calls)', () => {
  it('packs and unpacks 1- and 2-bit codes (element i at bit i·k of word (i·k) >>> 5) and rejects bad input', () => {
    const codes = Array.from({ length: 37 }, (_, i) => i % 3);
    const words = packCodes(codes, 2);
    expect(words.length).toBe(3);
    expect(words[0]! & 0b111111).toBe(0b100100);
    expect(Array.from(unpackCodes(words, 37, 2))).toEqual(codes);
    expect(Array.from(unpackCodes(packCodes([1, 0, 1], 1), 3, 1))).toEqual([1, 0, 1]);
    expect(() => packCodes([2], 1)).toThrow(/code 0 must be an integer in \[0, 1\], got 2/);
    expect(() => unpackCodes(words, 100, 2)).toThrow(/length must be an integer in \[0, 48\]/);
    expect(() => familyKernels('relu')).toThrow(/unknown family "relu"; allowed: xsilu, xgelu, xatlu, xielu/);
  });

  it.each(CASES)('%s: backward from (y, codes) gives dx and Σ dy·∂f/∂θ as from x itself (relative 1e-4)', (name, theta) => {
    const k = familyKernels(name);
    const inst = getFamily(name).at(Object.fromEntries(k.parameters.map((n, i) => [n, theta[i]!])));
    const p = k.params(...theta);
    const n = 20_000;
    const x = Float32Array.from({ length: n }, (_, i) => fround(Math.tan(Math.PI * ((i + 0.5) / n - 0.5)) * 1.5));
    const dy = Float32Array.from({ length: n }, (_, i) => fround(Math.cos(0.37 * i)));
    const { y, codes } = forwardBatch(k, x, p);
    const { dx, dParams } = backwardBatch(k, y, codes, dy, p);
    const exact = k.parameters.map(() => 0);
    let worstDx = 0;
    for (let i = 0; i < n; i++) {
      const d = inst.dParams(x[i]!);
      k.parameters.forEach((pn, j) => (exact[j]! += dy[i]! * d[pn]!));
      const e = dy[i]! * inst.df(x[i]!);
      worstDx = Math.max(worstDx, Math.abs(dx[i]! - e) / Math.max(1, Math.abs(e)));
    }
    // The float32 y near a minimum loses x (the floor): dx there errs by about 1e-4 at most;
    // elsewhere the error is relative (xIELU's f' grows without bound).
    expect(worstDx).toBeLessThan(2e-4);
    exact.forEach((e, j) => expect(Math.abs(dParams[j]! - e) / Math.abs(e), k.parameters[j]).toBeLessThanOrEqual(1e-4));
  });
});

describe('xIELU on its forward’s clamp line (ε, 0], ε = −1e−6: code 2, inverted exactly', () => {
  const eps32 = fround(-1e-6); // the smallest float32 > −1e−6: on the line
  const xs = [nextDown32(eps32), eps32, nextUp32(eps32), -5e-7, -1e-9, -1e-30, -FLOAT32_MIN_SUBNORMAL, -0, 0, FLOAT32_MIN_SUBNORMAL, 1e-9].map(fround);
  it.each([
    [0.8, 0.8],
    [0.05, 4],
  ])('α_p = %s, α_n = %s: recovered x, dx and Σ dy·∂f/∂α as the formula gives them at x', (alphaP, alphaN) => {
    const k = familyKernels('xielu');
    const p = k.params(alphaP, alphaN);
    const x = Float32Array.from(xs);
    const { y, codes } = forwardBatch(k, x, p);
    const c = unpackCodes(codes, x.length, k.codeBits);
    expect(Array.from(c)).toEqual(xs.map((v) => (v > -1e-6 && v <= 0 ? 2 : 0)));
    // The formula's derivatives, from its definition: f' and ∂f/∂α_p, ∂f/∂α_n.
    const df = (v: number) => (v > 0 ? 2 * alphaP * v + 0.5 : v > -1e-6 ? 0.5 - alphaN : alphaN * Math.expm1(v) + 0.5);
    const dAp = (v: number) => (v > 0 ? v * v : 0);
    const dAn = (v: number) => (v > 0 ? 0 : Math.expm1(Math.min(v, -1e-6)) - v);
    xs.forEach((v, i) => {
      // y resolves x on the line to its ulp over the slope k = α_n − β.
      const bound = (4 * ulp32(y[i]!)) / (alphaN - 0.5) + ulp32(v);
      const xr = k.inverse(y[i]!, c[i]!, p);
      expect(Math.abs(xr - v), `x = ${v}`).toBeLessThanOrEqual(bound);
      const one = backwardBatch(k, y.subarray(i, i + 1), Uint32Array.of(c[i]!), Float32Array.of(1), p);
      expect(Math.abs(one.dx[0]! - df(v)), `dx at x = ${v}`).toBeLessThanOrEqual(4e-7 * Math.abs(df(v)));
      expect(Math.abs(one.dParams[0]! - dAp(v)), `∂f/∂α_p at x = ${v}`).toBeLessThanOrEqual(1e-6 * Math.abs(dAp(v)) + 1e-30);
      expect(Math.abs(one.dParams[1]! - dAn(v)), `∂f/∂α_n at x = ${v}`).toBeLessThanOrEqual(bound);
    });
  });
});
