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
