import { layers, serialization, tidy, type Tensor } from '@tensorflow/tfjs';
import type { ActivationName } from '../functions/catalogue.js';
import { tfjsActivation } from './activations.js';
import { invertedActivation } from './ops.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

export interface InvertedActivationArgs extends LayerArgs {
  /** 'gelu', 'gelu_tanh' or 'silu'. */
  activation: ActivationName;
}

/**
 * A tfjs-layers layer applying an inverted activation: serialisable (its config is the
 * activation's name) and registered, so saved models load wherever this module is imported.
 */
export class InvertedActivation extends layers.Layer {
  static readonly className = 'InvertedActivation';
  readonly activation: ActivationName;

  constructor(args: InvertedActivationArgs) {
    super(args);
    if (args === null || typeof args !== 'object') throw new RangeError(`InvertedActivation: expected a config object with 'activation', got ${String(args)}`);
    this.activation = tfjsActivation(args.activation, 'InvertedActivation').name;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: Parameters<layers.Layer['computeOutputShape']>[0]): ReturnType<layers.Layer['computeOutputShape']> {
    return inputShape;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const input = Array.isArray(inputs) ? inputs : [inputs];
    if (input.length !== 1) throw new RangeError(`InvertedActivation: expected one input tensor, got ${input.length}`);
    return tidy(() => invertedActivation(input[0]!, this.activation));
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}
serialization.registerClass(InvertedActivation);

export function invertedActivationLayer(args: InvertedActivationArgs): InvertedActivation {
  return new InvertedActivation(args);
}
