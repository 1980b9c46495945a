import { engine, serialization, Tensor } from '@tensorflow/tfjs';
import type { ActivationName } from '../functions/catalogue.js';
import { tfjsActivation } from './activations.js';
import { INVERTED_KERNEL, registerFitInverseKernels, SAVED_INPUT_KERNEL } from './kernels.js';

registerFitInverseKernels();

function checkInput(x: unknown, where: string): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new TypeError(`${where}: x must be a tf.Tensor, got ${x === null ? 'null' : typeof x}`);
  if (x.dtype !== 'float32') throw new RangeError(`${where}: x must be float32, got ${x.dtype}`);
}

/**
 * y = f(x) whose gradient keeps only y and a packed int32 mask of one branch bit per element
 * (DESIGN §1), and computes dx = dy · g(y, bit) with the generated float32 code.
 */
export function invertedActivation(x: Tensor, activation: ActivationName): Tensor {
  checkInput(x, 'invertedActivation');
  const a = tfjsActivation(activation, 'invertedActivation');
  const [y, mask] = engine().runKernel(INVERTED_KERNEL, { x }, { activation: a.name }) as Tensor[];
  // The tape holds its own reference to the mask (outputsToSave); the caller never sees it.
  mask!.dispose();
  return y!;
}

export const invertedGelu = (x: Tensor): Tensor => invertedActivation(x, 'gelu');
export const invertedGeluTanh = (x: Tensor): Tensor => invertedActivation(x, 'gelu_tanh');
export const invertedSilu = (x: Tensor): Tensor => invertedActivation(x, 'silu');

/** The "save x only" baseline: the same forward, a gradient that keeps x and evaluates f'(x). */
export function savedInputActivation(x: Tensor, activation: ActivationName): Tensor {
  checkInput(x, 'savedInputActivation');
  const a = tfjsActivation(activation, 'savedInputActivation');
  return engine().runKernel(SAVED_INPUT_KERNEL, { x }, { activation: a.name }) as Tensor;
}

interface LayersActivation {
  apply(x: Tensor): Tensor;
}

/** TensorFlow.js's own activation of the same function (tfjs-layers 'gelu', 'gelu_new', 'swish'). */
export function tfjsBuiltinActivation(x: Tensor, activation: ActivationName): Tensor {
  checkInput(x, 'tfjsBuiltinActivation');
  const a = tfjsActivation(activation, 'tfjsBuiltinActivation');
  const entry = serialization.SerializationMap.getMap().classNameMap[a.tfjsLayersName];
  if (!entry) throw new Error(`tfjs-layers has no activation '${a.tfjsLayersName}' registered`);
  return (new (entry[0] as unknown as new () => LayersActivation)()).apply(x);
}
