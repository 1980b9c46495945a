import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useBackend } from '../../src/tfjs/backend.js';
import { compareTraining, PARAMETER_TOLERANCE } from '../../src/verify/training/compare.js';
import { trainVariant } from '../../src/verify/training/run.js';
import { charLanguageModelTask } from '../../src/verify/training/tasks.js';

/** A factor on the parameter sums of the inverted backward (families/batch.ts): 1 leaves it exact. */
const skew = vi.hoisted(() => ({ factor: 1 }));
vi.mock('../../src/families/batch.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/families/batch.js')>();
  return {
    ...m,
    backwardBatch: (...args: Parameters<typeof m.backwardBatch>) => {
      const r = m.backwardBatch(...args);
      return { ...r, dParams: r.dParams.map((v) => v * skew.factor) };
    },
  };
});

const TEXT = 'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse.';
const alphabet = [...new Set(TEXT)].sort();
/** Two MLP blocks (two weight vectors per family), 2 × 8 tokens a step. */
const tiny = () => charLanguageModelTask({ alphabet, ids: Int32Array.from(TEXT, (c) => alphabet.indexOf(c)) }, 'one sentence', { layers: 2, dModel: 8, heads: 2, dFf: 32, seqLen: 8, batchSize: 2 });
const STEPS = 8;

describe('train-check on a tiny char LM (cpu): teacher-forced gradients and the noise floor', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
  });

  it.each(['xatlu', 'xielu'])('%s: the inverted gradient of every weight agrees with save-x at every step; the free-running drift is reported with its noise floor', (family) => {
    const c = compareTraining(tiny(), family, STEPS);
    expect(c.weights).toHaveLength(family === 'xielu' ? 4 : 2);
    for (const w of c.weights) {
      expect(w.teacherForced.value).toBeLessThanOrEqual(PARAMETER_TOLERANCE);
      expect(w.moved).toBeGreaterThan(0);
      expect(Number.isFinite(w.noiseFloor)).toBe(true);
    }
    expect(c.passed).toBe(true);
  });

  it('taking the shadow gradients leaves the save-x trajectory byte-identical (they are never applied)', () => {
    const plain = trainVariant(tiny(), 'save-x', 'xielu', STEPS);
    const shadowed = trainVariant(tiny(), 'save-x', 'xielu', STEPS, { shadow: 'inverted' });
    expect(shadowed.trajectories).toEqual(plain.trajectories);
    expect(shadowed.losses).toEqual(plain.losses);
    expect(Object.keys(plain.stepGradients)).toHaveLength(0);
    for (const g of Object.values(shadowed.stepGradients)) expect(g.shadow).toHaveLength(STEPS);
  });

  it('a parameter gradient 1e-3 off in the inverted backward fails the check, measured as 1e-3', () => {
    skew.factor = 1 + 1e-3;
    try {
      const c = compareTraining(tiny(), 'xatlu', STEPS);
      for (const w of c.weights) expect(w.teacherForced.value).toBeCloseTo(1e-3, 5);
      expect(c.passed).toBe(false);
    } finally {
      skew.factor = 1;
    }
  });
});
