import { readFileSync } from 'node:fs';
import { getActivation } from '../../src/functions/catalogue.js';
import type { DispatchSpec, WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { backwardData, SIGMAS, type BackwardData } from './data.js';
import { FUNCTIONS, type BenchFunction } from './functions.js';
import type { BenchOptions } from './options.js';
import { median, spread } from './timing.js';
import { describeAdapter, openForTiming, perDispatch, sampleRatios, workgroups } from './webgpu.js';
import { standardBackwardDoc, standardBackwardKernel, standardForwardKernel } from './wgsl-standard.js';
import { backwardSpec, treeBackwardShader } from './wgsl-ours.js';
import type { BackwardLayout } from '../../src/codegen/wgsl-kernels.js';

export function generatedKernel(fn: BenchFunction, kind: 'forward' | 'backward'): string {
  return readFileSync(new URL(`../../generated/wgsl/${fn}_${kind}.wgsl`, import.meta.url), 'utf8');
}

/** The kernels, bound to one data set; the bindings are the kernels' own (see their headers). */
export function kernels(fn: BenchFunction, d: BackwardData): Record<string, DispatchSpec> {
  const n = d.x.length;
  const count = Uint32Array.of(n);
  return {
    'ours: forward, y and packed mask': {
      shader: generatedKernel(fn, 'forward'),
      inputs: [{ binding: 0, data: d.x }],
      outputs: [
        { binding: 1, type: 'f32', length: n },
        { binding: 2, type: 'u32', length: d.mask.length },
      ],
      uniforms: [{ binding: 3, data: count }],
      workgroups: workgroups(d.mask.length),
    },
    'standard: forward, y only': {
      shader: standardForwardKernel(fn),
      inputs: [{ binding: 0, data: d.x }],
      outputs: [{ binding: 1, type: 'f32', length: n }],
      uniforms: [{ binding: 2, data: count }],
      workgroups: workgroups(n),
    },
    'ours: backward from (y, mask, dy)': {
      shader: generatedKernel(fn, 'backward'),
      inputs: [
        { binding: 0, data: d.y },
        { binding: 1, data: d.mask },
        { binding: 2, data: d.dy },
      ],
      outputs: [{ binding: 3, type: 'f32', length: n }],
      uniforms: [{ binding: 4, data: count }],
      workgroups: workgroups(n),
    },
    'standard: backward from (x, dy)': standardBackward(fn, d, 'element'),
    [OURS_WORD]: backwardSpec(treeBackwardShader(fn, 'word'), d, 'word'),
    [STANDARD_WORD]: standardBackward(fn, d, 'word'),
  };
}

const OURS_WORD = 'ours: backward, 32 per invocation';
export const STANDARD_WORD = 'standard: backward, 32 per invocation';

function standardBackward(fn: BenchFunction, d: BackwardData, layout: BackwardLayout): DispatchSpec {
  const n = d.x.length;
  return {
    shader: standardBackwardKernel(fn, layout),
    inputs: [
      { binding: 0, data: d.x },
      { binding: 1, data: d.dy },
    ],
    outputs: [{ binding: 2, type: 'f32', length: n }],
    uniforms: [{ binding: 3, data: Uint32Array.of(n) }],
    workgroups: workgroups(layout === 'element' ? n : Math.ceil(n / 32)),
  };
}

/** Both backward kernels once on the first elements with dy = 1: their f′ against the exact f′(x). */
async function checkBackward(gpu: WebGpuRunner, fn: BenchFunction, d: BackwardData): Promise<string> {
  const m = 1 << 16;
  const sub: BackwardData = { x: d.x.subarray(0, m), y: d.y.subarray(0, m), mask: d.mask.subarray(0, m / 32), dy: new Float32Array(m).fill(1) };
  const k = kernels(fn, sub);
  const df = getActivation(fn).df;
  const maxError = async (spec: DispatchSpec) => {
    const [dx] = await gpu.dispatch(spec);
    let worst = 0;
    for (let i = 0; i < m; i++) worst = Math.max(worst, Math.abs(dx![i]! - df(sub.x[i]!)));
    return worst.toExponential(1);
  };
  const [element, word] = [await gpu.dispatch(k['ours: backward from (y, mask, dy)']!), await gpu.dispatch(k[OURS_WORD]!)].map((r) => r[0]!);
  const same = element!.every((v, i) => Object.is(v, word![i]));
  return `max |f′ error| on ${m} of these x: standard ${await maxError(k['standard: backward from (x, dy)']!)} (32 per invocation ${await maxError(k[STANDARD_WORD]!)}), ours ${await maxError(k['ours: backward from (y, mask, dy)']!)} (ours includes the float32 floor of y near the minimum); ours 32 per invocation ${same ? 'gives the same bits' : 'DIFFERS'}`;
}

/**
 * Our WGSL kernels against standard ones on WebGPU in headless Chromium: SwiftShader (a CPU
 * implementation of Vulkan) unless FIT_INVERSE_CHROMIUM names a Chromium for a real GPU.
 */
export async function runWgsl(options: BenchOptions): Promise<void> {
  const n = options.quick ? 1 << 20 : 1 << 22;
  const samples = options.quick ? 5 : 9;
  let gpu: WebGpuRunner;
  try {
    gpu = await openForTiming();
  } catch (e) {
    console.log(`wgsl: not run: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  try {
    console.log(describeAdapter(gpu));
    for (const sigma of options.quick ? [1] : SIGMAS) {
      for (const fn of FUNCTIONS) {
        const data = backwardData(fn, n, sigma);
        const specs = kernels(fn, data);
        const names = Object.keys(specs);
        const r = await gpu.time({ candidates: Object.values(specs), samples, minSampleSeconds: 0.05 });
        const { seconds: s, method } = perDispatch(names, r);
        const wall = Object.fromEntries(names.map((k, i) => [k, r.wallSeconds[i]!]));
        const [oursF, stdF, oursB, stdB, oursW, stdW] = names as [string, string, string, string, string, string];
        console.log(`\n${fn}, ${n} elements, x ~ N(0, ${sigma}²): ${samples} samples, ${method}`);
        console.log(`  standard backward: ${standardBackwardDoc(fn)}`);
        for (const k of names) console.log(`  ${k.padEnd(36)} ${(n / median(s[k]!) / 1e6).toFixed(1).padStart(8)} M elem/s`);
        console.log(`  backward, ours / standard:            ×${spread(sampleRatios(s, [oursB], [stdB]))}`);
        console.log(`  backward, both 32 per invocation:     ×${spread(sampleRatios(s, [oursW], [stdW]))}  (32 / 1 per invocation: ours ×${spread(sampleRatios(s, [oursW], [oursB]))}, standard ×${spread(sampleRatios(s, [stdW], [stdB]))})`);
        console.log(`  forward, ours (with mask) / standard: ×${spread(sampleRatios(s, [oursF], [stdF]))}`);
        console.log(`  forward + backward, ours / standard:  ×${spread(sampleRatios(s, [oursF, oursB], [stdF, stdB]))}`);
        if (r.timestampSeconds) console.log(`  by wall time instead: backward ×${spread(sampleRatios(wall, [oursB], [stdB]))}, forward ×${spread(sampleRatios(wall, [oursF], [stdF]))}`);
        if (sigma === 1) console.log(`  ${await checkBackward(gpu, fn, data)}`);
      }
    }
  } finally {
    await gpu.close();
  }
}
