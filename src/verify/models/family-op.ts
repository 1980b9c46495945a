import type { Tensor, Variable } from '@tensorflow/tfjs';
import { getFamily } from '../../functions/families/catalogue.js';
import { tfjsActivation } from '../../tfjs/activations.js';
import { trainedParameterisation, TRAINABLE_FAMILY_NAMES } from '../../tfjs/family-parameters.js';
import { savedInputFamilyActivation, tfjsFamilyActivation, trainableActivation } from '../../tfjs/family-ops.js';
import { activationOp, type ActivationOp, type Variant } from './activation-op.js';
import type { Parameters } from './parameters.js';

/** A trainable family bound to a model: one weight vector per MLP block, created in `params`. */
export interface BoundFamily {
  readonly op: ActivationOp;
  /** Another variant's op on the same weights: train-check's teacher-forced gradients. */
  readonly opOf: (variant: Variant) => ActivationOp;
  /** The weight vectors, by site (MLP block). */
  readonly weights: readonly Variable[];
  /** Per site and weight component, a name for the trajectory: e.g. "h0.alpha", "h1.a_n". */
  readonly componentNames: readonly (readonly string[])[];
}

const OPS: Record<Variant, (x: Tensor, w: Tensor, family: string) => Tensor> = {
  tfjs: tfjsFamilyActivation,
  'save-x': savedInputFamilyActivation,
  inverted: trainableActivation,
};

/**
 * The family's weights for `sites` MLP blocks, appended to `params` after the model's own (so
 * every variant starts from the same model weights), and the variant's op reading them.
 */
export function bindFamily(variant: Variant, family: string, params: Parameters, sites: number): BoundFamily {
  const p = trainedParameterisation(family, 'bindFamily');
  if (!(Number.isInteger(sites) && sites >= 1)) throw new RangeError(`bindFamily: sites must be a positive integer, got ${sites}`);
  const weights = Array.from({ length: sites }, (_, l) => params.values(`h${l}.${family}`, p.initial));
  const opOf =
    (v: Variant): ActivationOp =>
    (x, site = 0) => {
      const w = weights[site];
      if (!w) throw new RangeError(`bindFamily: site ${site} is not one of the ${sites} MLP blocks`);
      return OPS[v](x, w, family);
    };
  return {
    op: opOf(variant),
    opOf,
    weights,
    componentNames: weights.map((_, l) => p.weights.map((n) => `h${l}.${n}`)),
  };
}

/** An activation bound to a model: a catalogue activation (no weights) or a trainable family. */
export interface BoundActivation extends BoundFamily {
  /** Bits of branch code per element the inverted variant keeps: 1, or 2 for three-piece families. */
  readonly codeBits: 1 | 2;
}

/** `activation` is a catalogue name (gelu, gelu_tanh, silu) or a trainable family (xsilu, …). */
export function bindActivation(variant: Variant, activation: string, params: Parameters, sites: number): BoundActivation {
  if (TRAINABLE_FAMILY_NAMES.includes(activation)) return { ...bindFamily(variant, activation, params, sites), codeBits: getFamily(activation).codeBits };
  const name = tfjsActivation(activation, 'bindActivation').name;
  return { op: activationOp(variant, name), opOf: (v) => activationOp(v, name), weights: [], componentNames: [], codeBits: 1 };
}
