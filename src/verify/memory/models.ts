import { tensor, tensor2d, type Tensor } from '@tensorflow/tfjs';
import { MlpBlock } from '../models/mlp-block.js';
import { SeededRandom } from '../models/random.js';
import { Transformer, type TransformerConfig } from '../models/transformer.js';
import type { MeasuredStep } from './measure.js';
import type { MemoryModelName } from './model-names.js';

export { MEMORY_MODEL_NAMES, type MemoryModelName } from './model-names.js';

/** The sizes a memory model is built with; unset ones take the model's defaults. */
export interface ModelSize {
  readonly layers?: number;
  readonly dModel?: number;
  readonly seqLen?: number;
  readonly batch?: number;
}

export interface MemoryModel extends MeasuredStep {
  readonly description: string;
  /** Tokens per step (batch × sequence): per-token figures divide by it. */
  readonly tokens: number;
  readonly dModel: number;
  /** MLP blocks, each with its own activation (a trainable family's weights are per block). */
  readonly activationSites: number;
  dispose(): void;
}

/** GPT-2 small's layout at CPU-friendly sizes; BERT-base's widths (768, 12 heads, 3072, 128 tokens) at 2 layers. */
const DEFAULTS: Record<MemoryModelName, Required<ModelSize>> = {
  mlp: { layers: 1, dModel: 768, seqLen: 128, batch: 1 },
  gpt: { layers: 4, dModel: 256, seqLen: 128, batch: 4 },
  bert: { layers: 2, dModel: 768, seqLen: 128, batch: 1 },
};

const SEED = 20261201;

function ids(batch: number, seqLen: number, vocab: number): Tensor {
  const r = new SeededRandom(SEED + 1);
  return tensor2d(Int32Array.from({ length: batch * seqLen }, () => r.below(vocab)), [batch, seqLen], 'int32');
}

export function memoryModel(name: MemoryModelName, size: ModelSize = {}): MemoryModel {
  const s = { ...DEFAULTS[name], ...size };
  for (const [k, v] of Object.entries(s)) if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name}: ${k} must be a positive integer, got ${v}`);
  if (name === 'mlp') {
    const block = new MlpBlock(s.dModel, 4 * s.dModel, SEED);
    const tokens = s.batch * s.seqLen;
    const x = tensor(new SeededRandom(SEED + 1).normals(tokens * s.dModel, 1), [tokens, s.dModel]);
    return {
      description: `MLP block ${s.dModel} → ${4 * s.dModel} → ${s.dModel}, ${tokens} tokens`,
      tokens,
      dModel: s.dModel,
      activationSites: 1,
      parameters: block.params.list(),
      forward: (act) => block.forward(x, act),
      dispose: () => {
        x.dispose();
        block.params.dispose();
      },
    };
  }
  // Heads of width 64, as in GPT-2 and BERT (768 → 12 heads).
  if (s.dModel % 64 !== 0) throw new RangeError(`${name}: dModel must be a multiple of 64 (heads of width 64), got ${s.dModel}`);
  const config: TransformerConfig = {
    layers: s.layers,
    dModel: s.dModel,
    heads: s.dModel / 64,
    dFf: 4 * s.dModel,
    seqLen: s.seqLen,
    vocab: name === 'bert' ? 30522 : 256,
    style: name,
  };
  const model = new Transformer(config, SEED);
  const input = ids(s.batch, s.seqLen, config.vocab);
  return {
    description: `${name === 'gpt' ? 'GPT-style decoder' : 'BERT-style encoder'}: ${config.layers} layers, d_model ${config.dModel}, ${config.heads} heads, d_ff ${config.dFf}, ${s.batch} × ${s.seqLen} tokens, vocab ${config.vocab}`,
    tokens: s.batch * s.seqLen,
    dModel: s.dModel,
    activationSites: config.layers,
    parameters: model.params.list(),
    forward: (act) => model.forward(input, act),
    dispose: () => {
      input.dispose();
      model.params.dispose();
    },
  };
}
