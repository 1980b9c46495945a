import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyCodes } from '../../src/codegen/families/registry.js';
import { compileFamily } from '../../src/codegen/families/typescript.js';
import { structName } from '../../src/codegen/families/wgsl.js';
import { getFamily } from '../../src/functions/families/catalogue.js';
import { FLOAT32_MIN_NORMAL, fround, ulp32 } from '../../src/numerics/float32.js';
import { pieceSamples } from '../../src/verify/families/sweep.js';
import { hostParams } from '../../src/verify/families/point.js';
import { openWebGpu, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';

/**
 * The families' generated WGSL on WebGPU (headless Chromium, SwiftShader) against the TypeScript
 * model of the same IR, with the parameter block as a uniform. Only +, −, ×, floor and ldexp are
 * exact in both; WGSL's division and sqrt may differ by ulps and its log (in the guess's
 * variable) by more, which the Newton steps then mostly undo, and it may flush subnormals: below
 * |y| = 2^-100 the Newton residual (about 2^-24·|y|) is subnormal, so those y are left out.
 */
const TINY = 2 ** -100;
/**
 * SwiftShader takes seconds to compile each expanded gate's shaders (they unroll the Newton steps
 * over three pieces), so npm test runs xSiLU's per-element code and all of xIELU's kernels;
 * FIT_INVERSE_FAMILY_WEBGPU=all runs every family's kernels (about 50 s here).
 */
const ALL = process.env.FIT_INVERSE_FAMILY_WEBGPU === 'all';
const codes = familyCodes(new URL('../../fits', import.meta.url).pathname).filter((c) => ALL || c.name === 'xsilu' || c.name === 'xielu');
const kernels = (name: string) => ALL || name === 'xielu';
const wgsl = (name: string) => readFileSync(new URL(`../../generated/wgsl/families/${name}`, import.meta.url), 'utf8');
const PARAMS: Record<string, Record<string, number>> = { xsilu: { alpha: -0.05 }, xgelu: { alpha: 0.3 }, xatlu: { alpha: 0.01 }, xielu: { alpha_p: 0.8, alpha_n: 1.5 } };
const WG = 64;

let gpu: WebGpuRunner;
beforeAll(async () => {
  gpu = await openWebGpu();
}, 120_000);
afterAll(async () => {
  await gpu?.close();
});

/** ulps between two float32 results (0 when equal or both NaN; results below 2^-126 count as equal). */
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) || a === b) return 0;
  if (Math.abs(a) < FLOAT32_MIN_NORMAL && Math.abs(b) < FLOAT32_MIN_NORMAL) return 0;
  return Math.abs(a - b) / ulp32(b);
}

describe.each(codes.map((c) => [c.name, c] as const))('%s WGSL', (name, code) => {
  const run = compileFamily(code);
  const params = PARAMS[name]!;
  const p = hostParams(name, params);
  const block = `fi_${code.params.name}`;
  const uniform = { binding: 9, data: p };
  const declare = `@group(0) @binding(9) var<uniform> ${block}: ${structName('fi_', code)};`;

  it('per-element inverse and g match the TypeScript model on every piece (within the WGSL allowances)', async () => {
    const inst = getFamily(name).at(params);
    const ys: number[] = [];
    const cs: number[] = [];
    for (const piece of inst.pieces) {
      for (const y of pieceSamples(piece, 4000)) {
        if (Math.abs(y) < TINY && y !== 0) continue;
        ys.push(y);
        cs.push(piece.code);
      }
    }
    const shader = `${wgsl(`${name}.wgsl`)}
${declare}
struct Count { n: u32, }
@group(0) @binding(0) var<storage, read> ys: array<f32>;
@group(0) @binding(1) var<storage, read> cs: array<u32>;
@group(0) @binding(2) var<storage, read_write> inv: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<uniform> count: Count;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * (nwg.x * ${WG}u);
  if (i >= count.n) { return; }
  inv[i] = fi_${code.inverse.name}(ys[i], cs[i]);
  grad[i] = fi_${code.grad.name}(ys[i], cs[i]);
}`;
    const n = ys.length;
    const [inv, grad] = await gpu.dispatch({
      shader,
      inputs: [{ binding: 0, data: Float32Array.from(ys) }, { binding: 1, data: Uint32Array.from(cs) }],
      outputs: [{ binding: 2, type: 'f32', length: n }, { binding: 3, type: 'f32', length: n }],
      uniforms: [{ binding: 4, data: Uint32Array.of(n) }, uniform],
      workgroups: Math.ceil(n / WG),
    });
    let worst = 0;
    let exact = 0;
    let at = '';
    for (let i = 0; i < n; i++) {
      const y = fround(ys[i]!);
      const e = Math.max(ulpsApart(inv![i]!, run.inverse(y, cs[i]!, p)), ulpsApart(grad![i]!, run.grad(y, cs[i]!, p)));
      if (e === 0) exact++;
      if (e > worst) [worst, at] = [e, `y = ${y} code ${cs[i]}: ${inv![i]} vs ${run.inverse(y, cs[i]!, p)}, ${grad![i]} vs ${run.grad(y, cs[i]!, p)}`];
    }
    expect(worst, at).toBeLessThanOrEqual(16);
    expect(exact / n).toBeGreaterThan(0.5);
  }, 120_000);

  it.runIf(kernels(name))('the forward and backward kernels: y and the packed codes from x, then dx and dy·∂f/∂θ from them', async () => {
    const n = 8_000 + 7;
    const x = new Float32Array(n);
    const dy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = fround(Math.tan(Math.PI * ((i + 0.5) / n - 0.5)) * 2);
      dy[i] = fround(Math.sin(i) * 3);
    }
    const k = code.codeBits;
    const per = 32 / k;
    const words = Math.ceil(n / per);
    const [y, mask] = await gpu.dispatch({
      shader: wgsl(`${name}_forward.wgsl`),
      inputs: [{ binding: 0, data: x }],
      outputs: [{ binding: 1, type: 'f32', length: n }, { binding: 2, type: 'u32', length: words }],
      uniforms: [{ binding: 3, data: Uint32Array.of(n) }, { binding: 4, data: p }],
      workgroups: Math.ceil(words / WG),
    });
    const codeOf = (i: number) => (mask![(i * k) >>> 5]! >>> ((i * k) & 31)) & ((1 << k) - 1);
    let worstY = 0;
    let atX = NaN;
    for (let i = 0; i < n; i++) {
      expect(codeOf(i), `code of x = ${x[i]}`).toBe(run.code(x[i]!, p));
      // In ulps of max(|y|, |x|/4): where a·g − α crosses 0 (xGELU's left zero) y is the rounding
      // of a sum that cancels, so the two sides may differ by ulps of its terms (WGSL contracts a·b + c).
      const want = run.forward(x[i]!, p);
      const e = Math.abs(want) >= TINY ? Math.abs(y![i]! - want) / ulp32(Math.max(Math.abs(want), Math.abs(x[i]!) / 4)) : 0;
      if (e > worstY) [worstY, atX] = [e, x[i]!];
    }
    expect(worstY, `at x = ${atX}`).toBeLessThanOrEqual(4);
    const count = code.dParams.length;
    const [dx, dparams] = await gpu.dispatch({
      shader: wgsl(`${name}_backward.wgsl`),
      inputs: [{ binding: 0, data: y! as Float32Array }, { binding: 1, data: mask! as Uint32Array }, { binding: 2, data: dy }],
      outputs: [{ binding: 3, type: 'f32', length: n }, { binding: 4, type: 'f32', length: n * count }],
      uniforms: [{ binding: 5, data: Uint32Array.of(n) }, { binding: 6, data: p }],
      workgroups: Math.ceil(n / WG),
    });
    let worstDx = 0;
    let worstDp = 0;
    for (let i = 0; i < n; i++) {
      const yi = y![i]!;
      if (Math.abs(yi) < TINY) continue;
      const c = codeOf(i);
      worstDx = Math.max(worstDx, ulpsApart(dx![i]!, fround(dy[i]! * run.grad(yi, c, p))));
      const xr = run.inverse(yi, c, p);
      for (let j = 0; j < count; j++) worstDp = Math.max(worstDp, ulpsApart(dparams![i * count + j]!, fround(dy[i]! * run.dParams[j]!(xr, p))));
    }
    expect(worstDx).toBeLessThanOrEqual(16);
    expect(worstDp).toBeLessThanOrEqual(16);
  }, 120_000);
});
