import { engine, getGradient, getKernel, registerGradient, registerKernel, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs';
import { tfjsActivation } from './activations.js';
import { backwardFromInput, backwardFromOutput, branchMask, forwardValues } from './elementwise.js';
import { elementwiseRunner } from './kernel-io.js';

/**
 * Registered tfjs kernels. The inverted activation returns [y, mask] and its gradient config
 * saves both outputs (outputsToSave), so the tape keeps y, which the next matmul keeps anyway,
 * and one bit per element, never x. The saved-input kernels are the "save x only" baseline.
 */
export const INVERTED_KERNEL = 'FitInverseActivation';
export const INVERTED_GRAD_KERNEL = 'FitInverseActivationGrad';
export const SAVED_INPUT_KERNEL = 'FitInverseSavedInputActivation';
export const SAVED_INPUT_GRAD_KERNEL = 'FitInverseSavedInputActivationGrad';

/** The backends the kernels are registered for; tfjs-node's is 'tensorflow' (used when installed). */
export const KERNEL_BACKENDS = ['cpu', 'wasm', 'tensorflow'] as const;

export interface ActivationAttrs extends NamedAttrMap {
  activation: string;
}

export type KernelFunc = (args: { inputs: NamedTensorInfoMap; backend: KernelBackend; attrs?: NamedAttrMap }) => TensorInfo | TensorInfo[];

function kernels(backendName: string): Record<string, KernelFunc> {
  const run = elementwiseRunner(backendName);
  const act = (attrs: NamedAttrMap | undefined) => tfjsActivation(attrs?.['activation'], 'fit-inverse kernel');
  return {
    [INVERTED_KERNEL]: ({ inputs, backend, attrs }) => {
      const a = act(attrs);
      const x = inputs['x']!;
      const words = Math.ceil(x.shape.reduce((p, q) => p * q, 1) / 32);
      return run(backend, [x], [{ shape: x.shape, dtype: 'float32' }, { shape: [words], dtype: 'int32' }], ([xs], [y, mask]) => {
        forwardValues(a, xs as Float32Array, y as Float32Array);
        (mask as Int32Array).set(branchMask(a, xs as Float32Array));
      });
    },
    [INVERTED_GRAD_KERNEL]: ({ inputs, backend, attrs }) => {
      const a = act(attrs);
      const [dy, y, mask] = [inputs['dy']!, inputs['y']!, inputs['mask']!];
      return run(backend, [dy, y, mask], [{ shape: y.shape, dtype: 'float32' }], ([dys, ys, masks], [dx]) =>
        backwardFromOutput(a, dys as Float32Array, ys as Float32Array, masks as Int32Array, dx as Float32Array),
      )[0]!;
    },
    [SAVED_INPUT_KERNEL]: ({ inputs, backend, attrs }) => {
      const a = act(attrs);
      const x = inputs['x']!;
      return run(backend, [x], [{ shape: x.shape, dtype: 'float32' }], ([xs], [y]) => forwardValues(a, xs as Float32Array, y as Float32Array))[0]!;
    },
    [SAVED_INPUT_GRAD_KERNEL]: ({ inputs, backend, attrs }) => {
      const a = act(attrs);
      const [dy, x] = [inputs['dy']!, inputs['x']!];
      return run(backend, [dy, x], [{ shape: x.shape, dtype: 'float32' }], ([dys, xs], [dx]) =>
        backwardFromInput(a, dys as Float32Array, xs as Float32Array, dx as Float32Array),
      )[0]!;
    },
  };
}

export function firstOf(dy: Tensor | Tensor[]): Tensor {
  return Array.isArray(dy) ? dy[0]! : dy;
}

/** Register each backend's kernels unless a kernel of that name is there already. */
export function registerOnEveryBackend(kernelsFor: (backendName: string) => Record<string, KernelFunc>): void {
  for (const backendName of KERNEL_BACKENDS) {
    for (const [kernelName, kernelFunc] of Object.entries(kernelsFor(backendName))) {
      if (getKernel(kernelName, backendName) == null) registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as never });
    }
  }
}

/** Register the kernels and their gradients once per process (a second copy of this module is a no-op). */
export function registerFitInverseKernels(): void {
  registerOnEveryBackend(kernels);
  if (getGradient(INVERTED_KERNEL) == null) {
    registerGradient({
      kernelName: INVERTED_KERNEL,
      outputsToSave: [true, true],
      gradFunc: (dy, saved, attrs) => ({
        x: () => engine().runKernel(INVERTED_GRAD_KERNEL, { dy: firstOf(dy), y: saved[0]!, mask: saved[1]! }, attrs) as Tensor,
      }),
    });
  }
  if (getGradient(SAVED_INPUT_KERNEL) == null) {
    registerGradient({
      kernelName: SAVED_INPUT_KERNEL,
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => ({
        x: () => engine().runKernel(SAVED_INPUT_GRAD_KERNEL, { dy: firstOf(dy), x: saved[0]! }, attrs) as Tensor,
      }),
    });
  }
}

