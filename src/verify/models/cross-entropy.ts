import { logSoftmax, mul, neg, oneHot, softmax, sub, sum, type Tensor } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

/**
 * Mean softmax cross-entropy of logits [N, V] against int32 labels [N]. Saves the softmax (the
 * gradient is (P − onehot)/N); the labels stay with the caller.
 */
export function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const [n, v] = logits.shape as [number, number];
  if (labels.dtype !== 'int32' || labels.shape.length !== 1 || labels.shape[0] !== n) {
    throw new RangeError(`crossEntropy: labels must be int32 of shape [${n}], got ${labels.dtype} [${labels.shape.join(', ')}]`);
  }
  const op = customOp(([z], save) => {
    const p = softmax(z!);
    save([p]);
    return {
      value: mul(neg(sum(mul(logSoftmax(z!), oneHot(labels, v)))), 1 / n),
      gradFunc: (dy, [ps]) => [mul(sub(ps!, oneHot(labels, v)), mul(dy, 1 / n))],
    };
  });
  return op(logits);
}
