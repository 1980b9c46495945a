import { packBranchBits } from '../../generated/ts/index.js';
import type { TfjsActivation } from './activations.js';

/**
 * The typed-array loops behind the kernels, one pass per tensor. Forward rounds the exact float64
 * f once to float32 (DESIGN §6: y must be accurate, the backward inverts it); the packed mask
 * follows DESIGN §1 through the generated packBranchBits.
 */
export function forwardValues(act: TfjsActivation, x: Float32Array, y: Float32Array): void {
  const f = act.f;
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
}

/** The branch mask of x as int32 words, the dtype tfjs stores it in. */
export function branchMask(act: TfjsActivation, x: Float32Array): Int32Array {
  const words = packBranchBits(x, act.xMin);
  return new Int32Array(words.buffer, words.byteOffset, words.length);
}

/** dx = dy · g(y, bit) by the generated backward, the mask read in place: backward never sees x. */
export function backwardFromOutput(act: TfjsActivation, dy: Float32Array, y: Float32Array, mask: Int32Array, dx: Float32Array): void {
  act.backward(y, new Uint32Array(mask.buffer, mask.byteOffset, mask.length), dy, dx);
}

/** dx = dy · f'(x): the save-x baseline, f' exact in float64 and rounded once. */
export function backwardFromInput(act: TfjsActivation, dy: Float32Array, x: Float32Array, dx: Float32Array): void {
  const df = act.df;
  for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * df(x[i]!);
}
