import { add, atan, engine, erf, expm1, minimum, mul, sigmoid, slice, softplus, square, step, sub, Tensor } from '@tensorflow/tfjs';
import { XIELU_BETA, XIELU_EPS } from '../functions/families/xielu.js';
import { trainedParameterisation } from './family-parameters.js';
import { FAMILY_KERNEL, FAMILY_SAVED_INPUT_KERNEL, registerFamilyKernels } from './family-kernels.js';

registerFamilyKernels();

function checkInputs(x: unknown, weights: unknown, family: unknown, where: string): void {
  for (const [name, t] of [['x', x], ['weights', weights]] as const) {
    if (!(t instanceof Tensor)) throw new TypeError(`${where}: ${name} must be a tf.Tensor, got ${t === null ? 'null' : typeof t}`);
    if (t.dtype !== 'float32') throw new RangeError(`${where}: ${name} must be float32, got ${t.dtype}`);
  }
  const p = trainedParameterisation(family, where);
  const w = weights as Tensor;
  if (w.rank !== 1 || w.size !== p.weights.length) throw new RangeError(`${where}: ${p.family}'s weights must have shape [${p.weights.length}] (${p.weights.join(', ')}), got [${w.shape.join(', ')}]`);
}

/**
 * y = f(x; θ) for a trainable family, θ from the layer's weights (α, or xIELU's (a_p, a_n)),
 * whose gradient keeps only y and the packed branch codes (1 or 2 bits per element) and gives dx
 * and the weights' gradient from x = f⁻¹(y, code), the generated parameter-aware inverse.
 */
export function trainableActivation(x: Tensor, weights: Tensor, family: string): Tensor {
  checkInputs(x, weights, family, 'trainableActivation');
  const [y, codes] = engine().runKernel(FAMILY_KERNEL, { x, weights }, { family }) as Tensor[];
  // The tape holds its own reference to the codes (outputsToSave); the caller never sees them.
  codes!.dispose();
  return y!;
}

/** The save-x baseline: the same forward, a gradient that keeps x and evaluates f' and ∂f/∂θ exactly. */
export function savedInputFamilyActivation(x: Tensor, weights: Tensor, family: string): Tensor {
  checkInputs(x, weights, family, 'savedInputFamilyActivation');
  return engine().runKernel(FAMILY_SAVED_INPUT_KERNEL, { x, weights }, { family }) as Tensor;
}

/**
 * The same function from TensorFlow.js's own ops, differentiated by tfjs: an independent
 * reference (and what a user without this package would write).
 */
export function tfjsFamilyActivation(x: Tensor, weights: Tensor, family: string): Tensor {
  checkInputs(x, weights, family, 'tfjsFamilyActivation');
  if (family === 'xielu') {
    const alphaP = softplus(slice(weights, [0], [1]));
    const alphaN = add(softplus(slice(weights, [1], [1])), XIELU_BETA);
    const positive = add(mul(alphaP, square(x)), mul(x, XIELU_BETA));
    const negative = add(mul(alphaN, sub(expm1(minimum(x, XIELU_EPS)), x)), mul(x, XIELU_BETA));
    // step (gradient 0) rather than where(greater(…)): tfjs has no gradient for Greater.
    const right = step(x, 0);
    return add(mul(right, positive), mul(sub(1, right), negative));
  }
  const gate = family === 'xsilu' ? sigmoid(x) : family === 'xgelu' ? mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5) : add(mul(atan(x), 1 / Math.PI), 0.5);
  return mul(x, sub(mul(gate, add(mul(weights, 2), 1)), weights));
}
