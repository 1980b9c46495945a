import { readFileSync } from 'node:fs';
import { branchFunction, targetFunction } from '../../src/codegen/names.js';
import { backwardKernel } from '../../src/codegen/wgsl-kernels.js';
import { wgslDispatch, wgslFunction } from '../../src/codegen/wgsl.js';
import type { Fit } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import type { IrDispatch, IrFunction } from '../../src/ir/ir.js';
import { lowerDispatch } from '../../src/ir/lower.js';
import type { DispatchSpec, WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { backwardData, sortedByOutput, type BackwardData } from './data.js';
import { FUNCTIONS, type BenchFunction } from './functions.js';
import { FULL, sameFunctions, BY_SHAPE, VARIANTS } from './ir-variants.js';
import type { BenchOptions } from './options.js';
import { median, spread } from './timing.js';
import { describeAdapter, openForTiming, perDispatch, sampleRatios, workgroups } from './webgpu.js';
import { kernels } from './wgsl.js';

const PREFIX = 'fi_';

/** A backward kernel as the generator writes it (functions, dispatcher, kernel), with any two IR functions for the fits. */
function backwardShader(fn: BenchFunction, fits: { left: Fit; right: Fit }, left: IrFunction, right: IrFunction): string {
  const name = targetFunction(fn, 'grad');
  const lowered = lowerDispatch(name, fits.left, fits.right, (b) => branchFunction(fn, 'grad', b));
  const d: IrDispatch = { ...lowered, branches: [{ ...lowered.branches[0]!, fn: left }, { ...lowered.branches[1]!, fn: right }] };
  return [...wgslFunction(left, PREFIX), '', ...wgslFunction(right, PREFIX), '', ...wgslDispatch(d, PREFIX), '', ...backwardKernel(PREFIX, name)].join('\n');
}

/** The same kernel with g(y, bit) = y + bit: loads, stores and indexing only. */
function noGradShader(fn: BenchFunction): string {
  const name = targetFunction(fn, 'grad');
  return [`fn ${PREFIX}${name}(y: f32, branch: u32) -> f32 {`, '  return y + f32(branch);', '}', '', ...backwardKernel(PREFIX, name)].join('\n');
}

function backwardSpec(shader: string, d: BackwardData): DispatchSpec {
  const n = d.y.length;
  return {
    shader,
    inputs: [
      { binding: 0, data: d.y },
      { binding: 1, data: d.mask },
      { binding: 2, data: d.dy },
    ],
    outputs: [{ binding: 3, type: 'f32', length: n }],
    uniforms: [{ binding: 4, data: Uint32Array.of(n) }],
    workgroups: workgroups(n),
  };
}

/**
 * Where the time of our WGSL backward kernel goes: the same variants as in V8, built from the
 * same IR and emitted by the same WGSL emitter, plus the same elements sorted by (bit, y) (then
 * neighbouring invocations take the same segment, so divergence costs nothing).
 */
export async function runWgslBreakdown(options: BenchOptions): Promise<void> {
  const n = options.quick ? 1 << 20 : 1 << 22;
  const samples = options.quick ? 5 : 11;
  const fits = loadFits(new URL('../../fits', import.meta.url).pathname).map((f) => f.fit);
  let gpu: WebGpuRunner;
  try {
    gpu = await openForTiming();
  } catch (e) {
    console.log(`wgsl-breakdown: not run: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  try {
    console.log(describeAdapter(gpu));
    for (const fn of FUNCTIONS) {
      const grad = (branch: 'left' | 'right'): Fit => fits.find((f) => f.activation.name === fn && f.branch.id === branch && f.target === 'grad')!;
      const pair = { left: grad('left'), right: grad('right') };
      const variant = (build: (fit: Fit, name: string) => IrFunction) => ({
        left: build(pair.left, branchFunction(fn, 'grad', 'left')),
        right: build(pair.right, branchFunction(fn, 'grad', 'right')),
      });
      const shader = (v: { left: IrFunction; right: IrFunction }) => backwardShader(fn, pair, v.left, v.right);
      const fullIr = variant(FULL.build);
      const full = shader(fullIr);
      const generatedText = readFileSync(new URL(`../../generated/wgsl/${fn}_backward.wgsl`, import.meta.url), 'utf8');
      const data = backwardData(fn, n, 1);
      const standardLabel = 'standard: backward from (x, dy)';
      const fullLabel = 'ours: backward kernel from the IR';
      const parts: Record<string, string> = {};
      const specs: Record<string, DispatchSpec> = { [standardLabel]: kernels(fn, data)[standardLabel]!, [fullLabel]: backwardSpec(full, data) };
      const add = (label: string, part: string, spec: DispatchSpec) => {
        specs[label] = spec;
        parts[label] = part;
      };
      specs[BY_SHAPE.label] = backwardSpec(shader(variant(BY_SHAPE.build)), data);
      add('same kernel, g(y, bit) = y + bit: loads, stores only', 'g itself', backwardSpec(noGradShader(fn), data));
      add('same, elements sorted by (bit, y): no divergence', 'divergent segment selection', backwardSpec(full, sortedByOutput(data)));
      const absent: string[] = [];
      for (const v of VARIANTS) {
        const ir = variant(v.build);
        if (sameFunctions(ir, fullIr)) absent.push(v.part);
        else add(`same, ${v.label}`, v.part, backwardSpec(shader(ir), data));
      }

      const names = Object.keys(specs);
      const { seconds: s, method } = perDispatch(names, await gpu.time({ candidates: Object.values(specs), samples, minSampleSeconds: 0.05 }));
      console.log(`\n${fn}: where the time of our backward kernel goes, ${n} elements, x ~ N(0, 1): ${samples} samples, ${method}`);
      console.log(`  (the kernel from the IR is ${generatedText.endsWith(`${full}\n`) ? 'identical to' : 'NOT the same as'} generated/wgsl/${fn}_backward.wgsl below its header)`);
      const width = Math.max(...names.map((k) => k.length));
      console.log(`  ${''.padEnd(width)}  ${'× standard'.padEnd(18)}  ${'× ours'.padEnd(18)}  cost of the part removed, share of ours`);
      const shares: string[] = [];
      for (const k of names) {
        const toFull = sampleRatios(s, [k], [fullLabel]);
        const part = parts[k];
        const share = part === undefined ? '' : `${part}: ${(100 * (1 - median(toFull))).toFixed(0)}%`;
        if (part !== undefined) shares.push(share);
        console.log(`  ${k.padEnd(width)}  ${spread(sampleRatios(s, [k], [standardLabel])).padEnd(18)}  ${(k === fullLabel ? '1' : spread(toFull)).padEnd(18)}  ${share}`);
      }
      if (absent.length > 0) console.log(`  not in these fits, so not measured: ${absent.join(', ')}`);
      console.log(`  ${fn}: ours is ×${median(sampleRatios(s, [fullLabel], [standardLabel])).toFixed(2)} of the standard kernel; of ours, ${shares.join('; ')}`);
    }
  } finally {
    await gpu.close();
  }
}
