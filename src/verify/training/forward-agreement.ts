import { tensor1d, tidy } from '@tensorflow/tfjs';
import { getActivation, type ActivationName } from '../../functions/catalogue.js';
import { ulpOfRounded32 } from '../../numerics/float32.js';
import { tfjsActivation } from '../../tfjs/activations.js';
import { invertedActivation, tfjsBuiltinActivation } from '../../tfjs/ops.js';

export interface ForwardRange {
  readonly lo: number;
  readonly hi: number;
  /** Max ulps (of the float32-rounded exact value) of our forward, tfjs's, and between the two. */
  readonly oursUlps: number;
  readonly tfjsUlps: number;
  readonly oursVsTfjsUlps: number;
}

export const FORWARD_RANGES: readonly (readonly [number, number])[] = [
  [-20, -6],
  [-6, -2],
  [-2, 0],
  [0, 2],
  [2, 20],
];

/**
 * Our forward pass against TensorFlow.js's own op of the same function and the exact f (float64),
 * on `perRange` evenly spaced float32 x per range, on the current backend.
 */
export interface ForwardAgreement {
  readonly tfjsName: string;
  readonly ranges: ForwardRange[];
}

export function forwardAgreement(activation: ActivationName, perRange = 20001): ForwardAgreement {
  const exact = getActivation(activation).f;
  const ranges = FORWARD_RANGES.map(([lo, hi]) => {
    const xs = Float32Array.from({ length: perRange }, (_, i) => lo + ((hi - lo) * i) / (perRange - 1));
    const [ours, theirs] = tidy(() => {
      const x = tensor1d(xs);
      return [invertedActivation(x, activation).dataSync(), tfjsBuiltinActivation(x, activation).dataSync()];
    });
    let [oursUlps, tfjsUlps, oursVsTfjsUlps] = [0, 0, 0];
    xs.forEach((x, i) => {
      const e = exact(x);
      const u = ulpOfRounded32(e);
      oursUlps = Math.max(oursUlps, Math.abs(ours[i]! - e) / u);
      tfjsUlps = Math.max(tfjsUlps, Math.abs(theirs[i]! - e) / u);
      oursVsTfjsUlps = Math.max(oursVsTfjsUlps, Math.abs(ours[i]! - theirs[i]!) / u);
    });
    return { lo, hi, oursUlps, tfjsUlps, oursVsTfjsUlps };
  });
  return { tfjsName: tfjsActivation(activation, 'forwardAgreement').tfjsLayersName, ranges };
}
