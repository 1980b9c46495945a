import type { Activation } from '../activation.js';
import { defineActivation } from '../define.js';
import { analyze, type Analysis, type Asymptote } from './analyze.js';
import { compileFloat64 } from './compile.js';
import { differentiate } from './differentiate.js';
import { print, type Expr } from './expr.js';
import { parseExpression } from './parse.js';
import { stabilize } from './stabilize.js';

/** An expression, parsed and stabilized, with its symbolic derivatives and their float64 forms. */
export interface ExpressionFunction {
  readonly text: string;
  readonly f: Expr;
  readonly df: Expr;
  readonly d2f: Expr;
  readonly float64: { readonly f: (x: number) => number; readonly df: (x: number) => number; readonly d2f: (x: number) => number };
  readonly analysis: Analysis;
}

/** Parse, stabilize, differentiate twice, compile and analyse: every check an expression gets. */
export function expressionFunction(text: string): ExpressionFunction {
  const f = stabilize(parseExpression(text));
  const df = differentiate(f);
  const d2f = differentiate(df);
  const float64 = { f: compileFloat64(f), df: compileFloat64(df), d2f: compileFloat64(d2f) };
  return { text, f, df, d2f, float64, analysis: analyze(float64, `expression ${JSON.stringify(text)}`) };
}

/** The names an expression may be fitted under: file names, TS and WGSL identifiers. */
export const EXPRESSION_NAME = /^[a-z][a-z0-9_]*$/;

export function describeAsymptote(a: Asymptote, side: '-∞' | '+∞'): string {
  if (a.kind === 'linear') {
    const b = a.intercept === 0 ? '' : ` ${a.intercept < 0 ? '−' : '+'} ${Math.abs(a.intercept)}`;
    return `y ~ ${a.slope === 1 ? '' : `${a.slope}·`}x${b} as x → ${side} (linear)`;
  }
  if (a.kind === 'constant') return `y → ${a.value}${a.value === 0 ? (a.side === 'below' ? '⁻' : a.side === 'above' ? '⁺' : '') : ''} as x → ${side} (${a.value === 0 ? 'zero' : 'constant'})`;
  return `y is unbounded and not linear as x → ${side}`;
}

const cache = new Map<string, Activation>();

/**
 * The expression as an Activation, as the fitter, the generator and the verifier need it: one
 * smooth minimum, y → 0⁻ as x → −∞ and y − x → 0 as x → +∞ (the shape of GELU and SiLU, whose
 * tails the fits treat exactly), or monotone with one branch (see oneBranchActivation). Anything
 * else is rejected with what was found. Cached by name and text: workers and commands rebuild the
 * same function from fit files many times.
 */
export function expressionActivation(name: string, text: string): Activation {
  if (typeof name !== 'string' || !EXPRESSION_NAME.test(name)) {
    throw new RangeError(`expression name must be lower-case letters, digits and _ starting with a letter (it names files and functions), got ${JSON.stringify(name)}`);
  }
  const key = `${name}\n${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const e = expressionFunction(text);
  const { criticalPoints: cps, asymptotes } = e.analysis;
  const where = `expression ${JSON.stringify(text)}`;
  if (cps.length === 0) {
    const activation = oneBranchActivation(name, text, e, where);
    cache.set(key, activation);
    return activation;
  }
  const minima = cps.filter((c) => c.kind === 'minimum');
  if (cps.length !== 1 || minima.length !== 1) {
    const list = cps.map((c) => `${c.kind} at x = ${c.x}`).join(', ');
    throw new RangeError(`${where}: f has ${cps.length} critical points (${list}), ${cps.length + 1} monotone pieces with branch codes 0..${cps.length}; the fits support one minimum (two branches) only`);
  }
  const m = minima[0]!;
  if (!(m.d2f > 0)) throw new RangeError(`${where}: f''(x_min) = ${m.d2f} at the minimum x = ${m.x}; the square-root law near the minimum needs f'' > 0`);
  const left = asymptotes.minus;
  const right = asymptotes.plus;
  if (!(left.kind === 'constant' && left.value === 0 && left.side === 'below')) {
    throw new RangeError(`${where}: ${describeAsymptote(left, '-∞')}; the fits need y → 0⁻ as x → −∞ (as GELU and SiLU)`);
  }
  if (!(right.kind === 'linear' && right.slope === 1 && right.intercept === 0)) {
    throw new RangeError(`${where}: ${describeAsymptote(right, '+∞')}; the fits need y − x → 0 as x → +∞ (as GELU and SiLU)`);
  }
  const activation = defineActivation({
    name,
    label: `${name} (expression)`,
    formula: text,
    f: e.float64.f,
    df: e.float64.df,
    d2f: e.float64.d2f,
    minimumBracket: m.bracket,
    atInfinity: { f: [-0, Infinity], df: [-0, 1], d2f: [-0, -0] },
  });
  cache.set(key, activation);
  return activation;
}

/**
 * A monotone expression: one branch (code 0), no branch bit. The one-branch fits (fit/one-branch.ts)
 * take f increasing with y → 0⁺ as x → −∞ (where f⁻¹(y) ~ ln y) and y − x → 0 as x → +∞ (where
 * f⁻¹(y) and g round to y and 1), the shape of softplus.
 */
function oneBranchActivation(name: string, text: string, e: ExpressionFunction, where: string): Activation {
  const { pieces, asymptotes } = e.analysis;
  const left = asymptotes.minus;
  const right = asymptotes.plus;
  const monotone = `f is monotone (${pieces[0]!.direction}) on the whole real line: one branch (code 0), no branch bit`;
  if (pieces[0]!.direction !== 'increasing') throw new RangeError(`${where}: ${monotone}; the one-branch fits need f increasing (as softplus)`);
  if (!(left.kind === 'constant' && left.value === 0 && left.side === 'above')) {
    throw new RangeError(`${where}: ${monotone}, and ${describeAsymptote(left, '-∞')}; the one-branch fits need y → 0⁺ as x → −∞ (as softplus)`);
  }
  if (!(right.kind === 'linear' && right.slope === 1 && right.intercept === 0)) {
    throw new RangeError(`${where}: ${monotone}, and ${describeAsymptote(right, '+∞')}; the one-branch fits need y − x → 0 as x → +∞ (as softplus)`);
  }
  return defineActivation({
    name,
    label: `${name} (expression, monotone)`,
    formula: text,
    f: e.float64.f,
    df: e.float64.df,
    d2f: e.float64.d2f,
    atInfinity: { f: [0, Infinity], df: [0, 1], d2f: [0, 0] },
  });
}

/** The stabilized forms, for printing: what float64 evaluates. */
export function stabilizedText(e: ExpressionFunction): { f: string; df: string; d2f: string } {
  return { f: print(e.f), df: print(e.df), d2f: print(e.d2f) };
}
