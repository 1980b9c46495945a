import { dispose, train, variableGrads, type Variable } from '@tensorflow/tfjs';
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
  /** Per component, the family weights' gradient of every step (before its update), from this run's op and from the shadow's (on the same weights and batch). Empty without weights. */
  readonly stepGradients: Readonly<Record<string, { readonly own: readonly number[]; readonly shadow: readonly number[] }>>;
}

export interface TrainOptions {
  readonly onStep?: (step: number) => void;
  /** Also take every step's family-weight gradients with this variant's op (teacher forcing: along this run's trajectory, never applied). */
  readonly shadow?: Variant;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return false;
  return true;
}

/**
 * Train one variant for `steps` Adam steps from the task's initial weights on its batches.
 * `activation`: a catalogue name, or a trainable family, whose weights (one vector per MLP block)
 * train with the model's. Each step is optimizer.minimize spelled out (variableGrads, then
 * applyGradients), so that its gradients can be kept.
 */
export function trainVariant(task: TrainingTask, variant: Variant, activation: string, steps: number, options: TrainOptions = {}): VariantRun {
  const start = performance.now();
  const model = task.build();
  const bound = bindActivation(variant, activation, model.parameters, model.activationSites);
  const act = bound.op;
  const shadowOp = options.shadow && bound.weights.length > 0 ? bound.opOf(options.shadow) : undefined;
  const trajectories: Record<string, number[]> = {};
  const stepGradients: Record<string, { own: number[]; shadow: number[] }> = {};
  const perComponent = (values: (w: Variable) => ArrayLike<number>, push: (name: string, v: number) => void) =>
    bound.weights.forEach((w, l) => {
      const v = values(w);
      bound.componentNames[l]!.forEach((n, j) => push(n, v[j]!));
    });
  const record = () => perComponent((w) => w.dataSync(), (n, v) => (trajectories[n] ??= []).push(v));
  const vars = model.parameters.list();
  const names = [...model.parameters.byName.keys()];
  const optimizer = train.adam(task.learningRate);
  const losses: number[] = [];
  const gradients0 = new Map<string, Float32Array>();
  try {
    record();
    for (let step = 0; step < steps; step++) {
      const batch = task.batch(step);
      if (shadowOp) {
        const shadow = variableGrads(() => taskLoss(model, batch, shadowOp), [...bound.weights]);
        perComponent((w) => shadow.grads[w.name]!.dataSync(), (n, v) => (stepGradients[n] ??= { own: [], shadow: [] }).shadow.push(v));
        dispose([shadow.value, ...Object.values(shadow.grads)]);
      }
      const { value, grads } = variableGrads(() => taskLoss(model, batch, act), vars);
      losses.push(value.dataSync()[0]!);
      if (step === 0) vars.forEach((v, i) => gradients0.set(names[i]!, grads[v.name]!.dataSync() as Float32Array));
      if (shadowOp) perComponent((w) => grads[w.name]!.dataSync(), (n, v) => stepGradients[n]!.own.push(v));
      // As minimize(f, false, vars) applies them.
      optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
      dispose([value, ...Object.values(grads), batch.inputs, batch.labels]);
      record();
      options.onStep?.(step + 1);
    }
    const finite = allFinite(losses) && [...gradients0.values()].every(allFinite) && vars.every((v) => allFinite(v.dataSync()));
    const evaluation = task.evaluate?.(model, act);
    return { variant, losses, gradients0, finite, ...(evaluation ? { evaluation } : {}), seconds: (performance.now() - start) / 1000, trajectories, stepGradients };
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
  b.forEach((v, t) => (diff = Math.max(diff, Math.abs(a[t]! - v))));
  const moved = movedFrom(b);
  return moved === 0 ? (diff === 0 ? 0 : Infinity) : diff / moved;
}

/** max over steps of |b(t) − b(0)|: how far a trajectory moved from its start. */
export function movedFrom(b: readonly number[]): number {
  return b.reduce((m, v) => Math.max(m, Math.abs(v - b[0]!)), 0);
}

/** max |a − b| / max |b| over the elements: the error relative to b's scale (0 when both are 0). */
export function scaledDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? (diff === 0 ? 0 : Infinity) : diff / scale;
}

/** Per parameter: max |g − reference| / max |reference|, the error relative to the tensor's scale. */
export function gradientAgreement(run: VariantRun, reference: VariantRun): { name: string; relative: number }[] {
  return [...run.gradients0].map(([name, g]) => ({ name, relative: scaledDifference(g, reference.gradients0.get(name)!) }));
}
