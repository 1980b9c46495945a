import { describe, expect, it } from 'vitest';
import { backwardBatch, familyKernels, forwardBatch, getFamily, packCodes, unpackCodes } from '../../src/index.js';
import { fround } from '../../src/numerics/float32.js';

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
      // xIELU's clamp on (−1e−6, 0] is not what its inverse inverts (see xielu.ts).
      if (name === 'xielu' && x[i]! > -1e-6 && x[i]! <= 0) continue;
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
