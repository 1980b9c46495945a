import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { parseHexFloat32, toHexFloat32 } from '../../src/ir/hex-float.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32Ordinal, fround } from '../../src/numerics/float32.js';
import { sweepChunk } from '../../src/verify/sweep/chunk.js';
import { cli } from '../helpers/cli.js';

const fitsDir = new URL('../../fits', import.meta.url).pathname;

describe('exhaustive sweep', () => {
  it('finds the same maximum as the fitter where both look (gelu right grad, first segment)', () => {
    const a = getActivation('gelu');
    const fit = loadFits(fitsDir).find((f) => f.path.endsWith('gelu.right.grad.float32.json'))!.fit;
    const run = compileToJs(lowerFit(fit, 'g'));
    const seg = fit.segments[0]!;
    const [stats] = sweepChunk(a, { fits: [{ fit, run }] }, { first: float32Ordinal(seg.lo), last: float32Ordinal(seg.hi) - 1, stride: 1 });
    // Every float32 of the segment: at least the fitter's sampled maximum (the two references
    // differ by float64 noise, about 1e-3 ulp), and within the bound.
    expect(stats![0]!.maxUlps).toBeGreaterThanOrEqual(seg.error.ulps - 0.01);
    expect(stats![0]!.maxUlps).toBeLessThanOrEqual(fit.bound.ulps);
  });

  it('stops when the float32 model and the emitted TypeScript disagree, naming the fit and the y', () => {
    const a = getActivation('gelu');
    const fit = loadFits(fitsDir).find((f) => f.path.endsWith('gelu.right.grad.float32.json'))!.fit;
    const shipped = compileToJs(lowerFit(fit, 'g'));
    // A "shipped" code one float32 ulp off at a single y: the model must not vouch for it.
    const target = fround(0.75);
    const run = (yv: number) => (yv === target ? fround(shipped(yv) * (1 + 2 ** -23)) : shipped(yv));
    const k = float32Ordinal(target);
    expect(() => sweepChunk(a, { fits: [{ fit, run }] }, { first: k, last: k + 100, stride: 1 })).toThrow(/gelu right grad at y = 0\.75: /);
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
