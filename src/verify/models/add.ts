import { add as tfAdd, reshape, sum } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

/**
 * a + b, b's shape a suffix of a's (residuals, positional embeddings). Saves nothing: the
 * gradient is dy, summed over the broadcast axes for b.
 */
export const addSavingNothing = customOp(([a, b]) => {
  const lead = a!.shape.length - b!.shape.length;
  const bShape = b!.shape;
  return {
    value: tfAdd(a!, b!),
    gradFunc: (dy) => [dy, lead === 0 ? dy : reshape(sum(dy, Array.from({ length: lead }, (_, i) => i)), bShape)],
  };
});
