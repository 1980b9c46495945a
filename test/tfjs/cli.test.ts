import { describe, expect, it } from 'vitest';
import { nodeBackendAvailable } from '../../src/tfjs/backend.js';
import { cli } from '../helpers/cli.js';

describe('fit-inverse memory and train-check', () => {
  it('memory --json on a tiny MLP block gives 9d and 5.125d per token and 100% of the theory', () => {
    const r = cli('memory', '--model', 'mlp', '--d-model', '8', '--seq-len', '4', '--act', 'silu', '--json');
    expect(r.code, r.stderr).toBe(0);
    const [{ mode, comparison }] = JSON.parse(r.stdout);
    expect(mode).toBe('default');
    expect(comparison.perTokenD['save-x']).toBe(9);
    expect(comparison.perTokenD.inverted).toBe(5.125);
    expect(comparison.activationSaving.percentOfTheory).toBe(100);
  });

  it.each([
    ['xsilu', 5.25],
    ['xielu', 5.25],
  ])('memory --act %s: a trainable family keeps y and its codes (2 bits for xsilu and xielu): %sd per token, all of the theory', (act, perToken) => {
    const r = cli('memory', '--model', 'mlp', '--d-model', '8', '--seq-len', '4', '--act', act, '--json');
    expect(r.code, r.stderr).toBe(0);
    const [{ comparison }] = JSON.parse(r.stdout);
    expect(comparison.perTokenD['save-x']).toBe(9);
    expect(comparison.perTokenD.inverted).toBe(perToken);
    expect(comparison.activationSaving.percentOfTheory).toBe(100);
  });

  it('train-check --act xatlu trains the family weights with every variant, teacher-forces the inverted gradients and compares the trajectories with a noise floor', () => {
    const r = cli('train-check', '--act', 'xatlu', '--task', 'gpt', '--steps', '1', '--backend', 'cpu', '--json');
    expect(r.code, r.stderr).toBe(0);
    const [c] = JSON.parse(r.stdout).results;
    expect(c.weights.map((w: { name: string }) => w.name)).toEqual(['h0.alpha', 'h1.alpha']);
    for (const w of c.weights) {
      expect(w.initial).toBe(0);
      expect(w.final.inverted).not.toBe(0);
      expect(w.vsSaveX).toBeLessThanOrEqual(1e-4);
      expect(w.teacherForced.value).toBeLessThanOrEqual(1e-4);
      expect(w.moved).toBeGreaterThan(0);
      expect(w.noiseFloor).toBeGreaterThanOrEqual(0);
    }
    expect(c.noiseFloor.lossVsSaveX.value).toBeLessThanOrEqual(1e-3);
    expect(c.passed).toBe(true);
  });

  it.each([
    [['memory', '--act', 'relu'], /"gelu", "gelu_tanh", "silu"/],
    [['train-check', '--steps', '0'], /--steps must be an integer in \[1, 100000\], got 0/],
  ])('%j prints one line naming what is allowed and exits 2', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('train-check --backend tensorflow without tfjs-node says what is missing and exits 2', async () => {
    if (await nodeBackendAvailable()) return;
    const r = cli('train-check', '--backend', 'tensorflow', '--steps', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs @tensorflow\/tfjs-node, which is not installed/);
  });
});
