import * as generated from '../../generated/ts/index.js';
import { getActivation, type ActivationName } from '../functions/catalogue.js';

/**
 * What the TensorFlow.js ops need per activation: the float32 branch threshold, g(y, bit) and the
 * backward over arrays from the generated code (the verified fits), the exact f and f' in float64 (forward, and the
 * save-x baseline's backward), and the tfjs-layers activation that computes the same function.
 */
export interface TfjsActivation {
  readonly name: ActivationName;
  /** Smallest float32 ≥ x_min: the branch bit of a float32 x is x < xMin. */
  readonly xMin: number;
  readonly gradFromOutput: (y: number, branch: number) => number;
  /** dx = dy·g(y, bit) over whole arrays, the packed mask read in place (the generated <fn>Backward). */
  readonly backward: (ys: Float32Array, mask: Uint32Array, dys: Float32Array, out: Float32Array) => Float32Array;
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  /**
   * The tfjs-layers 4.22 activation of the same function: 'gelu' is 0.5·x·(1 + erf(x/√2)),
   * 'gelu_new' is 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), 'swish' is x·sigmoid(x).
   * tfjs has no 'silu' name and no gelu or silu op in tfjs-core.
   */
  readonly tfjsLayersName: 'gelu' | 'gelu_new' | 'swish';
}

function entry(name: ActivationName, generatedCode: Pick<TfjsActivation, 'xMin' | 'gradFromOutput' | 'backward'>, tfjsLayersName: TfjsActivation['tfjsLayersName']): TfjsActivation {
  const a = getActivation(name);
  return { name, ...generatedCode, f: a.f, df: a.df, tfjsLayersName };
}

const g = generated;
const TABLE: Readonly<Record<ActivationName, TfjsActivation>> = {
  gelu: entry('gelu', { xMin: g.geluXMin, gradFromOutput: g.geluGradFromOutput, backward: g.geluBackward }, 'gelu'),
  gelu_tanh: entry('gelu_tanh', { xMin: g.geluTanhXMin, gradFromOutput: g.geluTanhGradFromOutput, backward: g.geluTanhBackward }, 'gelu_new'),
  silu: entry('silu', { xMin: g.siluXMin, gradFromOutput: g.siluGradFromOutput, backward: g.siluBackward }, 'swish'),
};

export const TFJS_ACTIVATION_NAMES: readonly ActivationName[] = ['gelu', 'gelu_tanh', 'silu'];

/** The activation called `name`; a RangeError naming the allowed names otherwise. */
export function tfjsActivation(name: unknown, where: string): TfjsActivation {
  if (typeof name !== 'string' || !Object.hasOwn(TABLE, name)) {
    throw new RangeError(`${where}: unknown activation ${JSON.stringify(name)}; allowed: ${TFJS_ACTIVATION_NAMES.join(', ')}`);
  }
  return TABLE[name as ActivationName];
}
