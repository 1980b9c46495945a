import * as generated from '../../generated/ts/index.js';
import { getActivation, type ActivationName } from '../functions/catalogue.js';

/**
 * What the TensorFlow.js ops need per activation: the float32 branch threshold and g(y, bit) from
 * the generated code (the verified fits), the exact f and f' in float64 (forward, and the
 * save-x baseline's backward), and the tfjs-layers activation that computes the same function.
 */
export interface TfjsActivation {
  readonly name: ActivationName;
  /** Smallest float32 ≥ x_min: the branch bit of a float32 x is x < xMin. */
  readonly xMin: number;
  readonly gradFromOutput: (y: number, branch: number) => number;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /**
   * The tfjs-layers 4.22 activation of the same function: 'gelu' is 0.5·x·(1 + erf(x/√2)),
   * 'gelu_new' is 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), 'swish' is x·sigmoid(x).
   * tfjs has no 'silu' name and no gelu or silu op in tfjs-core.
   */
  readonly tfjsLayersName: 'gelu' | 'gelu_new' | 'swish';
}

function entry(name: ActivationName, xMin: number, gradFromOutput: (y: number, branch: number) => number, tfjsLayersName: TfjsActivation['tfjsLayersName']): TfjsActivation {
  const a = getActivation(name);
  return { name, xMin, gradFromOutput, f: a.f, df: a.df, tfjsLayersName };
}

const TABLE: Readonly<Record<ActivationName, TfjsActivation>> = {
  gelu: entry('gelu', generated.geluXMin, generated.geluGradFromOutput, 'gelu'),
  gelu_tanh: entry('gelu_tanh', generated.geluTanhXMin, generated.geluTanhGradFromOutput, 'gelu_new'),
  silu: entry('silu', generated.siluXMin, generated.siluGradFromOutput, 'swish'),
};

export const TFJS_ACTIVATION_NAMES: readonly ActivationName[] = ['gelu', 'gelu_tanh', 'silu'];

/** The activation called `name`; a RangeError naming the allowed names otherwise. */
export function tfjsActivation(name: unknown, where: string): TfjsActivation {
  if (typeof name !== 'string' || !Object.hasOwn(TABLE, name)) {
    throw new RangeError(`${where}: unknown activation ${JSON.stringify(name)}; allowed: ${TFJS_ACTIVATION_NAMES.join(', ')}`);
  }
  return TABLE[name as ActivationName];
}
