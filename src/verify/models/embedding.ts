import { gather, reshape, scatterND, type Tensor } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

/**
 * Rows of `table` [V, d] for int32 ids [B, T]. The gradient scatters dy back with scatterND
 * (duplicates summed): tfjs's Gather gradient uses UnsortedSegmentSum, which the wasm backend
 * lacks. Nothing is saved; the ids stay with the caller.
 */
export function embedding(table: Tensor, ids: Tensor): Tensor {
  if (ids.dtype !== 'int32') throw new RangeError(`embedding: ids must be int32, got ${ids.dtype}`);
  const [v, d] = table.shape as [number, number];
  const op = customOp(([t]) => ({
    value: gather(t!, ids),
    gradFunc: (dy) => [scatterND(reshape(ids, [-1, 1]), reshape(dy, [-1, d]), [v, d])],
  }));
  return op(table);
}
