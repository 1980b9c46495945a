import { LayersModel, type layers } from '@tensorflow/tfjs';
import { REPLACEMENTS } from './activation-functions.js';

export interface SwappedActivation {
  /** The layer's name, with the names of the models it sits in, joined by '/'. */
  readonly layer: string;
  /** The tfjs-layers activation it had: 'gelu', 'gelu_new' or 'swish'. */
  readonly from: string;
  /** The one it has now: 'invertedGelu', 'invertedGeluTanh' or 'invertedSilu'. */
  readonly to: string;
}

interface WithActivation {
  activation?: { getClassName(): string };
}

/**
 * Replace, in place, every layer activation of an existing model that has an inverted
 * counterpart (tfjs-layers 'gelu', 'gelu_new', 'swish': Dense, Conv, Activation layers and
 * nested models), and say which. The weights stay; the model serialises with the new names.
 */
export function swapActivations(model: LayersModel): SwappedActivation[] {
  if (!(model instanceof LayersModel)) throw new TypeError(`swapActivations: expected a tf.LayersModel (tf.sequential or tf.model), got ${model === null ? 'null' : typeof model}`);
  const swapped: SwappedActivation[] = [];
  const visit = (ls: readonly layers.Layer[], prefix: string): void => {
    for (const layer of ls) {
      if (layer instanceof LayersModel) {
        visit(layer.layers, `${prefix}${layer.name}/`);
        continue;
      }
      const holder = layer as unknown as WithActivation;
      const from = holder.activation?.getClassName();
      const make = from !== undefined && Object.hasOwn(REPLACEMENTS, from) ? REPLACEMENTS[from] : undefined;
      if (!make) continue;
      const replacement = make();
      holder.activation = replacement;
      swapped.push({ layer: `${prefix}${layer.name}`, from: from!, to: replacement.getClassName() });
    }
  };
  visit(model.layers, '');
  return swapped;
}
