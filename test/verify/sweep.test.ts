import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { parseHexFloat32, toHexFloat32 } from '../../src/ir/hex-float.js';
import { float32Ordinal, fround } from '../../src/numerics/float32.js';
import { approximationsOf, sweepChunk } from '../../src/verify/sweep/chunk.js';
import { cli } from '../helpers/cli.js';

const fitsDir = new URL('../../fits', import.meta.url).pathname;

describe('exhaustive sweep', () => {
  const gelu = getActivation('gelu');
  const fit = loadFits(fitsDir).find((f) => f.path.endsWith('gelu.right.grad.float32.json'))!.fit;
  const [approx] = approximationsOf([fit]).fits;
  /** The code, with its result at y = 0.75 scaled by `factor`: an error planted at one y. */
  const TARGET = fround(0.75);
  const planted = (run: (y: number) => number, factor: number) => (yv: number) => (yv === TARGET ? fround(run(yv) * factor) : run(yv));
  const k = float32Ordinal(TARGET);

  it('finds the same maximum as the fitter where both look (gelu right grad, first segment)', () => {
    const seg = fit.segments[0]!;
    const [stats] = sweepChunk(gelu, approximationsOf([fit]), { first: float32Ordinal(seg.lo), last: float32Ordinal(seg.hi) - 1, stride: 1 });
    // Every float32 of the segment: at least the fitter's sampled maximum (the two references
    // differ by float64 noise, about 1e-3 ulp), and within the bound.
    expect(stats!.float32[0]!.maxUlps).toBeGreaterThanOrEqual(seg.error.ulps - 0.01);
    expect(stats!.float32[0]!.maxUlps).toBeLessThanOrEqual(fit.bound.ulps);
    // float64 adds no rounding of its own before the last: within the bound, below float32's here.
    expect(stats!.float64[0]!.maxUlps).toBeLessThan(stats!.float32[0]!.maxUlps);
    expect(stats!.float64[0]!.count).toBe(stats!.float32[0]!.count);
  });

  it('measures the float64 code it is given on every y (an error planted at one y is found)', () => {
    const run64 = planted(approx!.run64, 1 + 2 ** -20);
    const [stats] = sweepChunk(gelu, { fits: [{ ...approx!, run64 }] }, { first: k - 50, last: k + 50, stride: 1 });
    expect(stats!.float64.reduce((n, s) => n + s.over, 0)).toBe(1);
    expect(stats!.float64.find((s) => s.over > 0)!.firstOver).toBe(TARGET);
    expect(stats!.float32.every((s) => s.over === 0)).toBe(true);
  });

  it('stops when the float32 model and the emitted TypeScript disagree, naming the fit and the y', () => {
    // A float32 code one float32 ulp off at a single y: the model must not vouch for it.
    const run32 = planted(approx!.run32, 1 + 2 ** -23);
    expect(() => sweepChunk(gelu, { fits: [{ ...approx!, run32 }] }, { first: k, last: k + 100, stride: 1 })).toThrow(/gelu right grad at y = 0\.75: /);
  });
});

describe('fit-inverse verify', () => {
  it('passes the checked-in fits on a sample, printing per-segment errors', () => {
    const r = cli('verify', 'silu', '--sample', '200000', '--workers', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/silu\.left\.grad\.float32\.json: \d+ y, max [\d.]+ ulp at y = /);
    expect(r.stdout).toMatch(/segment 0\s+\[/);
  });

  it('fails on a planted error, naming the fit, the segment and the y', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-inverse-planted-'));
    cpSync(fitsDir, dir, { recursive: true });
    const path = join(dir, 'silu.left.inverse.float32.json');
    const doc = JSON.parse(readFileSync(path, 'utf8'));
    const seg = doc.segments[5];
    seg.form.coefficients[1] = toHexFloat32(fround(parseHexFloat32(seg.form.coefficients[1])! * (1 + 2 ** -10)));
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const r = cli('verify', 'silu', '--sample', '200000', '--workers', '1', '--fits', dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/silu\.left\.inverse\.float32\.json: segment 5 \[[^)]+\): \d+ y over the bound of 2 ulp, first at y = /);
  });

  it('verifies a function fitted in float32 only without being asked for --dtype', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fit-inverse-float32-only-'));
    mkdirSync(join(dir, 'expr'));
    for (const f of readdirSync(join(fitsDir, 'expr')).filter((n) => n.startsWith('xexp.'))) cpSync(join(fitsDir, 'expr', f), join(dir, 'expr', f));
    const r = cli('verify', 'xexp', '--sample', '20000', '--workers', '1', '--fits', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/xexp\.right\.grad\.float32\.json: \d+ y, max [\d.]+ ulp/);
    expect(r.stdout).not.toMatch(/bf16|fp16/);
  });

  it('rejects bad options with exit code 2', () => {
    expect(cli('verify', '--sample', '10').code).toBe(2);
    expect(cli('verify', '--workers', '0').code).toBe(2);
    expect(cli('verify', 'relu').code).toBe(2);
  });
});
