import { VARIANTS, type Variant } from '../models/activation-op.js';
import { nudgedTask } from './nudge.js';
import { gradientAgreement, maxRelativeDifference, movedFrom, scaledDifference, trainVariant, trajectoryDifference, type VariantRun } from './run.js';
import type { TrainingTask } from './tasks.js';

/**
 * The bar for the loss curves: inverted within 1e-3 relative of the standard runs, every
 * step. Kept fixed although the noise floor can exceed it (xATLU's save-x from weights 1 ulp up
 * ends 1.1e-3 from save-x in 200 steps): the inverted runs measured within it.
 */
export const LOSS_TOLERANCE = 1e-3;
/**
 * Issue 7's bar for a trainable family's weights moving the same way: at every step along the
 * save-x trajectory, the inverted op's gradient of each weight within 1e-4 of save-x's, relative
 * to the gradient's scale over the run (teacher forcing: same weights, same batch, so only the
 * inversion differs). A gradient is a sum over every activation element; where it cancels to near
 * 0 its error is the summands' (float32 rounding of each), so relative to its own size it is not
 * a measure of the inversion.
 */
export const PARAMETER_TOLERANCE = 1e-4;
/**
 * Free-running, two runs separate by float32 chaos alone; a family weight of the inverted run may
 * end at most this many times as far from save-x as save-x from weights one ulp up (the noise
 * floor), or within PARAMETER_TOLERANCE.
 */
export const DRIFT_FACTOR = 10;

export interface TrainingComparison {
  readonly task: string;
  readonly description: string;
  /** A catalogue activation or a trainable family. */
  readonly activation: string;
  readonly steps: number;
  readonly runs: readonly Omit<VariantRun, 'gradients0' | 'trajectories' | 'stepGradients'>[];
  /** The noise floor: save-x from every initial model weight one float32 step up, against save-x (losses as lossMaxRelativeDifference). */
  readonly noiseFloor: { readonly lossVsSaveX: { value: number; atStep: number }; readonly seconds: number };
  /** Inverted against tfjs's own op and against save-x: max over steps of the loss's relative difference. */
  readonly lossMaxRelativeDifference: Readonly<Record<'vsTfjs' | 'vsSaveX', { value: number; atStep: number }>>;
  /** Per parameter tensor at step 0: max |g_inverted − g_ref| / max |g_ref|. */
  readonly gradients: readonly { readonly name: string; readonly vsTfjs: number; readonly vsSaveX: number }[];
  /**
   * A trainable family's weights, per component. teacherForced: along save-x, max over the steps
   * of |g_inverted − g_save-x| / max over the steps of |g_save-x| (value), and the worst step's
   * own relative difference, with |g_save-x| there / that max (gradientThere). Free-running
   * (trajectoryDifference): the inverted trajectory against tfjs and save-x, and the noise floor
   * (save-x one ulp up against save-x); moved: max |save-x(t) − save-x(0)|, their scale.
   */
  readonly weights: readonly {
    readonly name: string;
    readonly teacherForced: { readonly value: number; readonly perStep: { value: number; atStep: number }; readonly gradientThere: number };
    readonly vsTfjs: number;
    readonly vsSaveX: number;
    readonly noiseFloor: number;
    readonly moved: number;
    readonly initial: number;
    readonly final: Readonly<Record<Variant, number>>;
  }[];
  readonly finite: boolean;
  readonly passed: boolean;
}

function teacherForced({ own, shadow }: VariantRun['stepGradients'][string]): TrainingComparison['weights'][number]['teacherForced'] {
  const perStep = maxRelativeDifference(shadow, own);
  const scale = Math.max(...own.map(Math.abs));
  return { value: scaledDifference(shadow, own), perStep, gradientThere: perStep.atStep >= 0 ? Math.abs(own[perStep.atStep]!) / scale : 0 };
}

/** Train every variant from the same weights on the same batches and compare the inverted one with the others. */
export function compareTraining(task: TrainingTask, activation: string, steps: number, onStep?: (variant: Variant, step: number) => void): TrainingComparison {
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`compareTraining: steps must be a positive integer, got ${steps}`);
  const runs = VARIANTS.map((v) => trainVariant(task, v, activation, steps, { onStep: (s) => onStep?.(v, s), ...(v === 'save-x' ? { shadow: 'inverted' as const } : {}) }));
  const by = (v: Variant) => runs.find((r) => r.variant === v)!;
  const [tfjs, saveX, inverted] = [by('tfjs'), by('save-x'), by('inverted')];
  const nudged = trainVariant(nudgedTask(task), 'save-x', activation, steps, { onStep: (s) => onStep?.('save-x', s) });
  const vsTfjs = gradientAgreement(inverted, tfjs);
  const vsSaveX = gradientAgreement(inverted, saveX);
  const lossMaxRelativeDifference = { vsTfjs: maxRelativeDifference(inverted.losses, tfjs.losses), vsSaveX: maxRelativeDifference(inverted.losses, saveX.losses) };
  const weights = Object.entries(inverted.trajectories).map(([name, t]) => ({
    name,
    teacherForced: teacherForced(saveX.stepGradients[name]!),
    vsTfjs: trajectoryDifference(t, tfjs.trajectories[name]!),
    vsSaveX: trajectoryDifference(t, saveX.trajectories[name]!),
    noiseFloor: trajectoryDifference(nudged.trajectories[name]!, saveX.trajectories[name]!),
    moved: movedFrom(saveX.trajectories[name]!),
    initial: t[0]!,
    final: { tfjs: tfjs.trajectories[name]!.at(-1)!, 'save-x': saveX.trajectories[name]!.at(-1)!, inverted: t.at(-1)! },
  }));
  const finite = [...runs, nudged].every((r) => r.finite);
  const noiseFloor = { lossVsSaveX: maxRelativeDifference(nudged.losses, saveX.losses), seconds: nudged.seconds };
  return {
    task: task.name,
    description: task.description,
    activation,
    steps,
    runs: runs.map(({ gradients0: _, trajectories: __, stepGradients: ___, ...r }) => r),
    noiseFloor,
    lossMaxRelativeDifference,
    gradients: vsTfjs.map((g, i) => ({ name: g.name, vsTfjs: g.relative, vsSaveX: vsSaveX[i]!.relative })),
    weights,
    finite,
    passed:
      finite &&
      lossMaxRelativeDifference.vsTfjs.value <= LOSS_TOLERANCE &&
      lossMaxRelativeDifference.vsSaveX.value <= LOSS_TOLERANCE &&
      weights.every((w) => w.teacherForced.value <= PARAMETER_TOLERANCE && w.vsSaveX <= Math.max(PARAMETER_TOLERANCE, DRIFT_FACTOR * w.noiseFloor)),
  };
}
