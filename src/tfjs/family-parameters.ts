import { getFamily } from '../functions/families/catalogue.js';
import type { Parameters } from '../functions/families/family.js';
import { inverseSoftplus, XIELU_BETA, xieluFromRaw } from '../functions/families/xielu.js';

/**
 * What a trainable layer of a family holds and trains (DESIGN §7): one float32 weight vector per
 * layer. The expanded gates train α itself; xIELU trains (a_p, a_n) with α_p = softplus(a_p),
 * α_n = β + softplus(a_n). `natural` maps the weights to the family's parameters and gives the
 * chain-rule factors ∂(parameter j)/∂(weight j) (each parameter depends on one weight).
 */
export interface TrainedParameterisation {
  readonly family: string;
  /** The weights' names, in the weight vector's order. */
  readonly weights: readonly string[];
  /** The weights a layer starts from: the family's initial parameters (α = 0; α_p = α_n = 0.8). */
  readonly initial: readonly number[];
  natural(weights: ArrayLike<number>): { readonly params: Parameters; readonly chain: readonly number[] };
}

const XIELU: TrainedParameterisation = {
  family: 'xielu',
  weights: ['a_p', 'a_n'],
  initial: [inverseSoftplus(getFamily('xielu').parameters[0]!.initial), inverseSoftplus(getFamily('xielu').parameters[1]!.initial - XIELU_BETA)],
  natural: (w) => {
    const r = xieluFromRaw(w[0]!, w[1]!);
    return { params: { alpha_p: r.alpha_p, alpha_n: r.alpha_n }, chain: [r.dAlphaPdAP, r.dAlphaNdAN] };
  },
};

function expanded(family: string): TrainedParameterisation {
  const alpha = getFamily(family).parameters[0]!;
  return { family, weights: ['alpha'], initial: [alpha.initial], natural: (w) => ({ params: { alpha: w[0]! }, chain: [1] }) };
}

const TABLE: Readonly<Record<string, TrainedParameterisation>> = {
  xsilu: expanded('xsilu'),
  xgelu: expanded('xgelu'),
  xatlu: expanded('xatlu'),
  xielu: XIELU,
};

/** The families a trainable layer supports, by name. */
export const TRAINABLE_FAMILY_NAMES: readonly string[] = Object.keys(TABLE);

/** The parameterisation of `name`; a RangeError naming the allowed families otherwise. */
export function trainedParameterisation(name: unknown, where: string): TrainedParameterisation {
  if (typeof name !== 'string' || !Object.hasOwn(TABLE, name)) {
    throw new RangeError(`${where}: unknown family ${JSON.stringify(name)}; allowed: ${TRAINABLE_FAMILY_NAMES.join(', ')}`);
  }
  return TABLE[name]!;
}
