import * as generated from '../../generated/ts/index.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../../src/verify/published/optiacts.js';

/** The activations benchmarked, with the generated code each candidate calls. */
export const FUNCTIONS = ['gelu', 'gelu_tanh', 'silu'] as const;
export type BenchFunction = (typeof FUNCTIONS)[number];

/** The smallest float32 ≥ x_min: the branch bit of a float32 x is x < XMIN32. */
export const XMIN32: Record<BenchFunction, number> = {
  gelu: generated.geluXMin,
  gelu_tanh: generated.geluTanhXMin,
  silu: generated.siluXMin,
};

/** The generated g(y, branch) = f'(f⁻¹(y)). */
export const GRAD_FROM_OUTPUT: Record<BenchFunction, (y: number, branch: number) => number> = {
  gelu: generated.geluGradFromOutput,
  gelu_tanh: generated.geluTanhGradFromOutput,
  silu: generated.siluGradFromOutput,
};

/** The generated backward over arrays: out[i] = dy[i]·g(y[i], bit i), g written out in its loop. */
export const BACKWARD: Record<BenchFunction, (y: Float32Array, mask: Uint32Array, dy: Float32Array, out: Float32Array) => Float32Array> = {
  gelu: generated.geluBackward,
  gelu_tanh: generated.geluTanhBackward,
  silu: generated.siluBackward,
};

/** The published optiacts approximations (our float32 port); there is none for GELU-tanh. */
export const PUBLISHED: Partial<Record<BenchFunction, (y: number, left: number) => number>> = {
  gelu: optiactsGeluGrad,
  silu: optiactsSiluGrad,
};
