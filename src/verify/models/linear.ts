import { add, matMul, reshape, sum, type Tensor } from '@tensorflow/tfjs';
import { customOp } from './custom-op.js';

function flat(x: Tensor): Tensor {
  return reshape(x, [-1, x.shape[x.shape.length - 1]!]);
}

/** y = x·W + b over the last axis. Saves x and W, what dW and dx need (as PyTorch's addmm). */
const linearWithBias = customOp(([x, w, b], save) => {
  const outShape = [...x!.shape.slice(0, -1), w!.shape[1]!];
  save([x!, w!]);
  return {
    value: reshape(add(matMul(flat(x!), w!), b!), outShape),
    gradFunc: (dy, [xs, ws]) => {
      const d = flat(dy);
      return [reshape(matMul(d, ws!, false, true), xs!.shape), matMul(flat(xs!), d, true, false), sum(d, 0)];
    },
  };
});

const linearNoBias = customOp(([x, w], save) => {
  const outShape = [...x!.shape.slice(0, -1), w!.shape[1]!];
  save([x!, w!]);
  return {
    value: reshape(matMul(flat(x!), w!), outShape),
    gradFunc: (dy, [xs, ws]) => {
      const d = flat(dy);
      return [reshape(matMul(d, ws!, false, true), xs!.shape), matMul(flat(xs!), d, true, false)];
    },
  };
});

export function linear(x: Tensor, w: Tensor, b?: Tensor): Tensor {
  return b ? linearWithBias(x, w, b) : linearNoBias(x, w);
}
