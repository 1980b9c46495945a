import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import fixture from '../fixtures/float32-points.json' with { type: 'json' };
import { getActivation, type ActivationName } from '../../src/functions/catalogue.js';
import { ulp32, ulpOfRounded32 } from '../../src/numerics/float32.js';
import { useBackend } from '../../src/tfjs/backend.js';
import { invertedActivation, invertedGelu, invertedGeluTanh, invertedSilu, savedInputActivation, tfjsBuiltinActivation } from '../../src/tfjs/ops.js';
import { loadFit } from '../../src/fit/load.js';

const NAMES: readonly ActivationName[] = ['gelu', 'gelu_tanh', 'silu'];

function grid(lo: number, hi: number, n: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** Float32 x around x_min and across both branches, including the tails. */
function gradientGrid(name: ActivationName): Float32Array {
  const a = getActivation(name);
  const near = Float32Array.from({ length: 2001 }, (_, i) => a.xMin + (i - 1000) * 1e-5);
  return Float32Array.from([...grid(-30, 30, 6001), ...near, 0, -0]);
}

/** dx and y of the op for x, with a fixed cotangent dy. */
function backward(op: (x: tf.Tensor) => tf.Tensor, xs: Float32Array, dys: Float32Array): { y: Float32Array; dx: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor1d(xs);
    const dy = tf.tensor1d(dys);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t), dy)))(x);
    return { y: op(x).dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

/** The element with the largest excess of |error| over what is allowed, so one expect reports it. */
function worst(n: number, error: (i: number) => number, allowed: (i: number) => number): { i: number; excess: number } {
  let w = { i: -1, excess: -Infinity };
  for (let i = 0; i < n; i++) {
    const excess = error(i) - allowed(i);
    if (!(excess <= w.excess)) w = { i, excess };
  }
  return w;
}

describe.each(['cpu', 'wasm'] as const)('tfjs ops on %s', (backend) => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend(backend);
  });

  it.each(NAMES)('%s forward is within 1 ulp of mpmath at float32 x', (name) => {
    const rows = fixture.functions[name];
    const xs = Float32Array.from(rows, (r) => Number(r.x));
    const y = tf.tidy(() => invertedActivation(tf.tensor1d(xs), name).dataSync());
    const w = worst(rows.length, (i) => Math.abs(y[i]! - Number(rows[i]!.f)) / ulpOfRounded32(Number(rows[i]!.f)), () => 1);
    expect(w.excess, `x = ${rows[w.i]!.x}`).toBeLessThanOrEqual(0);
  });

  it.each(NAMES)('%s: the gradient computed from (y, mask) is within the fit bound of dy·g(y) on each element', (name) => {
    const a = getActivation(name);
    const bounds = { left: loadFit(`fits/${name}.left.grad.float32.json`).bound, right: loadFit(`fits/${name}.right.grad.float32.json`).bound };
    const xs = gradientGrid(name);
    const dys = Float32Array.from(xs, (_, i) => Math.fround(0.5 + ((i * 7919) % 1000) / 500));
    const { y, dx } = backward((x) => invertedActivation(x, name), xs, dys);
    const branch = (i: number) => (xs[i]! < a.xMin ? 'left' : 'right');
    const g = Float64Array.from(y, (yi, i) => a.gradFromOutput(yi, branch(i)));
    // The branch fit's bound on g (ulps, or its absolute bound near 0), then one rounding of dy·g.
    const allowed = (i: number) => {
      const b = bounds[branch(i)];
      return dys[i]! * (Math.abs(g[i]!) <= b.abs ? b.abs : b.ulps * ulp32(g[i]!)) + ulp32(dx[i]!) / 2;
    };
    const w = worst(xs.length, (i) => Math.abs(dx[i]! - dys[i]! * g[i]!), allowed);
    expect(w.excess, `x = ${xs[w.i]}`).toBeLessThanOrEqual(0);
  });

  it.each(NAMES)('%s: the save-x baseline has the same forward and a gradient within 1 ulp of mpmath', (name) => {
    const rows = fixture.functions[name].filter((r) => Math.abs(Number(r.df)) > 1e-30);
    const xs = Float32Array.from(rows, (r) => Number(r.x));
    const saved = backward((x) => savedInputActivation(x, name), xs, new Float32Array(xs.length).fill(1));
    const inverted = backward((x) => invertedActivation(x, name), xs, new Float32Array(xs.length).fill(1));
    expect(saved.y).toEqual(inverted.y);
    const w = worst(rows.length, (i) => Math.abs(saved.dx[i]! - Number(rows[i]!.df)) / ulpOfRounded32(Number(rows[i]!.df)), () => 1);
    expect(w.excess, `x = ${rows[w.i]!.x}`).toBeLessThanOrEqual(0);
  });

  it('the named ops are the activation op', () => {
    const x = tf.tensor1d(grid(-4, 4, 101));
    expect(invertedGelu(x).dataSync()).toEqual(invertedActivation(x, 'gelu').dataSync());
    expect(invertedGeluTanh(x).dataSync()).toEqual(invertedActivation(x, 'gelu_tanh').dataSync());
    expect(invertedSilu(x).dataSync()).toEqual(invertedActivation(x, 'silu').dataSync());
    x.dispose();
  });
});

describe('forward against TensorFlow.js its own activations (cpu)', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });
  // Where tfjs's own formula is accurate: its gelu is 0.5·x·(1 + erf(x/√2)) with an erf of 1.5e-7
  // absolute error, which cancels for x < 0 (4 ulp on [0, 2), y = 0 below −6); gelu_new cancels
  // in 1 + tanh for x < 0; swish = x·sigmoid(x) is accurate everywhere.
  it.each([
    ['silu', -20, 20],
    ['gelu_tanh', 0, 20],
    ['gelu', 2, 20],
  ] as const)('%s equals tfjs within 2 float32 ulps on [%d, %d]', (name, lo, hi) => {
    const xs = grid(lo, hi, 100001);
    const [ours, theirs] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      return [invertedActivation(x, name).dataSync(), tfjsBuiltinActivation(x, name).dataSync()];
    });
    const w = worst(xs.length, (i) => Math.abs(ours[i]! - theirs[i]!), (i) => 2 * ulp32(theirs[i]!));
    expect(w.excess, `x = ${xs[w.i]}`).toBeLessThanOrEqual(0);
  });
});

describe('bad input', () => {
  it('rejects what is not a float32 tensor or a known activation, naming what is allowed', () => {
    expect(() => invertedActivation([1, 2] as never, 'gelu')).toThrow(/x must be a tf\.Tensor/);
    expect(() => invertedActivation(tf.tensor1d([1, 2], 'int32'), 'gelu')).toThrow(/x must be float32, got int32/);
    expect(() => invertedActivation(tf.tensor1d([1]), 'relu' as never)).toThrow(/unknown activation "relu"; allowed: gelu, gelu_tanh, silu/);
    expect(() => savedInputActivation(tf.tensor1d([1]), 'elu' as never)).toThrow(RangeError);
  });
});
