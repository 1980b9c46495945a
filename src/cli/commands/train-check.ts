import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { ActivationName } from '../../functions/catalogue.js';
import { TFJS_ACTIVATION_NAMES } from '../../tfjs/activations.js';
import { TRAINABLE_FAMILY_NAMES } from '../../tfjs/family-parameters.js';
import { BACKEND_NAMES, type BackendName } from '../../tfjs/backend-names.js';
import type { TrainingComparison } from '../../verify/training/compare.js';
import type { ForwardAgreement } from '../../verify/training/forward-agreement.js';
import { table, toJson } from '../format.js';
import { ProgressBar } from '../progress.js';

interface TrainCheckArgs {
  steps: number;
  act: string;
  task: 'gpt' | 'mnist' | 'all';
  backend?: BackendName;
  json: boolean;
}

const e = (x: number) => x.toExponential(2);
const at = (step: number) => (step >= 0 ? ` (step ${step})` : '');

function printForward({ tfjsName, ranges }: ForwardAgreement): void {
  console.log(`\nforward: ours (inverted op) vs TensorFlow.js '${tfjsName}', max ulps of the exact float32 value`);
  console.log(table([['  x in', 'ours', `tfjs ${tfjsName}`, 'ours vs tfjs'], ...ranges.map((r) => [`  [${r.lo}, ${r.hi}]`, r.oursUlps.toFixed(2), r.tfjsUlps.toFixed(2), r.oursVsTfjsUlps.toFixed(2)])]));
}

function printWeights(c: TrainingComparison, tolerance: number, driftFactor: number): void {
  if (c.weights.length === 0) return;
  console.log(`  ${c.activation}'s weights, teacher-forced: at every step along save-x, the inverted op's gradient on the same weights and batch,`);
  console.log(`  max |g_inverted − g_save-x| / max |g_save-x| over the steps (bound ${e(tolerance)}); worst step: |Δg| / |g| there, and |g| there / max |g|`);
  console.log(`  free-running: max |Δ| over the steps / how far save-x moved; noise floor: save-x from every initial weight 1 ulp up, vs save-x (bound vs save-x: ${driftFactor} × noise floor, or ${e(tolerance)})`);
  console.log(
    table([
      ['    weight', 'teacher-forced', 'worst step', 'initial', 'final tfjs', 'final save-x', 'final inverted', 'moved', 'vs tfjs', 'vs save-x', 'noise floor'],
      ...c.weights.map((w) => [
        `    ${w.name}`,
        e(w.teacherForced.value),
        `${e(w.teacherForced.perStep.value)}${at(w.teacherForced.perStep.atStep)}, |g| ${e(w.teacherForced.gradientThere)}`,
        w.initial.toFixed(6),
        w.final.tfjs.toFixed(6),
        w.final['save-x'].toFixed(6),
        w.final.inverted.toFixed(6),
        e(w.moved),
        e(w.vsTfjs),
        e(w.vsSaveX),
        e(w.noiseFloor),
      ]),
    ]),
  );
}

function printComparison(c: TrainingComparison, tolerance: number, weightTolerance: number, driftFactor: number): void {
  console.log(`\n${c.description}; ${c.activation}; ${c.steps} steps`);
  console.log(
    table([
      ['  variant', 'loss at step 0', `loss at step ${c.steps - 1}`, 'finite', 'evaluation', 'seconds'],
      ...c.runs.map((r) => [`  ${r.variant}`, r.losses[0]!.toFixed(6), r.losses[r.losses.length - 1]!.toFixed(6), r.finite ? 'yes' : 'NO', r.evaluation ? `${r.evaluation.name} ${(100 * r.evaluation.value).toFixed(2)}%` : '', r.seconds.toFixed(1)]),
    ]),
  );
  const l = c.lossMaxRelativeDifference;
  const n = c.noiseFloor.lossVsSaveX;
  console.log(`  loss, max relative difference over the steps: inverted vs tfjs ${e(l.vsTfjs.value)}${at(l.vsTfjs.atStep)}, vs save-x ${e(l.vsSaveX.value)}${at(l.vsSaveX.atStep)}; bound ${e(tolerance)}`);
  console.log(`  noise floor: save-x from every initial weight 1 ulp up vs save-x ${e(n.value)}${at(n.atStep)} (${c.noiseFloor.seconds.toFixed(1)} s)`);
  console.log('  gradients at step 0, per parameter: max |g_inverted − g| / max |g|');
  console.log(table([['    parameter', 'vs tfjs', 'vs save-x'], ...c.gradients.map((g) => [`    ${g.name}`, e(g.vsTfjs), e(g.vsSaveX)])]));
  console.log(`  worst: vs tfjs ${e(Math.max(...c.gradients.map((g) => g.vsTfjs)))}, vs save-x ${e(Math.max(...c.gradients.map((g) => g.vsSaveX)))}`);
  printWeights(c, weightTolerance, driftFactor);
  console.log(`  ${c.passed ? 'PASS' : 'FAIL'}`);
}

export const trainCheckCommand: CommandModule<object, TrainCheckArgs> = {
  command: 'train-check',
  describe: 'Train with tfjs, save-x and inverted activations from the same weights and data; compare losses and gradients (exits 1 on a failure)',
  builder: (yargs: Argv) =>
    yargs
      .option('steps', { type: 'number', default: 200, describe: 'Adam steps per run' })
      .option('act', { type: 'string', choices: [...TFJS_ACTIVATION_NAMES, ...TRAINABLE_FAMILY_NAMES], default: 'gelu', describe: 'Activation of the GPT model (MNIST uses silu), or a trainable family whose weights train too (tfjs: the formula in tf ops)' })
      .option('task', { type: 'string', choices: ['gpt', 'mnist', 'all'], default: 'all', describe: 'gpt: char LM on Moby Dick; mnist: MLP on MNIST' })
      .option('backend', { type: 'string', choices: BACKEND_NAMES, describe: 'tfjs backend (default: tensorflow when tfjs-node is installed, else wasm)' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
      .check((argv) => {
        if (!(Number.isInteger(argv.steps) && argv.steps >= 1 && argv.steps <= 100_000)) throw new RangeError(`--steps must be an integer in [1, 100000], got ${argv.steps}`);
        return true;
      }) as unknown as Argv<TrainCheckArgs>,
  handler: async (argv: ArgumentsCamelCase<TrainCheckArgs>) => {
    // tfjs loads here, not at start-up, so the other commands never pay for it.
    const [{ env, getBackend }, { nodeBackendAvailable, useBackend }, { VARIANTS }, { compareTraining, DRIFT_FACTOR, LOSS_TOLERANCE, PARAMETER_TOLERANCE }, { forwardAgreement }, { mnistTask, mobyDickTask }] = await Promise.all([
      import('@tensorflow/tfjs'),
      import('../../tfjs/backend.js'),
      import('../../verify/models/activation-op.js'),
      import('../../verify/training/compare.js'),
      import('../../verify/training/forward-agreement.js'),
      import('../../verify/training/tasks.js'),
    ]);
    env().set('PROD', true);
    await useBackend(argv.backend ?? ((await nodeBackendAvailable()) ? 'tensorflow' : 'wasm'));
    const jobs = [
      ...(argv.task !== 'mnist' ? [{ make: mobyDickTask, activation: argv.act }] : []),
      ...(argv.task !== 'gpt' ? [{ make: mnistTask, activation: 'silu' as const }] : []),
    ];
    if (!argv.json) {
      console.log(`backend ${getBackend()}`);
      // Against tfjs's own op: the catalogue's only (tfjs has no op of a family).
      for (const a of new Set(jobs.map((j) => j.activation))) if ((TFJS_ACTIVATION_NAMES as readonly string[]).includes(a)) printForward(forwardAgreement(a as ActivationName));
    }
    const bar = new ProgressBar();
    const results: TrainingComparison[] = [];
    // Every variant, and save-x once more from the nudged weights (the noise floor).
    const total = jobs.length * (VARIANTS.length + 1) * argv.steps;
    let done = 0;
    try {
      for (const job of jobs) {
        const task = job.make();
        results.push(
          compareTraining(task, job.activation, argv.steps, (variant, step) => {
            done++;
            bar.update(done / total, `train-check: ${task.name} ${variant} step ${step}/${argv.steps}`);
          }),
        );
      }
    } finally {
      bar.done();
    }
    if (argv.json) console.log(toJson({ backend: getBackend(), results }));
    else results.forEach((r) => printComparison(r, LOSS_TOLERANCE, PARAMETER_TOLERANCE, DRIFT_FACTOR));
    if (!results.every((r) => r.passed)) process.exitCode = 1;
  },
};
