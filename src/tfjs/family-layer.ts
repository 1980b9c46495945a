import { initializers, layers, serialization, tensor1d, tidy, type Tensor } from '@tensorflow/tfjs';
import { trainedParameterisation } from './family-parameters.js';
import { trainableActivation } from './family-ops.js';

type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

export interface TrainableActivationArgs extends LayerArgs {
  /** 'xsilu', 'xgelu', 'xatlu' or 'xielu'. */
  family: string;
}

/**
 * A trainable activation layer (DESIGN §7): one weight vector per layer, `weights` — α for
 * xSiLU, xGELU, xATLU; (a_p, a_n) for xIELU — trained with the rest of the model. Its backward
 * keeps y and the branch codes, not x (trainableActivation). Serialisable: its config is the family.
 */
export class TrainableActivation extends layers.Layer {
  static readonly className = 'TrainableActivation';
  readonly family: string;

  constructor(args: TrainableActivationArgs) {
    super(args);
    if (args === null || typeof args !== 'object') throw new RangeError(`TrainableActivation: expected a config object with 'family', got ${String(args)}`);
    this.family = trainedParameterisation(args.family, 'TrainableActivation').family;
  }

  override build(): void {
    const p = trainedParameterisation(this.family, 'TrainableActivation');
    // The family's initial weights (α = 0; xIELU's a_p, a_n for α_p = α_n = 0.8).
    const w = this.addWeight('weights', [p.weights.length], 'float32', initializers.zeros());
    tidy(() => {
      w.write(tensor1d([...p.initial], 'float32'));
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: Parameters<layers.Layer['computeOutputShape']>[0]): ReturnType<layers.Layer['computeOutputShape']> {
    return inputShape;
  }

  override call(inputs: Tensor | Tensor[]): Tensor {
    const input = Array.isArray(inputs) ? inputs : [inputs];
    if (input.length !== 1) throw new RangeError(`TrainableActivation: expected one input tensor, got ${input.length}`);
    return tidy(() => trainableActivation(input[0]!, this.trainableWeights[0]!.read(), this.family));
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), family: this.family };
  }
}
serialization.registerClass(TrainableActivation);

export function trainableActivationLayer(args: TrainableActivationArgs): TrainableActivation {
  return new TrainableActivation(args);
}
