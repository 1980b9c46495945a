import { children, type Expr } from '../functions/expression/expr.js';
import { fround } from '../numerics/float32.js';
import { wgslNumber } from './wgsl.js';
import { expSplit, sigmoid } from './wgsl-forward.js';

/**
 * The forward of a function given by an expression, in WGSL (float32), from its stabilized
 * tree: softplus, sigmoid, log1p, expm1 and erfc keep their stable forms, with helpers that
 * avoid the cancellations of the textbook formulas (series where the argument is small). This is
 * the formula in float32, not a fit; test/codegen/wgsl.test.ts measures it against the exact f
 * on SwiftShader.
 */
export function wgslExpressionForward(name: string, prefix: string, f: Expr): string[] {
  const used = new Set<string>();
  const collect = (e: Expr): void => {
    if (e.kind === 'call') used.add(e.fn);
    children(e).forEach(collect);
  };
  collect(f);
  // The helpers' names start with the prefix and one more _: the forward is prefix + a name that
  // starts with a letter, so an expression named after a helper (softplus, tanh) cannot clash.
  const h = `${prefix}_`;
  const helpers: string[] = [];
  const needs = (...fns: string[]) => fns.some((fn) => used.has(fn));
  if (needs('sigmoid')) helpers.push(...sigmoid(h), '');
  else if (needs('softplus', 'erf', 'erfc')) helpers.push(...expSplit(h), '');
  if (needs('log1p', 'softplus')) helpers.push(...HELPERS.log1p!(h), '');
  if (needs('softplus')) helpers.push(...HELPERS.softplus!(h), '');
  if (needs('expm1', 'tanh')) helpers.push(...HELPERS.expm1!(h), '');
  if (needs('tanh')) helpers.push(...HELPERS.tanh!(h), '');
  if (needs('erf', 'erfc')) helpers.push(...HELPERS.erfc!(h), '');
  if (needs('erf')) helpers.push(...HELPERS.erf!(h), '');
  return [...helpers, `// ${name}, from its expression (float32; stable forms of the rewrites, see fit files).`, `fn ${prefix}${name}(x: f32) -> f32 {`, `  return ${wgsl(f, h)};`, '}'];
}

const HELPERS: Readonly<Record<string, (p: string) => string[]>> = {
  // ln(1 + v): the series below 2^-7 (its first omitted term is v^4/4), else log(u)·v/(u − 1), u = 1 + v.
  log1p: (p) => [
    `fn ${p}log1p(v: f32) -> f32 {`,
    '  let u = 1.0f + v;',
    '  return select(log(u) * (v / (u - 1.0f)), v * (1.0f - v * (0.5f - v * 0x1.555556p-2f)), abs(v) < 0x1p-7f);',
    '}',
  ],
  softplus: (p) => [`fn ${p}softplus(t: f32) -> f32 {`, `  return max(t, 0.0f) + ${p}log1p(${p}exp_split(-abs(t), 0.0f));`, '}'],
  expm1: (p) => [
    `fn ${p}expm1(t: f32) -> f32 {`,
    '  let u = exp(t);',
    '  return select((u - 1.0f) * (t / log(u)), t * (1.0f + t * (0.5f + t * 0x1.555556p-3f)), abs(t) < 0x1p-7f);',
    '}',
  ],
  // tanh from expm1, which keeps small arguments relative (a builtin tanh may cancel there: SwiftShader's
  // returns Mish's left tail 10^7 ulp off); 1 from |t| = 9 on, where e^(2t) would overflow the division.
  tanh: (p) => [
    `fn ${p}tanh(t: f32) -> f32 {`,
    `  let e = ${p}expm1(2.0f * min(abs(t), 9.0f));`,
    '  return sign(t) * (e / (e + 2.0f));',
    '}',
  ],
  // Press et al., Numerical Recipes, erfcc: t·exp(−z² + P(t)), t = 1/(1 + z/2), for z ≥ 0; 2 − erfc(−z) below.
  erfc: (p) => [
    `fn ${p}erfc(z: f32) -> f32 {`,
    '  let a = abs(z);',
    '  let t = 1.0f / (1.0f + 0.5f * a);',
    '  let poly = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f + t * (-0.18628806f',
    '    + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f + t * 0.17087277f))))))));',
    `  let r = t * ${p}exp_split(-(a * a), poly);`,
    '  return select(r, 2.0f - r, z < 0.0f);',
    '}',
  ],
  // erf: its Taylor series below 1/4 (no cancellation), 1 − erfc(|z|) with the sign of z above.
  erf: (p) => [
    `fn ${p}erf(z: f32) -> f32 {`,
    '  let s = z * z;',
    '  let series = z * (0x1.20dd76p+0f + s * (-0x1.812746p-2f + s * (0x1.ce2f22p-4f + s * -0x1.b82ce4p-6f)));',
    `  return select(sign(z) * (1.0f - ${p}erfc(abs(z))), series, abs(z) < 0.25f);`,
    '}',
  ],
};

const BUILTIN = new Set(['exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'atan', 'sinh', 'cosh']);

function wgsl(e: Expr, p: string): string {
  switch (e.kind) {
    case 'num':
      return wgslNumber(fround(e.value));
    case 'x':
      return 'x';
    case 'neg':
      return `(-${wgsl(e.arg, p)})`;
    case 'not':
      return `(!${wgsl(e.arg, p)})`;
    case 'op':
      if (e.op === '^') {
        const a = wgsl(e.a, p);
        if (e.b.kind === 'num' && e.b.value === 2) return `(${a} * ${a})`;
        if (e.b.kind === 'num' && e.b.value === 3) return `(${a} * ${a} * ${a})`;
        return `pow(${a}, ${wgsl(e.b, p)})`;
      }
      return `(${wgsl(e.a, p)} ${e.op} ${wgsl(e.b, p)})`;
    case 'cmp':
      return `(${wgsl(e.a, p)} ${e.op} ${wgsl(e.b, p)})`;
    case 'logic':
      return `(${wgsl(e.a, p)} ${e.op === 'and' ? '&&' : '||'} ${wgsl(e.b, p)})`;
    case 'call': {
      const args = e.args.map((a) => wgsl(a, p)).join(', ');
      if (BUILTIN.has(e.fn)) return `${e.fn}(${args})`;
      if (e.fn === 'sech') return `(1.0f / cosh(${args}))`;
      if (e.fn === 'sigmoid' || e.fn in HELPERS) return `${p}${e.fn}(${args})`;
      throw new RangeError(`no WGSL form for ${e.fn}`);
    }
    case 'if':
      return `select(${wgsl(e.else, p)}, ${wgsl(e.then, p)}, ${wgsl(e.cond, p)})`;
  }
}
