import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camel } from '../../src/codegen/names.js';
import { unpackBf16 } from '../../src/codegen/half-code.js';
import type { Fit } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import { FLOAT32_MIN_NORMAL, fround, ulp32 } from '../../src/numerics/float32.js';
import { halfToNumber, type HalfDtype } from '../../src/numerics/half.js';
import { openWebGpu, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { float32Api } from '../helpers/float32-api.js';

/**
 * The generated WGSL for y stored as bf16 and fp16, on WebGPU in headless Chromium (SwiftShader),
 * against the float32 evaluation of the same IR at all 65,536 patterns, both branch codes, both targets.
 * Bit for bit, but for what WGSL allows and SwiftShader does (as in test/codegen/wgsl.test.ts):
 * subnormal inputs and results flushed to zero (bf16 subnormals widen to float32 subnormals), rare
 * 1-ulp contractions of a·b + c, and up to 4 ulp where log or division enter.
 */
/** The model the WGSL must match: the same IR in float32 (the generated TypeScript computes in float64). */
const api = float32Api();
const wgsl = (name: string) => readFileSync(new URL(`../../generated/wgsl/${name}`, import.meta.url), 'utf8');
const fits = loadFits(new URL('../../fits', import.meta.url).pathname, ['bf16', 'fp16']);
const PATTERNS = 0x10000;
const UNPACK: Record<HalfDtype, (w: string) => string> = { bf16: unpackBf16, fp16: (w) => `unpack2x16float(${w})` };

let gpu: WebGpuRunner;
beforeAll(async () => {
  gpu = await openWebGpu();
}, 120_000);
afterAll(async () => {
  await gpu?.close();
});

/** Every pattern, two per u32 word, element 2k in the low half. */
const packed = Uint32Array.from({ length: PATTERNS / 2 }, (_, w) => ((2 * w + 1) << 16) | (2 * w));

function fitOf(name: string, dtype: HalfDtype, target: 'inverse' | 'grad', code: number): Fit {
  return fits.find((f) => f.fit.activation.name === name && f.fit.dtype === dtype && f.fit.target === target && f.fit.branch.code === code)!.fit;
}

/** Whether y falls in a segment whose WGSL may differ from the float32 model (log, division). */
function approximateOps(fit: Fit, yv: number): boolean {
  if (Number.isNaN(yv) || fit.tails.some((t) => yv >= t.from)) return false;
  const s = fit.segments.find((seg) => yv < seg.hi) ?? fit.segments[fit.segments.length - 1]!;
  return s.transform === 'log-neg' || s.transform === 'sqrt-log-neg' || s.form.kind === 'rational';
}

/** The widened y as SwiftShader sees it: float32 subnormals flushed to a zero of their sign. */
const flushed = (v: number) => (Math.abs(v) < FLOAT32_MIN_NORMAL && v !== 0 ? (v < 0 ? -0 : 0) : v);

interface Agreement {
  exactWorst: number;
  exactDiffering: number;
  approxWorst: number;
  compared: number;
}

function compare(got: number, want: number, approx: boolean, a: Agreement): void {
  a.compared++;
  if (Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))) return;
  if (Math.abs(want) < FLOAT32_MIN_NORMAL && Math.abs(got) < FLOAT32_MIN_NORMAL) return;
  const ulps = Math.abs(got - want) / ulp32(want);
  if (approx) a.approxWorst = Math.max(a.approxWorst, ulps);
  else {
    a.exactDiffering++;
    a.exactWorst = Math.max(a.exactWorst, ulps);
  }
}

const CASES = ['gelu', 'gelu_tanh', 'silu'].flatMap((name) => (['bf16', 'fp16'] as const).map((dtype) => [name, dtype] as const));

describe.each(CASES)('%s, y stored as %s: WGSL on WebGPU against the float32 model, every pattern', (name, dtype) => {
  const fn = (t: 'inverse' | 'grad') => `fi_${name}_${t === 'inverse' ? 'inverse' : 'grad_from_output'}_${dtype}`;
  const ts = (t: 'inverse' | 'grad') => api[camel(`${name}_${t === 'inverse' ? 'inverse' : 'grad_from_output'}_${dtype}_bits`)]!;

  it('composable functions: both targets and branch codes at all 65,536 patterns', async () => {
    const shader = `${wgsl(`${name}_${dtype}.wgsl`)}
@group(0) @binding(0) var<storage, read> ys: array<u32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let w = gid.x;
  let y = ${UNPACK[dtype]('ys[w]')};
  for (var k = 0u; k < 2u; k++) {
    let v = select(y.x, y.y, k == 1u);
    let i = (2u * w + k) * 4u;
    out[i] = ${fn('inverse')}(v, 0u);
    out[i + 1u] = ${fn('inverse')}(v, 1u);
    out[i + 2u] = ${fn('grad')}(v, 0u);
    out[i + 3u] = ${fn('grad')}(v, 1u);
  }
}`;
    const [out] = await gpu.dispatch({ shader, inputs: [{ binding: 0, data: packed }], outputs: [{ binding: 1, type: 'f32', length: 4 * PATTERNS }], workgroups: PATTERNS / 2 / 64 });
    const a: Agreement = { exactWorst: 0, exactDiffering: 0, approxWorst: 0, compared: 0 };
    let flushedInputs = 0;
    const cases = (['inverse', 'grad'] as const).flatMap((t, ti) =>
      [0, 1].map((code) => ({ slot: 2 * ti + code, code, fit: fitOf(name, dtype, t, code), bits: ts(t), widened: api[camel(`${name}_${t === 'inverse' ? 'inverse' : 'grad_from_output'}_${dtype}`)]! })),
    );
    for (let p = 0; p < PATTERNS; p++) {
      const v = halfToNumber(dtype, p);
      const seen = flushed(v);
      if (!Object.is(seen, v)) flushedInputs++;
      for (const c of cases) {
        // A flushed input is compared with the TypeScript at the zero it became.
        const want = Object.is(seen, v) ? c.bits(p, c.code) : c.widened(seen, c.code);
        compare(out![4 * p + c.slot]!, want, approximateOps(c.fit, seen), a);
      }
    }
    console.log(`${name} ${dtype}: ${a.compared} values, ${a.exactDiffering} differ where only +, −, ×, √ enter (worst ${a.exactWorst} ulp), worst ${a.approxWorst.toFixed(2)} ulp where log or ÷ enter; ${flushedInputs} subnormal inputs flushed by the implementation`);
    expect(a.exactWorst).toBeLessThanOrEqual(1);
    expect(a.exactDiffering / a.compared).toBeLessThan(1e-3);
    expect(a.approxWorst).toBeLessThanOrEqual(4);
  }, 120_000);

  it(`backward kernel (${dtype === 'bf16' ? 'bf16 pairs' : 'fp16 pairs through unpack2x16float'}): dx = dy·g(y, bit) at every pattern`, async () => {
    const n = PATTERNS - 1; // odd: the last word holds one element
    const mask = new Uint32Array((n + 31) >>> 5);
    const dy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      if ((i * 2654435761) % 5 < 2) mask[i >>> 5]! |= 1 << (i & 31);
      dy[i] = fround(Math.sin(i) * 3);
    }
    const kernel = wgsl(`${name}_${dtype}_${dtype === 'bf16' ? 'backward' : 'backward_unpack'}.wgsl`);
    const [dx] = await gpu.dispatch({
      shader: kernel,
      inputs: [{ binding: 0, data: packed }, { binding: 1, data: mask }, { binding: 2, data: dy }],
      outputs: [{ binding: 3, type: 'f32', length: n }],
      uniforms: [{ binding: 4, data: Uint32Array.from([n]) }],
      workgroups: Math.ceil(n / 2 / 64),
    });
    const g = api[camel(`${name}_grad_from_output_${dtype}`)]!;
    const gradFits = [fitOf(name, dtype, 'grad', 0), fitOf(name, dtype, 'grad', 1)];
    const a: Agreement = { exactWorst: 0, exactDiffering: 0, approxWorst: 0, compared: 0 };
    for (let i = 0; i < n; i++) {
      const bit = (mask[i >>> 5]! >>> (i & 31)) & 1;
      const seen = flushed(halfToNumber(dtype, i));
      compare(dx![i]!, fround(dy[i]! * g(seen, bit)), approximateOps(gradFits[bit]!, seen), a);
    }
    expect(a.exactWorst).toBeLessThanOrEqual(1);
    expect(a.exactDiffering / a.compared).toBeLessThan(1e-3);
    expect(a.approxWorst).toBeLessThanOrEqual(4);
  }, 120_000);

  if (dtype !== 'fp16') return;
  it("the f16 kernel (enable f16) runs where the adapter has 'shader-f16'", async (ctx) => {
    // SwiftShader has no 'shader-f16'; a GPU named by FIT_INVERSE_CHROMIUM may.
    if (!gpu.adapter.features.includes('shader-f16')) ctx.skip();
    const f16 = await openWebGpu({ requiredFeatures: ['shader-f16'] });
    try {
      const n = PATTERNS;
      const mask = new Uint32Array(n >>> 5).fill(0x55555555);
      const dy = new Float32Array(n).fill(1);
      const [dx] = await f16.dispatch({
        shader: wgsl(`${name}_fp16_backward.wgsl`),
        inputs: [{ binding: 0, data: packed }, { binding: 1, data: mask }, { binding: 2, data: dy }],
        outputs: [{ binding: 3, type: 'f32', length: n }],
        uniforms: [{ binding: 4, data: Uint32Array.from([n]) }],
        workgroups: n / 64,
      });
      const g = api[camel(`${name}_grad_from_output_fp16_bits`)]!;
      const a: Agreement = { exactWorst: 0, exactDiffering: 0, approxWorst: 0, compared: 0 };
      for (let i = 0; i < n; i++) compare(dx![i]!, g(i, (mask[i >>> 5]! >>> (i & 31)) & 1), approximateOps(fitOf(name, 'fp16', 'grad', i & 1 ? 0 : 1), halfToNumber('fp16', i)), a);
      expect(a.exactWorst).toBeLessThanOrEqual(1);
      expect(a.approxWorst).toBeLessThanOrEqual(4);
    } finally {
      await f16.close();
    }
  }, 120_000);
});
