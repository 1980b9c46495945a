import { ddAdd, ddMul, ddMulNumber, twoProduct, type DoubleDouble } from '../numerics/double-double.js';
import { sigmoid } from '../numerics/logistic.js';
import { defineActivation } from './define.js';

/**
 * GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))) = x·σ(t) with
 * t = 2√(2/π)(x + 0.044715x³). In the left tail f ≈ x·e^t with |t| in the hundreds, so one
 * rounding in t would cost |t| ulps; t is formed in double-double from double-double constants.
 */

// 2√(2/π) and 2√(2/π)·0.044715 (the decimal 0.044715, exactly) as double-double; mpmath, 50 digits.
const K1: DoubleDouble = { hi: 1.5957691216057308, lo: -9.96930880911092e-17 };
const K3: DoubleDouble = { hi: 0.07135481627260025, lo: -6.175149918155315e-19 };

/** Beyond this |t|, σ(t) is 0 or 1 to far below float64 resolution of f, f', f''. */
const SATURATED = 800;

function exponent(x: number): DoubleDouble {
  // Far out σ is saturated; stop before x² overflows into ∞ − ∞.
  if (Math.abs(x) > 1e4) return { hi: x > 0 ? Infinity : -Infinity, lo: 0 };
  const inner = ddAdd(K1, ddMul(K3, twoProduct(x, x)));
  return ddMulNumber(inner, x);
}

function dExponent(x: number): number {
  return K1.hi + 3 * K3.hi * x * x;
}

function f(x: number): number {
  const t = exponent(x);
  if (t.hi > SATURATED) return x;
  return x * sigmoid(t.hi, t.lo);
}

function df(x: number): number {
  const t = exponent(x);
  if (t.hi > SATURATED) return 1;
  if (t.hi < -SATURATED) return -0;
  const s = sigmoid(t.hi, t.lo);
  const sc = sigmoid(-t.hi, -t.lo);
  return s + x * dExponent(x) * (s * sc);
}

function d2f(x: number): number {
  const t = exponent(x);
  if (Math.abs(t.hi) > SATURATED) return -0;
  const s = sigmoid(t.hi, t.lo);
  const sc = sigmoid(-t.hi, -t.lo);
  const t1 = dExponent(x);
  const t2 = 6 * K3.hi * x;
  const ssc = s * sc;
  // σ(−t) − σ(t) = −tanh(t/2), without cancellation.
  return 2 * t1 * ssc + x * ssc * (t2 + t1 * t1 * -Math.tanh(0.5 * t.hi));
}

export const geluTanh = defineActivation({
  name: 'gelu_tanh',
  label: 'GELU (tanh approximation)',
  formula: '0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3)))',
  f,
  df,
  d2f,
  minimumBracket: [-2, -0.25],
  atInfinity: { f: [-0, Infinity], df: [-0, 1], d2f: [-0, -0] },
});
