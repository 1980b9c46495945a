import { lambertW0, lambertWm1 } from '../numerics/lambert-w.js';
import { sigmoid } from '../numerics/logistic.js';
import { defineActivation } from './define.js';

/** SiLU (swish-1): x·σ(x). Its inverse is closed-form: x = y + W(y·e^−y). */

function f(x: number): number {
  return x * sigmoid(x);
}

function df(x: number): number {
  const s = sigmoid(x);
  return s + x * (s * sigmoid(-x));
}

function d2f(x: number): number {
  // σ(−x) − σ(x) = −tanh(x/2), without cancellation.
  return sigmoid(x) * sigmoid(-x) * (2 - x * Math.tanh(0.5 * x));
}

export const silu = defineActivation({
  name: 'silu',
  label: 'SiLU (swish)',
  formula: 'x/(1 + exp(-x))',
  f,
  df,
  d2f,
  minimumBracket: [-2, -0.5],
  atInfinity: { f: [-0, Infinity], df: [-0, 1], d2f: [-0, -0] },
  // x·σ(x) = y ⇔ (x − y)·e^(x − y) = y·e^(−y): W₋₁ on the left branch (x − y ≤ −1), W₀ on the right.
  // One Newton step on f then removes the rounding of z = y·e^(−y) where f' is not small.
  inverse: (y, branch, { yMin }) => {
    const z = y * Math.exp(-y);
    const x = y + (branch === 'left' ? lambertWm1(z) : lambertW0(z));
    if (y - yMin < 1e-3 * -yMin || !Number.isFinite(x)) return x;
    return x - (f(x) - y) / df(x);
  },
});
