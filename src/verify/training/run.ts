import { dispose, train, variableGrads, type Scalar } from '@tensorflow/tfjs';
import type { Variant } from '../models/activation-op.js';
import { bindActivation } from '../models/family-op.js';
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
  /** A trainable family's weights, per component ("h0.alpha"): the initial value, then after each step. Empty otherwise. */
  readonly trajectories: Readonly<Record<string, readonly number[]>>;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/**
 * Train one variant for `steps` Adam steps from the task's initial weights on its batches.
 * `activation`: a catalogue name, or a trainable family, whose weights (one vector per MLP block)
 * train with the model's.
 */
export function trainVariant(task: TrainingTask, variant: Variant, activation: string, steps: number, onStep?: (step: number) => void): VariantRun {
  const start = performance.now();
  const model = task.build();
  const bound = bindActivation(variant, activation, model.parameters, model.activationSites);
  const act = bound.op;
  const trajectories: Record<string, number[]> = {};
  const record = () =>
    bound.weights.forEach((w, l) => {
      const values = w.dataSync();
      bound.componentNames[l]!.forEach((n, j) => (trajectories[n] ??= []).push(values[j]!));
    });
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
    record();
    for (let step = 0; step < steps; step++) {
      const batch = task.batch(step);
      const cost = optimizer.minimize(() => taskLoss(model, batch, act), true, vars) as Scalar;
      losses.push(cost.dataSync()[0]!);
      dispose([cost, batch.inputs, batch.labels]);
      record();
      onStep?.(step + 1);
    }
    const finite = allFinite(losses) && [...gradients0.values()].every(allFinite) && vars.every((v) => allFinite(v.dataSync()));
    const evaluation = task.evaluate?.(model, act);
    return { variant, losses, gradients0, finite, ...(evaluation ? { evaluation } : {}), seconds: (performance.now() - start) / 1000, trajectories };
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

/**
 * max over steps of |a(t) − b(t)| / max over steps of |b(t) − b(0)|: how far two trajectories of a
 * weight part, relative to how far the reference moved (0 when neither moved).
 */
export function trajectoryDifference(a: readonly number[], b: readonly number[]): number {
  let diff = 0;
  let moved = 0;
  b.forEach((v, t) => {
    diff = Math.max(diff, Math.abs(a[t]! - v));
    moved = Math.max(moved, Math.abs(v - b[0]!));
  });
  return moved === 0 ? (diff === 0 ? 0 : Infinity) : diff / moved;
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
