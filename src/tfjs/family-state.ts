import { familyKernels, type FamilyKernels } from '../families/batch.js';
import { getFamily } from '../functions/families/catalogue.js';
import type { FamilyInstance } from '../functions/families/family.js';
import { trainedParameterisation, type TrainedParameterisation } from './family-parameters.js';

/**
 * A family at one value of a layer's weights, as its kernels need it: the parameters, the chain
 * factors, the generated code's parameter block (fitted on the host, milliseconds, on first use)
 * and the exact float64 instance (the save-x baseline's backward). States are kept for the last
 * few weight values: forward and backward of one step, in every layer.
 */
export interface FamilyState {
  readonly parameterisation: TrainedParameterisation;
  readonly kernels: FamilyKernels;
  /** The family's parameters in `kernels.parameters` order. */
  readonly values: readonly number[];
  readonly chain: readonly number[];
  block(): Float32Array;
  readonly instance: FamilyInstance;
}

const KEEP = 32;
const cache = new Map<string, FamilyState>();

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** The state of family `name` at `weights` (a layer's float32 weight vector). */
export function familyState(name: string, weights: Float32Array, where: string): FamilyState {
  const parameterisation = trainedParameterisation(name, where);
  if (weights.length !== parameterisation.weights.length) {
    throw new RangeError(`${where}: ${name} takes ${parameterisation.weights.length} weight(s) (${parameterisation.weights.join(', ')}), got ${weights.length}`);
  }
  const key = `${name}:${Array.from(weights).join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { params, chain } = parameterisation.natural(weights);
  const kernels = familyKernels(name);
  const values = kernels.parameters.map((p) => params[p]!);
  // Rejects parameters outside the verified range here, with the family's message.
  const instance = getFamily(name).at(params);
  const state: FamilyState = { parameterisation, kernels, values, chain, block: lazy(() => kernels.params(...values)), instance };
  if (cache.size >= KEEP) cache.delete(cache.keys().next().value!);
  cache.set(key, state);
  return state;
}
