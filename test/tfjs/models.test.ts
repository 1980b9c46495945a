import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/tfjs/backend.js';
import { addSavingNothing } from '../../src/verify/models/add.js';
import { selfAttention } from '../../src/verify/models/attention.js';
import { crossEntropy } from '../../src/verify/models/cross-entropy.js';
import { embedding } from '../../src/verify/models/embedding.js';
import { layerNorm } from '../../src/verify/models/layer-norm.js';
import { linear } from '../../src/verify/models/linear.js';
import { SeededRandom } from '../../src/verify/models/random.js';

const random = new SeededRandom(7);
const normal = (...shape: number[]) => tf.tensor(random.normals(shape.reduce((a, b) => a * b, 1), 1), shape);

/** The memory models' hand-written gradients against tfjs's autograd of the same composite. */
function expectSameGradients(ours: (...xs: tf.Tensor[]) => tf.Tensor, reference: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): void {
  const cot = normal(...ours(...inputs).shape);
  const g = (f: (...xs: tf.Tensor[]) => tf.Tensor) => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), cot)))(inputs);
  const [a, b] = [g(ours), g(reference)];
  const value = tf.sub(ours(...inputs), reference(...inputs)).abs().max().dataSync()[0]!;
  expect(value).toBeLessThan(1e-5);
  a.forEach((ga, i) => {
    const scale = tf.max(tf.abs(b[i]!)).dataSync()[0]!;
    expect(tf.max(tf.abs(tf.sub(ga, b[i]!))).dataSync()[0]! / scale, `input ${i}`).toBeLessThan(1e-5);
  });
}

describe('the memory models\' ops (cpu)', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
  });

  it('linear, with and without bias', () => {
    expectSameGradients(linear, (x, w, b) => tf.add(tf.matMul(tf.reshape(x, [-1, 4]), w), b).reshape([2, 3, 5]), [normal(2, 3, 4), normal(4, 5), normal(5)]);
    expectSameGradients((x, w) => linear(x, w), (x, w) => tf.matMul(x, w), [normal(3, 4), normal(4, 5)]);
  });

  it('layerNorm', () => {
    const reference = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(x, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
    };
    expectSameGradients(layerNorm, reference, [normal(2, 3, 8), normal(8), normal(8)]);
  });

  it.each([true, false])('selfAttention (causal: %s)', (causal) => {
    const [b, t, h, e] = [2, 5, 2, 3];
    const reference = (qkv: tf.Tensor) => {
      const [q, k, v] = tf.split(qkv, 3, 2).map((z) => tf.transpose(tf.reshape(z, [b, t, h, e]), [0, 2, 1, 3])) as [tf.Tensor, tf.Tensor, tf.Tensor];
      let s = tf.div(tf.matMul(q, k, false, true), Math.sqrt(e));
      if (causal) s = tf.where(tf.cast(tf.linalg.bandPart(tf.ones([t, t]), -1, 0), 'bool'), s, tf.fill(s.shape, -1e9));
      return tf.reshape(tf.transpose(tf.matMul(tf.softmax(s), v), [0, 2, 1, 3]), [b, t, h * e]);
    };
    expectSameGradients((qkv) => selfAttention(qkv, h, causal), reference, [normal(b, t, 3 * h * e)]);
  });

  it('addSavingNothing broadcasts its second argument over leading axes', () => {
    expectSameGradients(addSavingNothing, tf.add, [normal(2, 3, 4), normal(3, 4)]);
    expectSameGradients(addSavingNothing, tf.add, [normal(3, 4), normal(3, 4)]);
  });

  it('embedding sums the gradient of repeated ids', () => {
    const ids = tf.tensor2d([[1, 3, 1], [0, 1, 4]], [2, 3], 'int32');
    expectSameGradients((t) => embedding(t, ids), (t) => tf.gather(t, ids), [normal(5, 4)]);
  });

  it('crossEntropy, and its bad labels', () => {
    const labels = tf.tensor1d([2, 0, 4], 'int32');
    expectSameGradients((z) => crossEntropy(z, labels), (z) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, 5), z), [normal(3, 5)]);
    expect(() => crossEntropy(normal(3, 5), tf.tensor1d([1, 2], 'int32'))).toThrow(/labels must be int32 of shape \[3\]/);
  });
});
