import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWebGpu, WebGpuUnavailableError, type WebGpuRunner } from '../../src/verify/webgpu/runner.js';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomF32(n: number, seed: number): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (r() - 0.5) * 200;
  return out;
}

const AFFINE = /* wgsl */ `
@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> ys: array<f32>;
@group(0) @binding(2) var<uniform> count: u32;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= count) { return; }
  ys[i] = xs[i] * 2.0 + 1.0;
}
`;

const SIGN_BITS = /* wgsl */ `
@group(0) @binding(0) var<storage, read> xs: array<f32>;
@group(0) @binding(1) var<storage, read_write> bits: array<atomic<u32>>;
@group(0) @binding(2) var<uniform> count: u32;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= count) { return; }
  if (xs[i] < 0.0) {
    atomicOr(&bits[i >> 5u], 1u << (i & 31u));
  }
}
`;

describe('WebGPU runner (headless Chromium)', () => {
  let gpu: WebGpuRunner;

  beforeAll(async () => {
    gpu = await openWebGpu();
  }, 120_000);

  afterAll(async () => {
    await gpu?.close();
  }, 60_000);

  it('reports the adapter', () => {
    expect(typeof gpu.adapter.description).toBe('string');
    expect(typeof gpu.adapter.vendor).toBe('string');
    expect(typeof gpu.adapter.architecture).toBe('string');
    expect(typeof gpu.adapter.isFallback).toBe('boolean');
    expect(Array.isArray(gpu.adapter.features)).toBe(true);
    expect(gpu.adapter.vendor.length + gpu.adapter.architecture.length + gpu.adapter.description.length).toBeGreaterThan(0);
  });

  it('maps x*2+1 over 100,003 f32 in small chunks, bit for bit', async () => {
    const n = 100_003;
    const xs = randomF32(n, 1);
    // Include special values: signed zeros, subnormals, extremes, infinities.
    xs.set([0, -0, 1e-45, -1e-45, 1.17549435e-38, 3.4028235e38, -3.4028235e38, Infinity, -Infinity, 1.5e38]);
    const [ys] = await gpu.map({
      shader: AFFINE,
      inputs: [{ binding: 0, data: xs }],
      outputs: [{ binding: 1, type: 'f32' }],
      countBinding: 2,
      chunk: 4096 * 3,
    });
    expect(ys).toBeInstanceOf(Float32Array);
    expect(ys!.length).toBe(n);
    const got = new Uint32Array(ys!.buffer, ys!.byteOffset, n);
    const want = new Float32Array(n);
    for (let i = 0; i < n; i++) want[i] = Math.fround(xs[i]! * 2 + 1);
    const wantBits = new Uint32Array(want.buffer);
    let mismatches = 0;
    let firstBad = -1;
    for (let i = 0; i < n; i++) {
      if (got[i] !== wantBits[i]) {
        mismatches++;
        if (firstBad < 0) firstBad = i;
      }
    }
    expect({ mismatches, firstBad, x: firstBad < 0 ? null : xs[firstBad], got: firstBad < 0 ? null : ys![firstBad] }).toEqual({
      mismatches: 0,
      firstBad: -1,
      x: null,
      got: null,
    });
  });

  it('packs sign bits into u32 words (length not a multiple of 32)', async () => {
    const n = 70_001;
    const xs = randomF32(n, 2);
    const [bits] = await gpu.map({
      shader: SIGN_BITS,
      inputs: [{ binding: 0, data: xs }],
      outputs: [{ binding: 1, type: 'u32', packedBits: true }],
      countBinding: 2,
      chunk: 32 * 500,
    });
    expect(bits).toBeInstanceOf(Uint32Array);
    expect(bits!.length).toBe(Math.ceil(n / 32));
    const want = new Uint32Array(Math.ceil(n / 32));
    for (let i = 0; i < n; i++) if (xs[i]! < 0) want[i >> 5]! |= 1 << (i & 31);
    expect(Array.from(bits!)).toEqual(Array.from(want));
  });

  it('splits workgroups over y above 65535 and supports perElement', async () => {
    // workgroup_size(1) so 70,000 elements need 70,000 workgroups: dispatched as [65535, 2, 1].
    const shader = /* wgsl */ `
      @group(0) @binding(0) var<storage, read> xs: array<u32>;
      @group(0) @binding(1) var<storage, read_write> ys: array<u32>;
      @group(0) @binding(2) var<uniform> count: u32;
      @compute @workgroup_size(1)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
        let i = gid.x + gid.y * nwg.x;
        if (i >= count) { return; }
        ys[2u * i] = xs[i] + 1u;
        ys[2u * i + 1u] = i;
      }`;
    const n = 70_000;
    const xs = Uint32Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 0);
    const [ys] = await gpu.map({
      shader,
      inputs: [{ binding: 0, data: xs }],
      outputs: [{ binding: 1, type: 'u32', perElement: 2 }],
      countBinding: 2,
      workgroupSize: 1,
    });
    const want = new Uint32Array(2 * n);
    for (let i = 0; i < n; i++) {
      want[2 * i] = (xs[i]! + 1) >>> 0;
      want[2 * i + 1] = i;
    }
    expect(ys!.length).toBe(2 * n);
    expect(Buffer.from(ys!.buffer).equals(Buffer.from(want.buffer))).toBe(true);
  });

  it('moves large buffers (file input, download) and splits several outputs', async () => {
    const shader = /* wgsl */ `
      @group(0) @binding(0) var<storage, read> a: array<f32>;
      @group(0) @binding(1) var<storage, read> b: array<u32>;
      @group(0) @binding(2) var<storage, read_write> bitsOut: array<u32>;
      @group(0) @binding(3) var<storage, read_write> pairs: array<f32>;
      @group(0) @binding(4) var<uniform> count: u32;
      @compute @workgroup_size(64)
      fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
        let i = gid.x;
        if (i >= count) { return; }
        bitsOut[i] = bitcast<u32>(a[i]) ^ b[i];
        pairs[2u * i] = a[i] + 1.0;
        pairs[2u * i + 1u] = f32(b[i] & 0xffffu);
      }`;
    const n = 200_000;
    const a = randomF32(n, 3);
    const r = rng(4);
    const b = Uint32Array.from({ length: n }, () => Math.floor(r() * 2 ** 32));
    const [bitsOut, pairs] = await gpu.dispatch({
      shader,
      inputs: [
        { binding: 0, data: a },
        { binding: 1, data: b },
      ],
      outputs: [
        { binding: 2, type: 'u32', length: n },
        { binding: 3, type: 'f32', length: 2 * n },
      ],
      uniforms: [{ binding: 4, data: Uint32Array.of(n) }],
      workgroups: Math.ceil(n / 64),
    });
    const aBits = new Uint32Array(a.buffer);
    const wantBits = Uint32Array.from(aBits, (v, i) => (v ^ b[i]!) >>> 0);
    const wantPairs = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      wantPairs[2 * i] = Math.fround(a[i]! + 1);
      wantPairs[2 * i + 1] = b[i]! & 0xffff;
    }
    expect(bitsOut).toBeInstanceOf(Uint32Array);
    expect(pairs).toBeInstanceOf(Float32Array);
    expect(Buffer.from(bitsOut!.buffer).equals(Buffer.from(wantBits.buffer))).toBe(true);
    expect(Buffer.from(pairs!.buffer).equals(Buffer.from(wantPairs.buffer))).toBe(true);
  });

  it('reports a missing entry point', async () => {
    await expect(
      gpu.dispatch({
        shader: AFFINE,
        entryPoint: 'nope',
        inputs: [{ binding: 0, data: new Float32Array(4) }],
        outputs: [{ binding: 1, type: 'f32', length: 4 }],
        uniforms: [{ binding: 2, data: Uint32Array.of(4) }],
        workgroups: 1,
      }),
    ).rejects.toThrow(/pipeline creation failed[^]*nope/);
  });

  it('dispatch returns several outputs in order, with uniforms', async () => {
    const shader = /* wgsl */ `
      struct Params { scale: f32, offset: u32 }
      @group(0) @binding(3) var<uniform> params: Params;
      @group(0) @binding(0) var<storage, read> a: array<u32>;
      @group(0) @binding(2) var<storage, read_write> sum: array<u32>;
      @group(0) @binding(1) var<storage, read_write> scaled: array<f32>;
      @compute @workgroup_size(8)
      fn run(@builtin(global_invocation_id) gid: vec3<u32>) {
        let i = gid.x;
        if (i >= arrayLength(&a)) { return; }
        sum[i] = a[i] + params.offset;
        scaled[i] = f32(a[i]) * params.scale;
      }`;
    const a = Uint32Array.from({ length: 20 }, (_, i) => i * 3);
    const params = new Uint32Array(2);
    new Float32Array(params.buffer, 0, 1)[0] = 0.5;
    params[1] = 7;
    const [sum, scaled] = await gpu.dispatch({
      shader,
      entryPoint: 'run',
      inputs: [{ binding: 0, data: a }],
      outputs: [
        { binding: 2, type: 'u32', length: 20 },
        { binding: 1, type: 'f32', length: 20 },
      ],
      uniforms: [{ binding: 3, data: params }],
      workgroups: [3, 1, 1],
    });
    expect(Array.from(sum!)).toEqual(Array.from(a, (v) => v + 7));
    expect(Array.from(scaled!)).toEqual(Array.from(a, (v) => v * 0.5));
  });

  it('rejects a WGSL syntax error with the compiler message', async () => {
    const broken = AFFINE.replace('ys[i] = xs[i] * 2.0 + 1.0;', 'ys[i] = xs[i] * 2.0 + ;');
    const err = await gpu
      .dispatch({
        shader: broken,
        inputs: [{ binding: 0, data: new Float32Array(4) }],
        outputs: [{ binding: 1, type: 'f32', length: 4 }],
        uniforms: [{ binding: 2, data: Uint32Array.of(4) }],
        workgroups: 1,
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(/^WGSL compilation failed/);
    // The compiler's own message (from getCompilationInfo), with line:column and the source line.
    expect(message).toMatch(/error at 10:\d+: .*parse/);
    expect(message).toContain('ys[i] = xs[i] * 2.0 + ;');
    // The runner stays usable after a compilation failure.
    const [ok] = await gpu.dispatch({
      shader: AFFINE,
      inputs: [{ binding: 0, data: Float32Array.of(1, 2) }],
      outputs: [{ binding: 1, type: 'f32', length: 2 }],
      uniforms: [{ binding: 2, data: Uint32Array.of(2) }],
      workgroups: 1,
    });
    expect(Array.from(ok!)).toEqual([3, 5]);
  });

  it('times candidate dispatches, alternating, without reading outputs back', async () => {
    const n = 4096;
    const xs = randomF32(n, 5);
    const spec = (shader: string) => ({
      shader,
      inputs: [{ binding: 0, data: xs }],
      outputs: [{ binding: 1, type: 'f32' as const, length: n }],
      uniforms: [{ binding: 2, data: Uint32Array.of(n) }],
      workgroups: n / 64,
    });
    // A long minimum sample makes every sample run the most dispatches allowed.
    const r = await gpu.time({ candidates: [spec(AFFINE), spec(AFFINE.replace('* 2.0 + 1.0', '* 3.0'))], samples: 3, minSampleSeconds: 10, maxDispatchesPerSample: 2 });
    expect(r.dispatchesPerSample).toBe(2);
    // Opened without 'timestamp-query': wall time only.
    expect(r.timestampSeconds).toBeNull();
    expect(r.wallSeconds.map((c) => c.length)).toEqual([3, 3]);
    for (const t of r.wallSeconds.flat()) expect(Number.isFinite(t) && t >= 0).toBe(true);
    await expect(gpu.time({ candidates: [], samples: 1 })).rejects.toThrow(/at least one candidate/);
    await expect(gpu.time({ candidates: [spec(AFFINE)], samples: 0 })).rejects.toThrow(/samples must be a positive integer/);
    await expect(gpu.time({ candidates: [spec('not wgsl')], samples: 1 })).rejects.toThrow(/WGSL compilation failed/);
  });

  it('WebGpuUnavailableError names the executable and the stage', async () => {
    const err = await openWebGpu({ executablePath: '/nonexistent/chromium' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebGpuUnavailableError);
    const e = err as WebGpuUnavailableError;
    expect(e.stage).toBe('launch');
    expect(e.message).toContain('/nonexistent/chromium');
    expect(e.message).toContain('--enable-unsafe-webgpu');
  });
});
