import { readFileSync } from 'node:fs';
import { branchFunction, targetFunction } from '../../src/codegen/names.js';
import { backwardKernel } from '../../src/codegen/wgsl-kernels.js';
import type { Fit } from '../../src/fit/fit-file.js';
import { weightedCost } from '../../src/ir/cost.js';
import type { IrFunction } from '../../src/ir/ir.js';
import type { DispatchSpec, WebGpuRunner } from '../../src/verify/webgpu/runner.js';
import { backwardData, SIGMAS, sortedByOutput, type BackwardData } from './data.js';
import { FUNCTIONS, type BenchFunction } from './functions.js';
import { BRANCH_FREE, BY_SHAPE, FULL, sameFunctions, VARIANTS } from './ir-variants.js';
import type { BenchOptions } from './options.js';
import { allStatementsCost, meanGroupCost, meanPathCounts } from './path-cost.js';
import { median, spread } from './timing.js';
import { describeAdapter, openForTiming, perDispatch, sampleRatios } from './webgpu.js';
import { kernels, STANDARD_WORD } from './wgsl.js';
import { backwardShader, backwardSpec, gradFits, PREFIX } from './wgsl-ours.js';

/** The same kernel with g(y, bit) = y + bit: loads, stores and indexing only. */
function noGradShader(fn: BenchFunction): string {
  const name = targetFunction(fn, 'grad');
  return [`fn ${PREFIX}${name}(y: f32, branch: u32) -> f32 {`, '  return y + f32(branch);', '}', '', ...backwardKernel(PREFIX, name)].join('\n');
}

/** The kernel's per-element read of the mask (a u32 load and a shift). */
const MASK_READ = 'let branch = (mask_in[i >> 5u] >> (i & 31u)) & 1u;';

/** The same shader with the branch bit taken from the index instead of the mask: no mask load. */
function withoutMaskRead(shader: string): string {
  if (!shader.includes(MASK_READ)) throw new Error('wgsl-breakdown: the backward kernel no longer reads the mask as expected');
  return shader.replace(MASK_READ, 'let branch = (i >> 4u) & 1u;');
}

const PER_WORD = 'same, 32 per invocation (reads each mask word once)';

/** Whether the kernels give the same bits on every element of `d` (the first of them the reference). */
async function sameBits(gpu: WebGpuRunner, d: BackwardData, specs: readonly DispatchSpec[]): Promise<string> {
  const outputs = [];
  for (const spec of specs) outputs.push((await gpu.dispatch(spec))[0]!);
  const [want, ...others] = outputs;
  const differing = others.map((o) => {
    let k = 0;
    for (let i = 0; i < o.length; i++) if (!Object.is(o[i], want![i])) k++;
    return k;
  });
  return differing.every((k) => k === 0)
    ? `the ${others.length} alternative lowerings and layouts give the bits of ours on all ${d.y.length} elements`
    : `DIFFERING elements, per alternative: ${differing.join(', ')} of ${d.y.length}`;
}

const LANES = 32;
const MODEL_ELEMENTS = 1 << 16;

/**
 * What divergence costs by the IR cost model, at each spread of x: no timing, so it says what a
 * GPU's SIMD groups would run even where only SwiftShader (which runs every block) is at hand.
 */
function divergenceModel(left: IrFunction, right: IrFunction, fn: BenchFunction): string {
  const all = allStatementsCost([left, right]);
  const at = SIGMAS.map((sigma) => {
    const d = backwardData(fn, MODEL_ELEMENTS, sigma);
    const own = weightedCost(meanPathCounts(left, right, d.y, d.mask, MODEL_ELEMENTS));
    const group = meanGroupCost(left, right, d.y, d.mask, MODEL_ELEMENTS, LANES);
    return `x ~ N(0, ${sigma}²): one element's own path ${own.toFixed(1)}, a ${LANES}-lane group ${group.weighted.toFixed(1)} (${group.returns.toFixed(1)} of the ${all.returns} returning blocks)`;
  });
  return `IR cost model, weighted operations: ${at.join('; ')}; every block (SwiftShader, or no branches) ${all.weighted.toFixed(1)}`;
}

/**
 * Where the time of our WGSL backward kernel goes: the same variants as in V8, built from the
 * same IR and emitted by the same WGSL emitter, plus the same elements sorted by (bit, y) (then
 * neighbouring invocations take the same segment, so divergence costs nothing).
 */
export async function runWgslBreakdown(options: BenchOptions): Promise<void> {
  const n = options.quick ? 1 << 20 : 1 << 22;
  const samples = options.quick ? 5 : 11;
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
      const pair = gradFits(fn);
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
      const standard = kernels(fn, data);
      const specs: Record<string, DispatchSpec> = { [standardLabel]: standard[standardLabel]!, [STANDARD_WORD]: standard[STANDARD_WORD]!, [fullLabel]: backwardSpec(full, data) };
      const add = (label: string, part: string, spec: DispatchSpec) => {
        specs[label] = spec;
        parts[label] = part;
      };
      specs[BY_SHAPE.label] = backwardSpec(shader(variant(BY_SHAPE.build)), data);
      const branchFree = variant(BRANCH_FREE.build);
      specs[BRANCH_FREE.label] = backwardSpec(shader(branchFree), data);
      specs[PER_WORD] = backwardSpec(backwardShader(fn, pair, fullIr.left, fullIr.right, 'word'), data, 'word');
      specs[`same, ${BRANCH_FREE.short} and 32 per invocation`] = backwardSpec(backwardShader(fn, pair, branchFree.left, branchFree.right, 'word'), data, 'word');
      /** The alternatives that must give the bits of ours (the others compute wrong values on purpose). */
      const sameValues = [BY_SHAPE.label, BRANCH_FREE.label, PER_WORD, `same, ${BRANCH_FREE.short} and 32 per invocation`];
      add('same kernel, g(y, bit) = y + bit: loads, stores only', 'g itself', backwardSpec(noGradShader(fn), data));
      add('same, branch bit from the index: no mask load', 'the mask read (u32 load, shift)', backwardSpec(withoutMaskRead(full), data));
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
      console.log(`  (${await sameBits(gpu, data, [backwardSpec(full, data), ...sameValues.map((label) => specs[label]!)])})`);
      console.log(`  ${divergenceModel(fullIr.left, fullIr.right, fn)}`);
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
