import { customGrad, type GradSaveFunc, type Tensor } from '@tensorflow/tfjs';

/**
 * tf.customGrad with typed arguments. The memory models build every layer from such ops, so the
 * tape keeps what their backward needs and nothing else: tfjs's own Add, Reshape and Slice save
 * their inputs only to read shapes, which would hide what an activation saves.
 */
export function customOp(
  forward: (inputs: Tensor[], save: GradSaveFunc) => { value: Tensor; gradFunc: (dy: Tensor, saved: Tensor[]) => Tensor[] },
): (...inputs: Tensor[]) => Tensor {
  const op = customGrad(((...args: (Tensor | GradSaveFunc)[]) => {
    const save = args.pop() as GradSaveFunc;
    return forward(args as Tensor[], save);
  }) as never) as unknown as (...inputs: Tensor[]) => Tensor;
  return op;
}
