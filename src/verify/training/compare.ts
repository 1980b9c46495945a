import { VARIANTS, type Variant } from '../models/activation-op.js';
import { gradientAgreement, maxRelativeDifference, trainVariant, trajectoryDifference, type VariantRun } from './run.js';
import type { TrainingTask } from './tasks.js';

/** The bar for the loss curves: inverted within 1e-3 relative of the standard runs, every step. */
export const LOSS_TOLERANCE = 1e-3;
/** Issue 7's bar for a trainable family's weights: inverted within 1e-4 of save-x (trajectoryDifference). */
export const PARAMETER_TOLERANCE = 1e-4;

export interface TrainingComparison {
  readonly task: string;
  readonly description: string;
  /** A catalogue activation or a trainable family. */
  readonly activation: string;
  readonly steps: number;
  readonly runs: readonly Omit<VariantRun, 'gradients0' | 'trajectories'>[];
  /** Inverted against tfjs's own op and against save-x: max over steps of the loss's relative difference. */
  readonly lossMaxRelativeDifference: Readonly<Record<'vsTfjs' | 'vsSaveX', { value: number; atStep: number }>>;
  /** Per parameter tensor at step 0: max |g_inverted − g_ref| / max |g_ref|. */
  readonly gradients: readonly { readonly name: string; readonly vsTfjs: number; readonly vsSaveX: number }[];
  /** A trainable family's weights, per component: the inverted trajectory against the others (trajectoryDifference), and where each ended. */
  readonly weights: readonly { readonly name: string; readonly vsTfjs: number; readonly vsSaveX: number; readonly initial: number; readonly final: Readonly<Record<Variant, number>> }[];
  readonly finite: boolean;
  readonly passed: boolean;
}

/** Train every variant from the same weights on the same batches and compare the inverted one with the others. */
export function compareTraining(task: TrainingTask, activation: string, steps: number, onStep?: (variant: Variant, step: number) => void): TrainingComparison {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`compareTraining: steps must be a positive integer, got ${steps}`);
  const runs = VARIANTS.map((v) => trainVariant(task, v, activation, steps, (s) => onStep?.(v, s)));
  const by = (v: Variant) => runs.find((r) => r.variant === v)!;
  const [tfjs, saveX, inverted] = [by('tfjs'), by('save-x'), by('inverted')];
  const vsTfjs = gradientAgreement(inverted, tfjs);
  const vsSaveX = gradientAgreement(inverted, saveX);
  const lossMaxRelativeDifference = { vsTfjs: maxRelativeDifference(inverted.losses, tfjs.losses), vsSaveX: maxRelativeDifference(inverted.losses, saveX.losses) };
  const weights = Object.entries(inverted.trajectories).map(([name, t]) => ({
    name,
    vsTfjs: trajectoryDifference(t, tfjs.trajectories[name]!),
    vsSaveX: trajectoryDifference(t, saveX.trajectories[name]!),
    initial: t[0]!,
    final: { tfjs: tfjs.trajectories[name]!.at(-1)!, 'save-x': saveX.trajectories[name]!.at(-1)!, inverted: t.at(-1)! },
  }));
  const finite = runs.every((r) => r.finite);
  return {
    task: task.name,
    description: task.description,
    activation,
    steps,
    runs: runs.map(({ gradients0: _, trajectories: __, ...r }) => r),
    lossMaxRelativeDifference,
    gradients: vsTfjs.map((g, i) => ({ name: g.name, vsTfjs: g.relative, vsSaveX: vsSaveX[i]!.relative })),
    weights,
    finite,
    passed:
      finite &&
      lossMaxRelativeDifference.vsTfjs.value <= LOSS_TOLERANCE &&
      lossMaxRelativeDifference.vsSaveX.value <= LOSS_TOLERANCE &&
      weights.every((w) => w.vsSaveX <= PARAMETER_TOLERANCE),
  };
}
