import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { activationCode, generate } from '../../src/codegen/generate.js';
import { backwardFunction, camel } from '../../src/codegen/names.js';
import { SHIPPED_ARITHMETIC } from '../../src/codegen/typescript.js';
import { loadFits, loadFitTree } from '../../src/fit/load.js';
import { compileDispatch } from '../../src/ir/interpret.js';
import { float32FromOrdinal, float32Ordinal, FLOAT32_MIN_NORMAL, FLOAT32_MIN_SUBNORMAL, fround, nextDown32, nextUp32 } from '../../src/numerics/float32.js';
import { cli } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getActivation } from '../../src/functions/catalogue.js';

const entries = loadFits(new URL('../../fits', import.meta.url).pathname);
const codes = activationCode(entries);
const api = generated as unknown as Record<string, (y: number, branch: number) => number>;

/** n float32 y spread by ordinal over the branch's range, plus every boundary ± 2 ulps and the special values. */
function inputs(lo: number, hi: number, boundaries: readonly number[], n = 1_000_000): number[] {
  const ys: number[] = [];
  const a = float32Ordinal(fround(lo));
  const b = float32Ordinal(fround(hi));
  for (let i = 0; i < n; i++) ys.push(float32FromOrdinal(a + Math.floor(((b - a) * i) / (n - 1))));
  for (const x of boundaries) {
    let v = nextDown32(nextDown32(x));
    for (let k = 0; k < 5; k++, v = nextUp32(v)) ys.push(v);
  }
  ys.push(0, -0, NaN, Infinity, -Infinity, FLOAT32_MIN_SUBNORMAL, -FLOAT32_MIN_SUBNORMAL, -FLOAT32_MIN_NORMAL, FLOAT32_MIN_NORMAL, -1e-40, 1e30, -1e30);
  return ys;
}

describe('generated TypeScript', () => {
  describe.each(codes.flatMap((a) => (['inverse', 'grad'] as const).map((t) => [camel(a.targets[t].name), a, t] as const)))('%s', (name, a, target) => {
    const d = a.targets[target];
    const model = compileDispatch(d, SHIPPED_ARITHMETIC);
    const fn = api[name]!;

    it.each(d.branches.map((b) => [b.code] as const))('equals the IR interpreter bit for bit on branch code %i', (code) => {
      const fit = a.fits.find((f) => f.fit.target === target && f.fit.branch.code === code)!.fit;
      const tail = Math.min(...fit.tails.map((t) => t.from));
      const boundaries = [...fit.segments.map((s) => s.lo), ...fit.tails.map((t) => t.from)];
      const hi = Number.isFinite(tail) && tail !== 0 ? tail * (tail > 0 ? 1.5 : 0.5) : 0;
      const ys = inputs(fit.segments[0]!.lo - 1e-3, hi, boundaries);
      let mismatches = 0;
      let first = '';
      for (const yv of ys) {
        const want = model(yv, code);
        const got = fn(yv, code);
        if (!Object.is(got, want)) {
          if (mismatches++ === 0) first = `y = ${yv}: generated ${got}, IR ${want}`;
        }
      }
      expect(mismatches, first).toBe(0);
    });
  });

  // The built-ins and the expression fits (softplus: one branch, no mask).
  describe.each(activationCode(loadFitTree(new URL('../../fits', import.meta.url).pathname)).map((a) => [camel(backwardFunction(a.name)), a] as const))('%s', (name, a) => {
    const backward = (generated as unknown as Record<string, (...args: unknown[]) => Float32Array>)[name]!;
    const g = api[camel(a.targets.grad.name)]!;
    const one = a.oneBranch;
    const call = (ys: unknown, mask: unknown, dys: unknown, out?: unknown) => (one ? backward(ys, dys, ...(out ? [out] : [])) : backward(ys, mask, dys, ...(out ? [out] : [])));

    it('gives fl32(dy·g(y, bit)) of the per-element g, bit for bit, on every branch, the boundaries and the specials', () => {
      const ys: number[] = [];
      const codesOf: number[] = [];
      for (const b of a.targets.grad.branches) {
        const fit = a.fits.find((f) => f.fit.target === 'grad' && f.fit.branch.code === b.code)!.fit;
        const boundaries = [...fit.segments.map((s) => s.lo), ...fit.tails.map((t) => t.from)];
        const tail = Math.min(...fit.tails.map((t) => t.from));
        const batch = inputs(fit.segments[0]!.lo - 1e-3, Number.isFinite(tail) && tail !== 0 ? tail * (tail > 0 ? 1.5 : 0.5) : 0, boundaries, 100_000);
        for (const v of batch) {
          ys.push(v);
          codesOf.push(b.code);
        }
      }
      const n = ys.length;
      const y32 = Float32Array.from(ys);
      const mask = new Uint32Array((n + 31) >>> 5);
      codesOf.forEach((c, i) => {
        if (c === 1) mask[i >>> 5]! |= 1 << (i & 31);
      });
      const specials = [0, -0, 1, -1, NaN, Infinity, 3e-39];
      const dys = Float32Array.from({ length: n }, (_, i) => (i % 11 === 0 ? specials[(i / 11) % specials.length]! : fround(Math.sin(i) * 4)));
      const out = call(y32, mask, dys);
      expect(out).toBeInstanceOf(Float32Array);
      expect(out.length).toBe(n);
      let mismatches = 0;
      let first = '';
      for (let i = 0; i < n; i++) {
        const want = fround(dys[i]! * g(y32[i]!, codesOf[i]!));
        if (!Object.is(out[i], want) && mismatches++ === 0) first = `y = ${y32[i]}, code ${codesOf[i]}, dy = ${dys[i]}: ${out[i]}, want ${want}`;
      }
      expect(mismatches, first).toBe(0);
      const given = new Float32Array(n + 3);
      expect(call(y32, mask, dys, given)).toBe(given);
      expect(given.subarray(0, n)).toEqual(out);
    });

    it('rejects arrays of the wrong type or length, naming the argument and what it must be', () => {
      const ys = new Float32Array(40);
      const dys = new Float32Array(40);
      const mask = new Uint32Array(2);
      expect(() => call([1, 2], mask, dys)).toThrow(new TypeError(`${name}: ys must be a Float32Array (the saved output y)`));
      expect(() => call(ys, mask, new Float32Array(39))).toThrow(`${name}: dys must be a Float32Array of 40 elements, as many as ys`);
      expect(() => call(ys, mask, dys, new Float32Array(39))).toThrow(`${name}: out must be a Float32Array of at least 40 elements`);
      if (!one) {
        expect(() => call(ys, new Uint32Array(1), dys)).toThrow(`${name}: mask must be a Uint32Array of at least 2 words for 40 elements (packBranchBits)`);
        expect(() => call(ys, new Int32Array(2), dys)).toThrow(/mask must be a Uint32Array/);
      }
    });
  });

  it('exports the branch-mask helpers, which round-trip and match x < xMin', () => {
    const x = new Float32Array(1000).map((_, i) => (i % 7 === 0 ? NaN : (i - 500) / 300));
    const words = generated.packBranchBits(x, generated.geluXMin);
    expect(words.length).toBe(32);
    const codesBack = generated.unpackBranchBits(words, x.length);
    for (let i = 0; i < x.length; i++) expect(codesBack[i]).toBe(x[i]! < generated.geluXMin ? 1 : 0);
    expect(() => generated.packBranchBits([1, 2] as unknown as Float32Array, 0)).toThrow(/Float32Array/);
    expect(() => generated.unpackBranchBits(words, 1025)).toThrow(/length must be an integer in \[0, 1024\]/);
  });

  it('xMin constants split float32 x exactly at x_min', () => {
    for (const a of codes) {
      const xm = (generated as unknown as Record<string, number>)[`${camel(a.name)}XMin`]!;
      const exact = getActivation(a.name).xMin;
      expect(fround(xm)).toBe(xm);
      expect(nextDown32(xm) < exact && exact <= xm, a.name).toBe(true);
    }
  });
});

describe('generate', () => {
  it('is deterministic', () => {
    const options = { target: 'all', prefix: 'fi_', command: 'npx fit-inverse generate' } as const;
    expect(generate(entries, options)).toEqual(generate(entries, options));
  });

  it('--check passes on the checked-in files and names a stale one', () => {
    expect(cli('generate', '--check').code).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'fit-inverse-gen-'));
    expect(cli('generate', '--out', out).code).toBe(0);
    expect(cli('generate', '--out', out, '--check').code).toBe(0);
    writeFileSync(join(out, 'ts/silu.ts'), readFileSync(join(out, 'ts/silu.ts'), 'utf8').replace('0.5', '0.25'));
    const stale = cli('generate', '--out', out, '--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/stale: .*ts\/silu\.ts/);
    expect(stale.stderr.trim().split('\n')).toHaveLength(1);
    const bad = cli('generate', '--prefix', '1x');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--prefix must be a WGSL identifier/);
  });
});
