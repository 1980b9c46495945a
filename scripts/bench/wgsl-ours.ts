import { branchFunction, targetFunction } from '../../src/codegen/names.js';
import { backwardKernel, type BackwardLayout } from '../../src/codegen/wgsl-kernels.js';
import { wgslDispatch, wgslFunction } from '../../src/codegen/wgsl.js';
import type { Fit } from '../../src/fit/fit-file.js';
import type { IrDispatch, IrFunction } from '../../src/ir/ir.js';
import { loadFits } from '../../src/fit/load.js';
import { lowerDispatch, lowerFit } from '../../src/ir/lower.js';
import type { DispatchSpec } from '../../src/verify/webgpu/runner.js';
import type { BackwardData } from './data.js';
import type { BenchFunction } from './functions.js';
import { workgroups } from './webgpu.js';

/** Our backward kernels as the bench builds them from the IR: the same text as the generator's. */

export const PREFIX = 'fi_';

/**
 * A backward kernel as the generator writes it (functions, dispatcher, kernel), with any two IR
 * functions for the fits and either layout of elements over invocations.
 */
export function backwardShader(fn: BenchFunction, fits: { left: Fit; right: Fit }, left: IrFunction, right: IrFunction, layout: BackwardLayout = 'element'): string {
  const name = targetFunction(fn, 'grad');
  const lowered = lowerDispatch(name, fits.left, fits.right, (b) => branchFunction(fn, 'grad', b));
  const d: IrDispatch = { ...lowered, branches: [{ ...lowered.branches[0]!, fn: left }, { ...lowered.branches[1]!, fn: right }] };
  return [...wgslFunction(left, PREFIX), '', ...wgslFunction(right, PREFIX), '', ...wgslDispatch(d, PREFIX), '', ...backwardKernel(PREFIX, name, undefined, layout)].join('\n');
}

/** The float32 grad fits of `fn`, both branches. */
export function gradFits(fn: BenchFunction): { left: Fit; right: Fit } {
  const fits = loadFits(new URL('../../fits', import.meta.url).pathname).map((f) => f.fit);
  const grad = (branch: 'left' | 'right'): Fit => fits.find((f) => f.activation.name === fn && f.branch.id === branch && f.target === 'grad' && f.dtype === 'float32')!;
  return { left: grad('left'), right: grad('right') };
}

/** The shipped backward kernel (the tree lowering), in either layout. */
export function treeBackwardShader(fn: BenchFunction, layout: BackwardLayout): string {
  const fits = gradFits(fn);
  return backwardShader(fn, fits, lowerFit(fits.left, branchFunction(fn, 'grad', 'left')), lowerFit(fits.right, branchFunction(fn, 'grad', 'right')), layout);
}

/** The dispatch of a backward kernel (bindings as in src/codegen/wgsl-kernels.ts) over all of `d`. */
export function backwardSpec(shader: string, d: BackwardData, layout: BackwardLayout = 'element'): DispatchSpec {
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
    workgroups: workgroups(layout === 'element' ? n : d.mask.length),
  };
}
