import type { Tensor } from '@tensorflow/tfjs';
import type { ActivationOp } from './activation-op.js';
import { linear } from './linear.js';
import { Parameters } from './parameters.js';

/** One transformer MLP block, d → dFf → d, the shape DESIGN §6's 9d → 5.125d is stated for. */
export class MlpBlock {
  readonly params: Parameters;

  constructor(
    readonly d: number,
    readonly dFf: number,
    seed: number,
  ) {
    for (const [k, v] of [['d', d], ['dFf', dFf]] as const) if (!Number.isInteger(v) || v < 1) throw new RangeError(`MlpBlock: ${k} must be a positive integer, got ${v}`);
    const p = new Parameters(seed);
    p.normal('w1', [d, dFf]);
    p.constant('b1', [dFf], 0);
    p.normal('w2', [dFf, d]);
    p.constant('b2', [d], 0);
    this.params = p;
  }

  forward(x: Tensor, act: ActivationOp): Tensor {
    const [w1, b1, w2, b2] = this.params.list();
    return linear(act(linear(x, w1!, b1!)), w2!, b2!);
  }
}
