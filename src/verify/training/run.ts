import { dispose, train, variableGrads, type Scalar } from '@tensorflow/tfjs';
import type { ActivationName } from '../../functions/catalogue.js';
import { activationOp, type Variant } from '../models/activation-op.js';
import { taskLoss, type TrainingTask } from './tasks.js';

export interface VariantRun {
  readonly variant: Variant;
  /** The loss of every step, before that step's update. */
  readonly losses: readonly number[];
  /** Each parameter's gradient at step 0 (the shared initial weights). */
  readonly gradients0: ReadonlyMap<string, Float32Array>;
  /** No NaN or Inf in any loss, in the step-0 gradients, or in the final weights. */
  readonly finite: boolean;
  readonly evaluation?: { readonly name: string; readonly value: number };
  readonly seconds: number;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/** Train one variant for `steps` Adam steps from the task's initial weights on its batches. */
export function trainVariant(task: TrainingTask, variant: Variant, activation: ActivationName, steps: number, onStep?: (step: number) => void): VariantRun {
  const start = performance.now();
  const act = activationOp(variant, activation);
  const model = task.build();
  const vars = model.parameters.list();
  const names = [...model.parameters.byName.keys()];
  const optimizer = train.adam(task.learningRate);
  const losses: number[] = [];
  const gradients0 = new Map<string, Float32Array>();
  try {
    const first = task.batch(0);
    const { value, grads } = variableGrads(() => taskLoss(model, first, act), vars);
    vars.forEach((v, i) => gradients0.set(names[i]!, grads[v.name]!.dataSync() as Float32Array));
    dispose([value, ...Object.values(grads), first.inputs, first.labels]);
    for (let step = 0; step < steps; step++) {
      const batch = task.batch(step);
      const cost = optimizer.minimize(() => taskLoss(model, batch, act), true, vars) as Scalar;
      losses.push(cost.dataSync()[0]!);
      dispose([cost, batch.inputs, batch.labels]);
      onStep?.(step + 1);
    }
    const finite = allFinite(losses) && [...gradients0.values()].every(allFinite) && vars.every((v) => allFinite(v.dataSync()));
    const evaluation = task.evaluate?.(model, act);
    return { variant, losses, gradients0, finite, ...(evaluation ? { evaluation } : {}), seconds: (performance.now() - start) / 1000 };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** max over steps of |a − b| / |b|. */
export function maxRelativeDifference(a: readonly number[], b: readonly number[]): { value: number; atStep: number } {
  let w = { value: 0, atStep: -1 };
  a.forEach((x, i) => {
    const d = Math.abs(x - b[i]!) / Math.abs(b[i]!);
    if (!(d <= w.value)) w = { value: d, atStep: i };
  });
  return w;
}

/** Per parameter: max |g − reference| / max |reference|, the error relative to the tensor's scale. */
export function gradientAgreement(run: VariantRun, reference: VariantRun): { name: string; relative: number }[] {
  return [...run.gradients0].map(([name, g]) => {
    const r = reference.gradients0.get(name)!;
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < g.length; i++) {
      diff = Math.max(diff, Math.abs(g[i]! - r[i]!));
      scale = Math.max(scale, Math.abs(r[i]!));
    }
    return { name, relative: scale === 0 ? (diff === 0 ? 0 : Infinity) : diff / scale };
  });
}
