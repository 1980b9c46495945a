import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLOAT32_MIN_SUBNORMAL, nextDown32, nextUp32 } from '../../src/numerics/float32.js';
import { useBackend } from '../../src/tfjs/backend.js';
import { TRAINABLE_FAMILY_NAMES } from '../../src/tfjs/family-parameters.js';
import { savedInputFamilyActivation, tfjsFamilyActivation, trainableActivation } from '../../src/tfjs/family-ops.js';
import { TrainableActivation } from '../../src/tfjs/family-layer.js';
import { compareVariants } from '../../src/verify/memory/compare.js';
import { memoryModel, type MemoryModelName, type ModelSize } from '../../src/verify/memory/models.js';

/** 72 activation elements (the last code word padded) and a 2-layer decoder (two MLP blocks, each with its own weights). */
const TINY: readonly [MemoryModelName, ModelSize][] = [
  ['mlp', { dModel: 6, seqLen: 3 }],
  ['gpt', { layers: 2, dModel: 64, seqLen: 5, batch: 1 }],
];

/** Weights per family: α at three pieces (xSiLU, xGELU), a convex xATLU, xIELU at α_p = α_n = 0.8. */
const WEIGHTS: Readonly<Record<string, number[]>> = { xsilu: [-0.05], xgelu: [-0.05], xatlu: [0.3], xielu: [-0.2229, -1.0502] };

describe('trainable families in a tfjs training graph (cpu)', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
  });

  it.each(TRAINABLE_FAMILY_NAMES.flatMap((f) => TINY.map(([m, s]) => [f, m, s] as const)))('%s in %s: save-x − inverted = bytes of x − bytes of the codes, exactly', (family, model, size) => {
    const m = memoryModel(model, size);
    try {
      const c = compareVariants(m, family, 'cpu');
      const [saveX, inverted] = [c.rows.find((r) => r.variant === 'save-x')!, c.rows.find((r) => r.variant === 'inverted')!];
      // 72 elements: 5 words of 2-bit codes (xSiLU, xGELU, xIELU), 3 of 1-bit ones (xATLU).
      if (model === 'mlp') expect(c.theory.maskBytes).toBe(family === 'xatlu' ? 12 : 20);
      expect(saveX.activationBytes - inverted.activationBytes).toBe(c.theory.xBytes - c.theory.maskBytes);
      expect(saveX.activationOpBytes).toBe(c.theory.xBytes);
      expect(inverted.activationOpBytes).toBe(c.theory.maskBytes);
    } finally {
      m.dispose();
    }
  });

  it.each(TRAINABLE_FAMILY_NAMES)('%s: dx and the weights’ gradient from (y, codes) agree with save-x and with tfjs autodiff', (family) => {
    const n = 4099;
    const xs = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.tan(Math.PI * ((i + 0.5) / n - 0.5)) * 1.5));
    const dys = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.cos(0.37 * i)));
    const grads = (op: typeof trainableActivation) =>
      tf.tidy(() => {
        const x = tf.tensor1d(xs);
        const w = tf.tensor1d(WEIGHTS[family]!);
        const dy = tf.tensor1d(dys);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => op(a, b, family))([x, w], dy);
        return [dx!.dataSync() as Float32Array, dw!.dataSync() as Float32Array] as const;
      });
    const [inv, sx, ref] = [grads(trainableActivation), grads(savedInputFamilyActivation), grads(tfjsFamilyActivation)];
    let worst = 0;
    for (let i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(inv[0][i]! - sx[0][i]!) / Math.max(1, Math.abs(sx[0][i]!)));
    }
    expect(worst).toBeLessThan(2e-4);
    inv[1].forEach((g, j) => {
      expect(Math.abs(g - sx[1][j]!) / Math.abs(sx[1][j]!)).toBeLessThan(1e-4);
      expect(Math.abs(g - ref[1][j]!) / Math.abs(ref[1][j]!)).toBeLessThan(1e-3);
    });
  });

  it('xielu on the clamp line (−1e−6, 0], its ends and their float32 neighbours: dx and the weights’ gradient as save-x', () => {
    const eps32 = Math.fround(-1e-6);
    const near = [nextDown32(eps32), eps32, nextUp32(eps32), -5e-7, -1e-30, -FLOAT32_MIN_SUBNORMAL, -0, 0, FLOAT32_MIN_SUBNORMAL];
    for (const v of near) {
      const grads = (op: typeof trainableActivation) =>
        tf.tidy(() => {
          const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => op(a, b, 'xielu'))([tf.tensor1d([v]), tf.tensor1d(WEIGHTS.xielu!)], tf.tensor1d([1]));
          return [dx!.dataSync()[0]!, ...dw!.dataSync()];
        });
      const [inv, sx] = [grads(trainableActivation), grads(savedInputFamilyActivation)];
      // dx: to float32 rounding; the a_n gradient σ(a_n)·(expm1(min(x, ε)) − x) to x's error from y, ~1e−13.
      expect(Math.abs(inv[0]! - sx[0]!), `dx at x = ${v}`).toBeLessThanOrEqual(1e-7);
      expect(inv[1], `a_p gradient at x = ${v}`).toBe(sx[1]);
      expect(Math.abs(inv[2]! - sx[2]!), `a_n gradient at x = ${v}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it('the layer trains its weights and rejects bad input', () => {
    const layer = new TrainableActivation({ family: 'xielu' });
    const y = layer.apply(tf.tensor2d([[-1, 0.5]])) as tf.Tensor;
    expect(y.shape).toEqual([1, 2]);
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([[2]]);
    expect(() => new TrainableActivation({ family: 'relu' })).toThrow(/unknown family "relu"; allowed: xsilu, xgelu, xatlu, xielu/);
    expect(() => trainableActivation(tf.tensor1d([1]), tf.tensor1d([0, 0]), 'xsilu')).toThrow(/xsilu's weights must have shape \[1\]/);
    expect(() => trainableActivation(tf.tensor1d([1]), tf.tensor1d([3]), 'xsilu')).toThrow(/alpha must be in \[-0.5, 2\], got 3/);
  });
});
