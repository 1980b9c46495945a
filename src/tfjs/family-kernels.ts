import { engine, getGradient, registerGradient, tensor, type KernelBackend, type NamedAttrMap, type NamedTensorInfoMap, type Tensor, type TensorInfo } from '@tensorflow/tfjs';
import { codeWords, familyBackwardFromInput, familyBackwardFromOutput, familyForward } from './family-elementwise.js';
import { familyState, type FamilyState } from './family-state.js';
import { elementwiseRunner } from './kernel-io.js';
import { firstOf, registerOnEveryBackend, type KernelFunc } from './kernels.js';

/**
 * Registered tfjs kernels of the trainable families. Inputs: x and the layer's weight vector
 * `weights` (α, or xIELU's (a_p, a_n)). The inverted kernel returns [y, codes] and its gradient
 * saves both outputs and the weights (a parameter, not an activation): the tape keeps y, which
 * the next matmul keeps anyway, and k bits per element, never x. Its gradient kernel returns
 * [dx, dweights] with x recovered from (y, code). The saved-input kernels are the save-x baseline.
 */
export const FAMILY_KERNEL = 'FitInverseFamily';
export const FAMILY_GRAD_KERNEL = 'FitInverseFamilyGrad';
export const FAMILY_SAVED_INPUT_KERNEL = 'FitInverseFamilySavedInput';
export const FAMILY_SAVED_INPUT_GRAD_KERNEL = 'FitInverseFamilySavedInputGrad';

function size(t: TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

function kernels(backendName: string): Record<string, KernelFunc> {
  const run = elementwiseRunner(backendName);
  const state = (backend: KernelBackend, inputs: NamedTensorInfoMap, attrs: NamedAttrMap | undefined): FamilyState => {
    const w = inputs['weights']!;
    return familyState(String(attrs?.['family']), Float32Array.from(backend.readSync(w.dataId) as Float32Array), 'fit-inverse family kernel');
  };
  const weightsSpec = (inputs: NamedTensorInfoMap) => ({ shape: inputs['weights']!.shape, dtype: 'float32' as const });
  return {
    [FAMILY_KERNEL]: ({ inputs, backend, attrs }) => {
      const s = state(backend, inputs, attrs);
      const x = inputs['x']!;
      return run(backend, [x], [{ shape: x.shape, dtype: 'float32' }, { shape: [codeWords(s, size(x))], dtype: 'int32' }], ([xs], [y, codes]) =>
        familyForward(s, xs as Float32Array, y as Float32Array, codes as Int32Array),
      );
    },
    [FAMILY_GRAD_KERNEL]: ({ inputs, backend, attrs }) => {
      const s = state(backend, inputs, attrs);
      const [dy, y, codes] = [inputs['dy']!, inputs['y']!, inputs['codes']!];
      return run(backend, [dy, y, codes], [{ shape: y.shape, dtype: 'float32' }, weightsSpec(inputs)], ([dys, ys, cs], [dx, dw]) =>
        familyBackwardFromOutput(s, dys as Float32Array, ys as Float32Array, cs as Int32Array, dx as Float32Array, dw as Float32Array),
      );
    },
    [FAMILY_SAVED_INPUT_KERNEL]: ({ inputs, backend, attrs }) => {
      const s = state(backend, inputs, attrs);
      const x = inputs['x']!;
      return run(backend, [x], [{ shape: x.shape, dtype: 'float32' }], ([xs], [y]) => familyForward(s, xs as Float32Array, y as Float32Array))[0]!;
    },
    [FAMILY_SAVED_INPUT_GRAD_KERNEL]: ({ inputs, backend, attrs }) => {
      const s = state(backend, inputs, attrs);
      const [dy, x] = [inputs['dy']!, inputs['x']!];
      return run(backend, [dy, x], [{ shape: x.shape, dtype: 'float32' }, weightsSpec(inputs)], ([dys, xs], [dx, dw]) =>
        familyBackwardFromInput(s, dys as Float32Array, xs as Float32Array, dx as Float32Array, dw as Float32Array),
      );
    },
  };
}

/**
 * The x and weights gradients from one run of a two-output gradient kernel. tfjs evaluates each
 * input's gradient in its own tidy, which would dispose the other output, so the small weights
 * gradient is kept as values (x's closure comes first: node inputs are in the op's order).
 */
function both(run: () => Tensor[]): { x: () => Tensor; weights: () => Tensor } {
  let dw: { values: Float32Array; shape: number[] } | undefined;
  const dx = () => {
    const [x, w] = run();
    dw ??= { values: (w!.dataSync() as Float32Array).slice(), shape: w!.shape };
    return x!;
  };
  return {
    x: dx,
    weights: () => {
      if (!dw) dx().dispose();
      return tensor(dw!.values, dw!.shape, 'float32');
    },
  };
}

/** Register the kernels and their gradients once per process. */
export function registerFamilyKernels(): void {
  registerOnEveryBackend(kernels);
  if (getGradient(FAMILY_KERNEL) == null) {
    registerGradient({
      kernelName: FAMILY_KERNEL,
      inputsToSave: ['weights'],
      outputsToSave: [true, true],
      // saved: the inputs to save, then the outputs.
      gradFunc: (dy, saved, attrs) =>
        both(() => engine().runKernel(FAMILY_GRAD_KERNEL, { dy: firstOf(dy), weights: saved[0]!, y: saved[1]!, codes: saved[2]! }, attrs) as Tensor[]),
    });
  }
  if (getGradient(FAMILY_SAVED_INPUT_KERNEL) == null) {
    registerGradient({
      kernelName: FAMILY_SAVED_INPUT_KERNEL,
      inputsToSave: ['x', 'weights'],
      gradFunc: (dy, saved, attrs) => both(() => engine().runKernel(FAMILY_SAVED_INPUT_GRAD_KERNEL, { dy: firstOf(dy), x: saved[0]!, weights: saved[1]! }, attrs) as Tensor[]),
    });
  }
}
