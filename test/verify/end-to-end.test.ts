import { describe, expect, it } from 'vitest';
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32FromOrdinal, float32Ordinal, fround, ulpOfRounded32 } from '../../src/numerics/float32.js';
import { NEAR_BINS, X_BINS, xBin, xBinRange, Y_BINS, yBin, yBinRange } from '../../src/verify/end-to-end/bins.js';
import { endToEndChunk } from '../../src/verify/end-to-end/chunk.js';
import { endToEndKernel } from '../../src/verify/end-to-end/kernel.js';
import { maxOver, slot } from '../../src/verify/end-to-end/stats.js';
import { endToEnd } from '../../src/verify/end-to-end.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../../src/verify/published/optiacts.js';
import { cli } from '../helpers/cli.js';
import { asmJsWarnings } from './asm-warnings.js';

const fits = loadFits(new URL('../../fits', import.meta.url).pathname);
const PUBLISHED = { gelu: optiactsGeluGrad, silu: optiactsSiluGrad } as Record<string, (y: number, bit: number) => number>;

function setupFor(name: string) {
  const grad = (b: string) => {
    const fit = fits.find((f) => f.name === `${name}.${b}.grad.float32.json`)!.fit;
    return { fit, run: compileToJs(lowerFit(fit, 'shipped'), 'float32') };
  };
  return { activation: getActivation(name), left: grad('left'), right: grad('right'), published: true };
}

/**
 * The fast sweep (interpolated f and f', guarded rounding, windowed floor, asm.js models) against
 * the plain one (src/verify/end-to-end.ts: exact f, f' and inverse at every x, the IR interpreter),
 * on runs of consecutive float32 x. Each candidate's worst error must agree to 2^-14 ulp of f'
 * (the references' stated accuracy) plus 1e-9 relative.
 */
describe('end-to-end sweep', () => {
  const runs: [string, number, number][] = [];
  for (const name of ['gelu', 'gelu_tanh', 'silu']) {
    const a = getActivation(name);
    const xMin = float32Ordinal(fround(a.xMin));
    runs.push(
      [name, xMin - (1 << 15), 1 << 16],
      [name, float32Ordinal(fround(a.xMin - 0.3)), 1 << 14],
      [name, float32Ordinal(fround(-6)), 1 << 14],
      [name, -(1 << 13), 1 << 14],
      [name, float32Ordinal(fround(2)), 1 << 14],
      [name, float32Ordinal(fround(-1e30)), 1 << 12],
      [name, float32Ordinal(fround(3e38)) - (1 << 12), 1 << 12],
    );
  }
  it.each(runs)('%s: x from ordinal %i, %i float32', (name, first, count) => {
    const setup = setupFor(name);
    const stats = endToEndChunk(setup, { first, last: first + count - 1 });
    const [lo, hi] = [float32FromOrdinal(first), float32FromOrdinal(first + count - 1)];
    const a = setup.activation;
    const model = (b: 'left' | 'right') => setup[b].run;
    const plain = endToEnd(a, { ours: (yv, bit) => model(bit ? 'left' : 'right')(yv), ...(PUBLISHED[name] ? { published: PUBLISHED[name] } : {}) }, lo, hi, 1);
    expect(stats.values).toBe(count);
    expect(stats.candidates).toEqual(Object.keys(plain.max));
    stats.candidates.forEach((c, i) => {
      const fast = maxOver(stats.x, i, X_BINS);
      const slow = plain.max[c]!;
      const tolerance = 2 ** -14 * ulpOfRounded32(Math.max(Math.abs(a.df(lo)), Math.abs(a.df(hi)), 2 ** -126)) + 1e-9 * slow.abs;
      expect(Math.abs(fast.abs - slow.abs), `${c}: ${fast.abs} against ${slow.abs}`).toBeLessThanOrEqual(tolerance);
    });
  });
});

describe('end-to-end kernel', () => {
  it('is valid asm.js', async () => {
    const warnings = await asmJsWarnings(() => {
      const k = endToEndKernel(16, 3, -0.75, -0.17);
      k.round(16);
      k.fold(0, 16, 1);
    });
    expect(warnings).toEqual([]);
  });

  it('bins and folds as bins.ts says', () => {
    const a = getActivation('gelu');
    const n = 4096;
    const k = endToEndKernel(n, 3, a.xMin, a.yMin);
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const expected = { x: new Map<number, number>(), y: new Map<number, number>(), near: new Map<number, number>() };
    const keep = (m: Map<number, number>, key: number, e: number) => m.set(key, Math.max(m.get(key) ?? -1, e));
    for (let j = 0; j < n; j++) {
      const x = fround((rand() - 0.6) * 2 ** (rand() * 12 - 6) * (j % 5 === 0 ? 1 : 1e-3));
      k.x[j] = x;
      k.y[j] = fround(a.f(x));
      k.df[j] = a.df(x);
      k.floor[j] = a.df(x) + rand() * 1e-6;
      k.ours[j] = fround(a.df(x) - rand() * 1e-6);
      k.published[j] = j === 7 ? NaN : fround(a.df(x) * 1.01);
    }
    k.fold(0, n, 0);
    for (let j = 0; j < n; j++) {
      const e = Math.abs(k.ours[j]! - k.df[j]!);
      keep(expected.x, xBin(k.xBits[j]!), e);
      keep(expected.y, yBin(k.y[j]! - a.yMin), e);
      const offset = k.x[j]! - (a.xMin - 0.5);
      if (offset >= 0 && offset < 1) keep(expected.near, Math.min(NEAR_BINS - 1, Math.floor(offset * NEAR_BINS)), e);
    }
    for (const [b, e] of expected.x) expect(k.xPairs[slot(1, b, X_BINS)]).toBe(e);
    for (const [b, e] of expected.y) expect(k.yPairs[1][slot(1, b, Y_BINS)]).toBe(e);
    for (const [b, e] of expected.near) expect(k.nearPairs[slot(1, b, NEAR_BINS)]).toBe(e);
    expect(expected.near.size).toBeGreaterThan(10);
    // A candidate that returns NaN counts as an infinite error; the left bins stay empty.
    expect(maxOver(k.xPairs, 2, X_BINS).abs).toBe(Infinity);
    expect(maxOver(k.yPairs[0], 1, Y_BINS).abs).toBe(-1);
  });

  it('rounds f to float32, listing the values next to a rounding boundary', () => {
    const k = endToEndKernel(8, 2, -0.75, -0.17);
    const f = [0.1, 1 + 2 ** -24, 1 + 2 ** -24 + 2 ** -60, -1e-50, 1e-50, 3, 2 ** -150, -(2 ** -150)];
    f.forEach((v, j) => (k.f[j] = v));
    [1, 1, 1, -1, 1, 1, 1, -1].forEach((sign, j) => (k.x[j] = sign));
    const listed = Array.from(k.exactList.subarray(0, k.round(8)));
    expect(listed).toEqual([1, 2, 6, 7]);
    expect([k.y[0], k.y[3], k.y[4], k.y[5]]).toEqual([fround(0.1), -0, 0, 3]);
    expect(Object.is(k.y[3], -0)).toBe(true);
  });
});

describe('bins', () => {
  it('cover their ranges', () => {
    for (const d of [2 ** -31, 2 ** -30, 1e-8, 0.17, 1, 1.3, 255.9, 256, 1e30]) {
      const r = yBinRange(yBin(d));
      expect(d >= r.lo && d < r.hi || (d === 2 ** -30 && r.hi === 2 ** -30)).toBe(true);
    }
    for (const x of [0, -0, 2 ** -149, -1.5, 3, -3e38]) {
      const r = xBinRange(xBin(new Int32Array(new Float32Array([x]).buffer)[0]!));
      expect(Math.abs(x) >= r.lo && Math.abs(x) < r.hi).toBe(true);
      expect(r.sign).toBe(Object.is(x, -0) || x < 0 ? -1 : 1);
    }
  });
});

describe('fit-inverse verify --end-to-end', () => {
  it('rejects --sample (it sweeps every finite x)', () => {
    const r = cli('verify', '--end-to-end', '--sample', '10000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--end-to-end .* no --sample/);
  });
});
