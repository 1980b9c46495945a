import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { TFJS_ACTIVATION_NAMES } from '../../tfjs/activations.js';
import { TRAINABLE_FAMILY_NAMES } from '../../tfjs/family-parameters.js';
import type { MemoryComparison } from '../../verify/memory/compare.js';
import { MEMORY_MODEL_NAMES, type MemoryModelName } from '../../verify/memory/model-names.js';
import type { ModelSize } from '../../verify/memory/models.js';
import { table, toJson } from '../format.js';
import { ProgressBar } from '../progress.js';

interface MemoryArgs {
  model: MemoryModelName;
  act: string;
  backend: 'cpu' | 'wasm';
  layers?: number;
  dModel?: number;
  seqLen?: number;
  batch?: number;
  json: boolean;
}

const SIZE_OPTIONS = ['layers', 'd-model', 'seq-len', 'batch'] as const;

function bytes(n: number): string {
  return n.toLocaleString('en-US');
}
function pct(p: number): string {
  return `${p.toFixed(2)}%`;
}
/** A saving of p% as the change in bytes it is: −p% (or +|p|% where it grew). */
function change(p: number): string {
  return `${p >= 0 ? '−' : '+'}${pct(Math.abs(p))}`;
}

function print(c: MemoryComparison, mode: string): void {
  console.log(`\n${c.model}; ${c.activation}; backend ${c.backend}${mode}`);
  console.log(
    table([
      ['  variant', 'held for backward', 'by the activation', 'parameter copies', 'live at backward', 'peak', 'per token'],
      ...c.rows.map((r) => [
        `  ${r.variant}`,
        bytes(r.activationBytes),
        bytes(r.activationOpBytes),
        bytes(r.parameterCopyBytes),
        bytes(r.liveAtBackwardBytes),
        bytes(r.peakBytes),
        `${c.perTokenD[r.variant].toFixed(3)}d`,
      ]),
    ]),
  );
  const t = c.theory;
  console.log(`  theory (DESIGN §6): ${t.activationCalls} activations, ${bytes(t.elements)} elements: x ${bytes(t.xBytes)} B − mask ${bytes(t.maskBytes)} B = ${bytes(t.savingBytes)} B saved`);
  console.log(`  inverted vs save-x, activation tensors: ${bytes(c.activationSaving.bytes)} B saved = ${pct(c.activationSaving.percentOfTheory)} of the theory`);
  console.log(`  inverted vs save-x, whole model: ${change(c.modelSaving.percent)} of the bytes held for backward (theory ${change(c.modelSaving.theoryPercent)})`);
  console.log(`  inverted vs tfjs's own op, whole model: ${change(c.savingVsTfjsPercent)}`);
}

export const memoryCommand: CommandModule<object, MemoryArgs> = {
  command: 'memory',
  describe: 'Bytes a training step holds for backward, per unique buffer: tfjs op, save-x and inverted activations',
  builder: (yargs: Argv) =>
    yargs
      .option('model', { type: 'string', choices: MEMORY_MODEL_NAMES, default: 'mlp', describe: 'mlp: one MLP block; gpt: decoder; bert: BERT-base widths' })
      .option('act', { type: 'string', choices: [...TFJS_ACTIVATION_NAMES, ...TRAINABLE_FAMILY_NAMES], default: 'gelu', describe: 'Activation, or a trainable family (its weights at their initial values, one vector per MLP block; 2-bit codes for xsilu, xgelu)' })
      .option('backend', { type: 'string', choices: ['cpu', 'wasm'], default: 'cpu', describe: 'tfjs backend (wasm: measured as shipped and with shared saved tensors)' })
      .option('layers', { type: 'number', describe: 'Transformer layers (gpt 4, bert 2)' })
      .option('d-model', { type: 'number', describe: 'Model width (mlp 768, gpt 256, bert 768)' })
      .option('seq-len', { type: 'number', describe: 'Sequence length (128)' })
      .option('batch', { type: 'number', describe: 'Sequences per step (mlp 1, gpt 4, bert 1)' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
      .check((argv) => {
        for (const name of SIZE_OPTIONS) {
          const v = argv[name];
          if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 100_000)) throw new RangeError(`--${name} must be an integer in [1, 100000], got ${String(v)}`);
        }
        if (argv.model === 'mlp' && argv.layers !== undefined) throw new RangeError('--layers: the mlp model is one MLP block; layers are for --model gpt and bert');
        return true;
      }) as unknown as Argv<MemoryArgs>,
  handler: async (argv: ArgumentsCamelCase<MemoryArgs>) => {
    // tfjs loads here, not at start-up, so the other commands never pay for it.
    const [{ env }, { shareSavedTensorsOnWasm, useBackend }, { VARIANTS }, { compareVariants }, { memoryModel }] = await Promise.all([
      import('@tensorflow/tfjs'),
      import('../../tfjs/backend.js'),
      import('../../verify/models/activation-op.js'),
      import('../../verify/memory/compare.js'),
      import('../../verify/memory/models.js'),
    ]);
    const size: ModelSize = {
      ...(argv.layers !== undefined ? { layers: argv.layers } : {}),
      ...(argv.dModel !== undefined ? { dModel: argv.dModel } : {}),
      ...(argv.seqLen !== undefined ? { seqLen: argv.seqLen } : {}),
      ...(argv.batch !== undefined ? { batch: argv.batch } : {}),
    };
    // PROD silences tfjs's "install tfjs-node" banner; the model is built on the chosen backend.
    env().set('PROD', true);
    await useBackend(argv.backend);
    const model = memoryModel(argv.model, size);
    const modes: { label: string; shared: boolean }[] =
      argv.backend === 'wasm' ? [{ label: ', saved tensors copied (tfjs-backend-wasm 4.22 Identity)', shared: false }, { label: ', saved tensors shared (shareSavedTensorsOnWasm)', shared: true }] : [{ label: '', shared: false }];
    const bar = new ProgressBar();
    const results: { mode: string; comparison: MemoryComparison }[] = [];
    try {
      modes.forEach((m, i) => {
        const restore = m.shared ? shareSavedTensorsOnWasm() : undefined;
        try {
          const comparison = compareVariants(model, argv.act, argv.backend, (v) => bar.update((i + VARIANTS.indexOf(v) / VARIANTS.length) / modes.length, `memory: ${argv.model} ${v}${m.shared ? ' (shared)' : ''}`));
          results.push({ mode: m.shared ? 'shared' : argv.backend === 'wasm' ? 'copied' : 'default', comparison });
        } finally {
          restore?.();
        }
      });
    } finally {
      bar.done();
      model.dispose();
    }
    if (argv.json) {
      console.log(toJson(results));
      return;
    }
    results.forEach((r, i) => print(r.comparison, modes[i]!.label));
  },
};
