import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivationName } from '../../src/functions/catalogue.js';
import { shareSavedTensorsOnWasm, useBackend } from '../../src/tfjs/backend.js';
import { compareVariants } from '../../src/verify/memory/compare.js';
import { memoryModel, type MemoryModelName, type ModelSize } from '../../src/verify/memory/models.js';

const NAMES: readonly ActivationName[] = ['gelu', 'gelu_tanh', 'silu'];

/** 72 activation elements (not a multiple of 32: the mask's last word is padded) and a 1-layer decoder. */
const TINY: readonly [MemoryModelName, ModelSize][] = [
  ['mlp', { dModel: 6, seqLen: 3 }],
  ['gpt', { layers: 1, dModel: 64, seqLen: 5, batch: 1 }],
];

function compare(model: MemoryModelName, size: ModelSize, activation: ActivationName, backend: string) {
  const m = memoryModel(model, size);
  try {
    return compareVariants(m, activation, backend);
  } finally {
    m.dispose();
  }
}

function identity(c: ReturnType<typeof compare>) {
  const [saveX, inverted] = [c.rows.find((r) => r.variant === 'save-x')!, c.rows.find((r) => r.variant === 'inverted')!];
  return { saveX, inverted, xMinusMask: c.theory.xBytes - c.theory.maskBytes };
}

describe('bytes held for backward, per unique buffer (cpu)', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
  });

  it.each(NAMES.flatMap((a) => TINY.map(([m, s]) => [a, m, s] as const)))('%s in %s: save-x − inverted = bytes of x − bytes of the mask, exactly', (activation, model, size) => {
    const c = compare(model, size, activation, 'cpu');
    const { saveX, inverted, xMinusMask } = identity(c);
    expect(saveX.activationBytes - inverted.activationBytes).toBe(xMinusMask);
    expect(saveX.activationOpBytes).toBe(c.theory.xBytes);
    expect(inverted.activationOpBytes).toBe(c.theory.maskBytes);
    expect(c.activationSaving.percentOfTheory).toBe(100);
    expect(c.rows.every((r) => r.parameterCopyBytes === 0)).toBe(true);
  });

  it('rejects sizes it cannot build, naming the rule', () => {
    expect(() => memoryModel('mlp', { dModel: 0 })).toThrow(/mlp: dModel must be a positive integer, got 0/);
    expect(() => memoryModel('bert', { dModel: 100 })).toThrow(/bert: dModel must be a multiple of 64/);
  });

  it('one MLP block holds 9d per token with save-x and 5.125d inverted (DESIGN §6)', () => {
    const c = compare('mlp', { dModel: 8, seqLen: 4 }, 'gelu', 'cpu');
    expect(c.theory.elements % 32).toBe(0);
    expect(c.perTokenD['save-x']).toBe(9);
    expect(c.perTokenD.inverted).toBe(5.125);
    // tfjs's own gelu is a graph of tf ops, each saving its inputs.
    expect(c.perTokenD.tfjs).toBeGreaterThan(9);
  });
});

describe('on wasm', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('as shipped, every saved tensor is a copy: the inverted y duplicates the next matmul\'s, so it costs the mask more', () => {
    const { saveX, inverted } = identity(compare('mlp', TINY[0]![1], 'gelu', 'wasm'));
    expect(inverted.activationBytes - saveX.activationBytes).toBe(12);
    expect(saveX.parameterCopyBytes).toBeGreaterThan(0);
  });

  it.each(NAMES)('%s with saved tensors shared: the identity holds as on cpu', (activation) => {
    const restore = shareSavedTensorsOnWasm();
    try {
      const c = compare('mlp', TINY[0]![1], activation, 'wasm');
      const { saveX, inverted, xMinusMask } = identity(c);
      expect(saveX.activationBytes - inverted.activationBytes).toBe(xMinusMask);
      expect(saveX.parameterCopyBytes).toBe(0);
    } finally {
      restore();
    }
    // Restored: copies again.
    expect(identity(compare('mlp', TINY[0]![1], activation, 'wasm')).saveX.parameterCopyBytes).toBeGreaterThan(0);
  });

  it('sharing keeps values and frees buffers when the last handle goes', () => {
    const restore = shareSavedTensorsOnWasm();
    try {
      const before = tf.memory().numDataBuffers;
      const a = tf.tensor1d([1, 2, 3]);
      const b = a.clone();
      a.dispose();
      expect(Array.from(b.dataSync())).toEqual([1, 2, 3]);
      b.dispose();
      expect(tf.memory().numDataBuffers).toBe(before);
    } finally {
      restore();
    }
  });
});
