import { serialization, type Tensor } from '@tensorflow/tfjs';
import type { ActivationName } from '../functions/catalogue.js';
import { invertedActivation } from './ops.js';

/**
 * Inverted activations as tfjs-layers activation functions (what a Dense layer's `activation`
 * holds), registered under 'invertedGelu', 'invertedGeluTanh' and 'invertedSilu', so a layer
 * serialises with `activation: 'invertedGelu'` and deserialises to the same function.
 */
abstract class InvertedActivationFunction extends serialization.Serializable {
  abstract readonly activation: ActivationName;
  apply(x: Tensor): Tensor {
    return invertedActivation(x, this.activation);
  }
  getConfig(): serialization.ConfigDict {
    return {};
  }
}

export class InvertedGeluFunction extends InvertedActivationFunction {
  static readonly className = 'invertedGelu';
  readonly activation = 'gelu';
}
export class InvertedGeluTanhFunction extends InvertedActivationFunction {
  static readonly className = 'invertedGeluTanh';
  readonly activation = 'gelu_tanh';
}
export class InvertedSiluFunction extends InvertedActivationFunction {
  static readonly className = 'invertedSilu';
  readonly activation = 'silu';
}
for (const cls of [InvertedGeluFunction, InvertedGeluTanhFunction, InvertedSiluFunction]) serialization.registerClass(cls);

/** The tfjs-layers activations this package replaces, by their registered names. */
export const REPLACEMENTS: Readonly<Record<string, () => InvertedActivationFunction>> = {
  gelu: () => new InvertedGeluFunction(),
  gelu_new: () => new InvertedGeluTanhFunction(),
  swish: () => new InvertedSiluFunction(),
};
