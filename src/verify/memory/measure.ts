import { customGrad, dispose, mul, onesLike, sum, variableGrads, type Tensor, type Variable } from '@tensorflow/tfjs';
import type { ActivationOp } from '../models/activation-op.js';
import { activeTape } from './engine-internals.js';
import { BufferLedger } from './ledger.js';
import { savedTotals, type SavedTotals } from './saved.js';

/** One training step to measure: the forward pass with `act` as every activation, and its parameters. */
export interface MeasuredStep {
  forward(act: ActivationOp): Tensor;
  readonly parameters: readonly Variable[];
}

export interface StepMemory extends SavedTotals {
  /** Bytes of all buffers created by the step and alive when backward starts (saved or not). */
  readonly liveAtBackwardBytes: number;
  /** Peak bytes of the step's live buffers, forward and backward. */
  readonly peakBytes: number;
  /** Elements of each activation's input, in call order. */
  readonly activationSizes: readonly number[];
}

/**
 * Run forward and backward once (loss = sum of the output, through a probe that saves nothing)
 * and read, when backward starts, what the tape holds; the ledger gives live and peak bytes.
 */
export function measureStep(step: MeasuredStep, act: ActivationOp): StepMemory {
  const ranges: [number, number][] = [];
  const activationSizes: number[] = [];
  const tracked: ActivationOp = (x, site) => {
    const tape = activeTape();
    const first = tape.length;
    const y = act(x, site);
    ranges.push([first, tape.length]);
    activationSizes.push(x.size);
    return y;
  };
  const parameterIds = new Set<object>(step.parameters.map((p) => p.dataId));
  let atBackward: (SavedTotals & { liveAtBackwardBytes: number }) | undefined;
  const ledger = new BufferLedger();
  try {
    const probe = customGrad(((out: Tensor) => ({
      value: sum(out),
      gradFunc: (dy: Tensor) => {
        const nodes = new Set<number>();
        for (const [a, b] of ranges) for (let i = a; i < b; i++) nodes.add(i);
        atBackward = { ...savedTotals(activeTape(), parameterIds, nodes), liveAtBackwardBytes: ledger.liveBytes };
        return mul(onesLike(out), dy);
      },
    })) as never) as unknown as (out: Tensor) => Tensor;
    const { value, grads } = variableGrads(() => probe(step.forward(tracked)) as never, [...step.parameters]);
    dispose([value, ...Object.values(grads)]);
  } finally {
    ledger.close();
  }
  if (!atBackward) throw new Error('measureStep: backward never reached the probe');
  return { ...atBackward, peakBytes: ledger.peakBytes, activationSizes };
}
