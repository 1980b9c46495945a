import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel, targetFunction } from '../../src/codegen/names.js';
import { backwardKernel, PARAMS } from '../../src/codegen/wgsl-kernels.js';
import type { Fit } from '../../src/fit/fit-file.js';
import { activationOf } from '../../src/fit/activation-of.js';
import { loadFitTree } from '../../src/fit/load.js';
import { isOneBranch } from '../../src/functions/activation.js';
import { float32FromOrdinal, float32Ordinal, FLOAT32_MIN_NORMAL, fround, nextDown32, nextUp32, ulp32 } from '../../src/numerics/float32.js';
import { openWebGpu, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { float32Api } from '../helpers/float32-api.js';

// The built-ins and the functions fitted from an expression (fits/expr), whose forward kernels the
// expression compiler writes.
const fits = loadFitTree(new URL('../../fits', import.meta.url).pathname).map((f) => f.fit);
const NAMES = [...new Set(fits.map((f) => f.activation.name))];
/** The model the WGSL must match: the same IR in float32 (the generated TypeScript computes in float64). */
const api = float32Api();
const wgsl = (name: string) => readFileSync(new URL(`../../generated/wgsl/${name}`, import.meta.url), 'utf8');
const N = 1_000_000;

let gpu: WebGpuRunner;
beforeAll(async () => {
  gpu = await openWebGpu();
}, 120_000);
afterAll(async () => {
  await gpu?.close();
});

/** Whether y falls in a segment whose WGSL may differ from the float32 model (log, division). */
function approximateOps(fit: Fit, yv: number): boolean {
  if (Number.isNaN(yv) || fit.tails.some((t) => yv >= t.from)) return false;
  const s = fit.segments.find((seg) => yv < seg.hi) ?? fit.segments[fit.segments.length - 1]!;
  if (fit.lowTails?.some((t) => yv < t.below)) return false;
  return s.transform === 'log-neg' || s.transform === 'sqrt-log-neg' || s.transform === 'log' || s.form.kind === 'rational';
}

function inputs(fit: Fit): Float32Array {
  const lo = fit.segments[0]!.lo;
  const end = Math.min(...fit.tails.map((t) => t.from));
  const hi = end > 0 ? fround(end * 1.25) : nextDown32(end);
  const a = float32Ordinal(lo) - 100;
  const b = float32Ordinal(hi);
  const ys: number[] = [];
  for (let i = 0; i < N; i++) ys.push(float32FromOrdinal(a + Math.floor(((b - a) * i) / (N - 1))));
  for (const x of [...fit.segments.map((s) => s.lo), ...fit.tails.map((t) => t.from)]) {
    let v = nextDown32(nextDown32(x));
    for (let k = 0; k < 5; k++, v = nextUp32(v)) ys.push(v);
  }
  ys.push(0, -0, NaN, Infinity, -Infinity, 2 ** -149, -(2 ** -149), -(2 ** -126), -1e-40, fround(fit.yMin.hi) - 1e-3);
  return Float32Array.from(ys);
}

/** A one-branch (monotone) function's WGSL takes y only: no branch argument. */
function testShader(fnFile: string, fnName: string, code: number | undefined): string {
  return `${wgsl(fnFile)}
struct Params { n: u32, }
@group(0) @binding(0) var<storage, read> ys: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * (nwg.x * 64u);
  if (i >= params.n) { return; }
  out[i] = fi_${fnName}(ys[i]${code === undefined ? '' : `, ${code}u`});
}`;
}

describe('generated WGSL on WebGPU (headless Chromium)', () => {
  describe.each(fits.map((f) => [`${f.activation.name} ${f.target} ${f.branch.id}`, f] as const))('%s', (_label, fit) => {
    it('matches the float32 model: bit for bit but for rare 1-ulp contractions; within 4 ulp where log or division enter', async () => {
      const fnName = `${fit.activation.name}_${fit.target === 'inverse' ? 'inverse' : 'grad_from_output'}`;
      const ys = inputs(fit);
      const [out] = await gpu.map({
        shader: testShader(`${fit.activation.name}.wgsl`, fnName, fit.branch.only ? undefined : fit.branch.code),
        inputs: [{ binding: 0, data: ys }],
        outputs: [{ binding: 1, type: 'f32' }],
        countBinding: 2,
        chunk: 1 << 18,
      });
      const model = api[camel(fnName)]!;
      // WGSL may flush subnormals to zero (inputs and results), and may contract a·b + c into a
      // fused operation (SwiftShader does, rarely); elsewhere the same IEEE operations must give
      // the same bits.
      let exact = 0;
      let exactWorst = 0;
      let approxWorst = 0;
      for (let i = 0; i < ys.length; i++) {
        const yv = ys[i]!;
        const flushed = Math.abs(yv) < FLOAT32_MIN_NORMAL ? (yv < 0 || Object.is(yv, -0) ? -0 : 0) : yv;
        const want = model(flushed, fit.branch.code);
        const got = out![i]!;
        if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) continue;
        if (Math.abs(want) < FLOAT32_MIN_NORMAL && Math.abs(got) < FLOAT32_MIN_NORMAL) continue;
        // WGSL may also flush subnormal intermediates: y·P in x = y + y·P is subnormal for |y| just
        // above the normal range when P < 1 (mish: f′(0) = 0.6), and the WGSL result there is y.
        if (Math.abs(flushed) < 2 ** -124) continue;
        // So is y·P in g = y + y·P (softplus's grad) for y up to about 2^-101, where P(t) ≈ −4e-8 at the
        // segment's end: the flushed product leaves g = y, one ulp from the model's y − ulp.
        if (Math.abs(flushed) < 2 ** -100 && Math.abs(got - want) <= ulp32(want)) continue;
        const ulps = Math.abs(got - want) / ulp32(want);
        if (approximateOps(fit, flushed)) approxWorst = Math.max(approxWorst, ulps);
        else {
          exact++;
          exactWorst = Math.max(exactWorst, ulps);
        }
      }
      expect(exactWorst).toBeLessThanOrEqual(1);
      expect(exact / ys.length).toBeLessThan(1e-3);
      expect(approxWorst).toBeLessThanOrEqual(4);
    }, 120_000);
  });

  /**
   * Measured bounds of the forward kernels on SwiftShader (relative error of y in ulps, y above
   * 2^-100). gelu: the erfcc approximation (1.2e-7) and float32 rounding. gelu_tanh: its exponent
   * t = 2√(2/π)(x + 0.044715x³) is rounded to float32 and e^t multiplies that by |t| (up to
   * ~90), about 180 ulp at x ≈ −9: the float32 formula's own limit. The expression forwards are
   * their formulas in float32 (measured 80 ulp for mish at x ≈ −4.8, 39 for quickgelu and 18 for
   * xexp in the left tail, where a rounded exponent is amplified by |x|; 125 for softplus at
   * x ≈ −4.85, where log1p's argument e^x crosses 2^-7 and it takes SwiftShader's log).
   */
  const FORWARD_ULPS: Record<string, number> = { gelu: 12, silu: 8, gelu_tanh: 256, mish: 96, quickgelu: 48, xexp: 24, softplus: 150 };

  describe.each(NAMES)('%s kernels', (name) => {
    const a = activationOf(fits.find((f) => f.activation.name === name)!);
    const one = isOneBranch(a);
    it('forward: y within its measured bound of f(x), and the mask equal to x < x_min at and next to x_min (no mask for one branch)', async () => {
      const xs: number[] = [];
      for (let i = 0; i < N; i++) xs.push(-20 + (40 * i) / N);
      let v = nextDown32(nextDown32(nextDown32(fround(a.xMin))));
      for (let k = 0; k < 7; k++, v = nextUp32(v)) xs.push(v);
      while (xs.length % 32 !== 5) xs.push(a.xMin);
      const x = Float32Array.from(xs);
      const [y, mask] = await gpu.map({
        shader: wgsl(`${name}_forward.wgsl`),
        inputs: [{ binding: 0, data: x }],
        outputs: [{ binding: 1, type: 'f32' }, ...(one ? [] : [{ binding: 2, type: 'u32' as const, packedBits: true }])],
        countBinding: 3,
        chunk: 1 << 18,
      });
      if (!one) {
        const want = generated.packBranchBits(x, a.xMin);
        expect(Array.from(mask!.subarray(0, want.length))).toEqual(Array.from(want));
      }
      // Relative error of y where the exact y is above 2^-100: below it the intermediate e^(−x²/2)
      // becomes subnormal, which WGSL may flush to 0.
      let worst = 0;
      let at = 0;
      for (let i = 0; i < x.length; i++) {
        const exact = a.f(x[i]!);
        if (Math.abs(exact) < 2 ** -100) continue;
        const e = Math.abs(y![i]! - exact) / ulp32(exact);
        if (e > worst) [worst, at] = [e, x[i]!];
      }
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(FORWARD_ULPS[name]!);
    }, 120_000);

    it('backward: dx = dy·g(y, bit) from y and the packed mask (y alone for one branch), as the TypeScript model gives it', async () => {
      const n = 200_003;
      const x = new Float32Array(n);
      const dy = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        // Cauchy-spread (dense near 0, long tails), in a scrambled order so that neighbours take either branch.
        x[i] = fround(Math.tan(Math.PI * (((i * 7919) % n) + 0.5) / n - Math.PI / 2) * 2);
        dy[i] = fround(Math.sin(i) * 3);
      }
      const y = Float32Array.from(x, (v) => fround(a.f(v)));
      // One branch: no mask is bound, and every bit below is 0.
      const mask = one ? new Uint32Array(Math.ceil(n / 32)) : generated.packBranchBits(x, a.xMin);
      const [dx] = await gpu.dispatch({
        shader: wgsl(`${name}_backward.wgsl`),
        inputs: [{ binding: 0, data: y }, ...(one ? [] : [{ binding: 1, data: mask }]), { binding: 2, data: dy }],
        outputs: [{ binding: 3, type: 'f32', length: n }],
        uniforms: [{ binding: 4, data: Uint32Array.from([n]) }],
        workgroups: Math.ceil(n / 64),
      });
      const g = api[camel(`${name}_grad_from_output`)]!;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        const bit = (mask[i >>> 5]! >>> (i & 31)) & 1;
        const want = fround(dy[i]! * g(Math.abs(y[i]!) < FLOAT32_MIN_NORMAL ? 0 * y[i]! : y[i]!, bit));
        if (Object.is(dx![i], want) || Math.abs(want) < FLOAT32_MIN_NORMAL) continue;
        worst = Math.max(worst, Math.abs(dx![i]! - want) / ulp32(want));
      }
      expect(worst).toBeLessThanOrEqual(4);

      // The same functions in the kernel that gives each invocation one mask word (32 elements):
      // the same bits, n not a multiple of 32 included. (One branch has no mask words.)
      if (one) return;
      const text = wgsl(`${name}_backward.wgsl`);
      const [perWord] = await gpu.dispatch({
        shader: [text.slice(0, text.indexOf(PARAMS[0]!)), ...backwardKernel('fi_', targetFunction(name, 'grad'), undefined, 'word')].join('\n'),
        inputs: [{ binding: 0, data: y }, { binding: 1, data: mask }, { binding: 2, data: dy }],
        outputs: [{ binding: 3, type: 'f32', length: n }],
        uniforms: [{ binding: 4, data: Uint32Array.from([n]) }],
        workgroups: Math.ceil(mask.length / 64),
      });
      expect(Array.from(perWord!).findIndex((v, i) => !Object.is(v, dx![i]))).toBe(-1);
    }, 120_000);
  });
});
