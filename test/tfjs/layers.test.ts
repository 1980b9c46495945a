import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/tfjs/backend.js';
import { InvertedActivation, invertedActivationLayer } from '../../src/tfjs/layer.js';
import { invertedActivation } from '../../src/tfjs/ops.js';
import { swapActivations } from '../../src/tfjs/swap.js';
import { measureStep } from '../../src/verify/memory/measure.js';

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return tf.loadLayersModel(tf.io.fromMemory(saved!));
}

function input(rows: number, cols: number): tf.Tensor {
  return tf.tensor2d(Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 0.37) * 3), [rows, cols]);
}

/** Bytes held for backward by one training step of a layers model (loss = sum of its output). */
function held(model: tf.LayersModel, x: tf.Tensor): number {
  return measureStep({ forward: () => model.apply(x) as tf.Tensor, parameters: model.trainableWeights.map((w) => w.read() as tf.Variable) }, (t) => t).activationBytes;
}

function sequential(activation: 'gelu' | 'gelu_new' | 'swish' | 'linear'): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 16, inputShape: [5], activation, kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }) }));
  return m;
}

describe('InvertedActivation layer and swapActivations (cpu)', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
  });

  it('the layer applies the inverted op, serialises its activation and loads back', async () => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 8, inputShape: [4] }));
    m.add(invertedActivationLayer({ activation: 'silu' }));
    const x = input(3, 4);
    const config = m.layers[1]!.getConfig();
    expect(config['activation']).toBe('silu');
    expect(JSON.stringify(m.toJSON(null, false))).toMatch(/"class_name":"InvertedActivation"/);
    const loaded = await roundTrip(m);
    expect(loaded.layers[1]).toBeInstanceOf(InvertedActivation);
    expect((loaded.predict(x) as tf.Tensor).arraySync()).toEqual((m.predict(x) as tf.Tensor).arraySync());
    const hidden = m.layers[0]!.apply(x) as tf.Tensor;
    expect((m.predict(x) as tf.Tensor).arraySync()).toEqual(invertedActivation(hidden, 'silu').arraySync());
  });

  it('rejects an unknown activation, naming the allowed ones', () => {
    expect(() => invertedActivationLayer({ activation: 'relu' as never })).toThrow(/InvertedActivation: unknown activation "relu"; allowed: gelu, gelu_tanh, silu/);
  });

  it.each([
    ['gelu', 'invertedGelu', 'inverted_gelu'],
    ['gelu_new', 'invertedGeluTanh', 'inverted_gelu_tanh'],
    ['swish', 'invertedSilu', 'inverted_silu'],
  ] as const)('swaps %s for %s in place: same outputs within float32 rounding, less held for backward, survives saving', async (from, to, saved) => {
    const x = input(7, 5);
    const model = sequential(from);
    const before = (model.predict(x) as tf.Tensor).dataSync();
    const heldBefore = held(model, x);
    expect(swapActivations(model)).toEqual([{ layer: model.layers[0]!.name, from, to }]);
    const after = (model.predict(x) as tf.Tensor).dataSync();
    // tfjs's own formulas are a few ulp off (gelu's erf cancels for x < 0); ours round the exact value.
    after.forEach((v, i) => expect(Math.abs(v - before[i]!)).toBeLessThan(1e-5));
    // Against the same model with no activation: y is the next Dense layer's saved input, so the
    // activation adds only its mask (7 × 16 = 112 elements: 4 words). A Dense layer whose activation
    // tfjs cannot fuse also keeps its product before the bias (fused matMul and Add both save it):
    // one more 7 × 16 float32 tensor, there with any such activation.
    const linear = sequential('linear');
    linear.setWeights(model.getWeights());
    expect(held(model, x)).toBe(held(linear, x) + 7 * 16 * 4 + 16);
    expect(held(model, x)).toBeLessThan(heldBefore);
    const loaded = await roundTrip(model);
    // Keras JSON writes class names in snake case; loading maps them back.
    expect(JSON.stringify(loaded.toJSON(null, false))).toContain(`"activation":"${saved}"`);
    expect((loaded.layers[0] as unknown as { activation: { getClassName(): string } }).activation.getClassName()).toBe(to);
    expect((loaded.predict(x) as tf.Tensor).dataSync()).toEqual(after);
  });

  it('leaves other activations alone, reaches nested models, and rejects what is not a model', () => {
    const inner = sequential('gelu');
    const outer = tf.sequential();
    outer.add(tf.layers.dense({ units: 5, inputShape: [5], activation: 'relu' }));
    outer.add(inner);
    outer.add(tf.layers.activation({ activation: 'swish' }));
    const swapped = swapActivations(outer);
    expect(swapped.map((s) => s.to)).toEqual(['invertedGelu', 'invertedSilu']);
    expect(swapped[0]!.layer).toBe(`${inner.name}/${inner.layers[0]!.name}`);
    expect(swapActivations(outer)).toEqual([]);
    expect(() => swapActivations({} as never)).toThrow(/expected a tf\.LayersModel/);
  });
});
