import type { Activation } from './activation.js';
import { gelu } from './gelu.js';
import { geluTanh } from './gelu-tanh.js';
import { silu } from './silu.js';

const CATALOGUE: readonly Activation[] = [gelu, geluTanh, silu];

export type ActivationName = 'gelu' | 'gelu_tanh' | 'silu';

/** The activations with a fixed definition, in catalogue order. */
export function listActivations(): readonly Activation[] {
  return CATALOGUE;
}

export function activationNames(): readonly string[] {
  return CATALOGUE.map((a) => a.name);
}

/** The activation called `name`; a RangeError naming the allowed names otherwise. */
export function getActivation(name: string): Activation {
  const found = CATALOGUE.find((a) => a.name === name);
  if (!found) {
    throw new RangeError(
      `unknown activation ${JSON.stringify(name)}; allowed: ${activationNames().join(', ')}`,
    );
  }
  return found;
}
