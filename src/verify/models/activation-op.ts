import type { Tensor } from '@tensorflow/tfjs';
import type { ActivationName } from '../../functions/catalogue.js';
import { invertedActivation, savedInputActivation, tfjsBuiltinActivation } from '../../tfjs/ops.js';

/** What the models call between their two MLP matmuls; `site` is the MLP block's index (0 where there is one). */
export type ActivationOp = (x: Tensor, site?: number) => Tensor;

/** tfjs: TensorFlow.js's own op; save-x: the same forward keeping x; inverted: keeping y and the mask. */
export type Variant = 'tfjs' | 'save-x' | 'inverted';
export const VARIANTS: readonly Variant[] = ['tfjs', 'save-x', 'inverted'];

export function activationOp(variant: Variant, activation: ActivationName): ActivationOp {
  switch (variant) {
    case 'tfjs':
      return (x) => tfjsBuiltinActivation(x, activation);
    case 'save-x':
      return (x) => savedInputActivation(x, activation);
    case 'inverted':
      return (x) => invertedActivation(x, activation);
  }
}
