import { erf, erfc } from '../../numerics/erf.js';
import { sigmoid } from '../../numerics/logistic.js';
import { call, neg, num, op, type Expr } from './expr.js';

/**
 * The functions an expression may call: their float64 implementations and, for those mathjs
 * `derivative` does not know, their derivative rule (f'(u) as an expression in u; the chain
 * rule multiplies by u'). The stable forms (softplus, sigmoid, log1p, expm1, erfc) are here so
 * that rewrites can target them; users may write them directly too.
 */
export interface FunctionInfo {
  readonly arity: number;
  readonly float64: (...args: number[]) => number;
  /** Absent: mathjs differentiates it. */
  readonly derivative?: (u: Expr) => Expr;
}

/** softplus(t) = ln(1 + e^t) without overflow (t large) or loss of e^t (t very negative). */
export function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const gaussian = (u: Expr) => call('exp', neg(op('^', u, num(2))));

export const FUNCTIONS: Readonly<Record<string, FunctionInfo>> = {
  exp: { arity: 1, float64: Math.exp },
  expm1: { arity: 1, float64: Math.expm1, derivative: (u) => call('exp', u) },
  log: { arity: 1, float64: Math.log },
  log1p: { arity: 1, float64: Math.log1p, derivative: (u) => op('/', num(1), op('+', num(1), u)) },
  sqrt: { arity: 1, float64: Math.sqrt },
  abs: { arity: 1, float64: Math.abs },
  sin: { arity: 1, float64: Math.sin },
  cos: { arity: 1, float64: Math.cos },
  atan: { arity: 1, float64: Math.atan },
  sinh: { arity: 1, float64: Math.sinh },
  cosh: { arity: 1, float64: Math.cosh },
  tanh: { arity: 1, float64: Math.tanh },
  sech: { arity: 1, float64: (t) => 1 / Math.cosh(t) },
  erf: { arity: 1, float64: erf, derivative: (u) => op('*', num(TWO_OVER_SQRT_PI), gaussian(u)) },
  erfc: { arity: 1, float64: erfc, derivative: (u) => op('*', num(-TWO_OVER_SQRT_PI), gaussian(u)) },
  sigmoid: { arity: 1, float64: (t) => sigmoid(t), derivative: (u) => op('*', call('sigmoid', u), call('sigmoid', neg(u))) },
  softplus: { arity: 1, float64: softplus, derivative: (u) => call('sigmoid', u) },
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS).sort();
