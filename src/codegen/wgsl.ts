import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from '../ir/ir.js';
import { toHexFloat32 } from '../ir/hex-float.js';
import { isOneBranchDispatch } from '../ir/lower.js';

/**
 * IR → WGSL. Functions take and return f32, bind nothing, and carry a replaceable prefix, so
 * other packages' shaders can include them (two copies with different prefixes can coexist).
 * Constants are hexadecimal float literals, the same bits as the fit files and the TypeScript.
 */

// WGSL has no infinite literal and rejects an infinite constant expression, so infinities are
// built from a bit pattern at run time: `& 0u` on y's bits keeps the expression non-constant.
const POS_INF = 'bitcast<f32>(0x7f800000u | (bitcast<u32>(y) & 0u))';
const NEG_INF = 'bitcast<f32>(0xff800000u | (bitcast<u32>(y) & 0u))';

/** A float32 constant as WGSL: hex float with the f suffix; infinities by bit pattern at run time. */
export function wgslNumber(v: number): string {
  if (v === Infinity) return POS_INF;
  if (v === -Infinity) return NEG_INF;
  const hex = toHexFloat32(v);
  return hex.startsWith('-') ? `(${hex}f)` : `${hex}f`;
}

/**
 * What parametric expressions need: the prefix of helper names and, in a function with a
 * parameter block, where each parameter lives in the uniform block.
 */
export interface WgslContext {
  readonly prefix: string;
  readonly block?: { readonly name: string; index(name: string): number };
}

/** The uniform block's element i, as the composable files lay it out (array of vec4<f32>). */
export function wgslParam(prefix: string, block: string, i: number): string {
  return `${prefix}${block}.v[${i >> 2}][${i & 3}]`;
}

export function wgslExpr(e: Expr, ctx?: WgslContext): string {
  const x = (a: Expr) => wgslExpr(a, ctx);
  const block = () => {
    if (!ctx?.block) throw new Error('IR: parameter outside a function with a parameter block');
    return ctx.block;
  };
  switch (e.op) {
    case 'param':
      return wgslParam(ctx!.prefix, block().name, block().index(e.name));
    case 'load':
      return `${ctx!.prefix}${block().name}_at(${block().index(e.name)}u + u32(${x(e.index)}))`;
    case 'select':
      return `select(${x(e.b)}, ${x(e.a)}, ${wgslCond(e.cond, ctx)})`;
    case 'floor':
      return `floor(${x(e.a)})`;
    case 'ldexpv':
      return `ldexp(${x(e.a)}, i32(${x(e.e)}))`;
    case 'call':
      return `${ctx?.prefix ?? ''}${e.fn}(${x(e.a)})`;
    case 'y':
      return 'y';
    case 'const':
      // A select on a condition no non-NaN y meets (one NaN payload): opaque to constant folding.
      return e.pinned ? `select(${wgslNumber(e.value)}, 0.0f, bitcast<u32>(y) == 0x7fc00001u)` : wgslNumber(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return `(-${x(e.a)})`;
    case 'sqrt':
      return `sqrt(${x(e.a)})`;
    case 'log':
      return `log(${x(e.a)})`;
    case 'max':
      return `max(${x(e.a)}, ${x(e.b)})`;
    case 'ldexp':
      return `ldexp(${x(e.a)}, ${e.exponent})`;
    case 'add':
      return `(${x(e.a)} + ${x(e.b)})`;
    case 'sub':
      return `(${x(e.a)} - ${x(e.b)})`;
    case 'mul':
      return `(${x(e.a)} * ${x(e.b)})`;
    case 'div':
      return `(${x(e.a)} / ${x(e.b)})`;
  }
}

function wgslCond(c: Cond, ctx?: WgslContext): string {
  // By bit pattern: WGSL lets compilers assume no NaN in float comparisons.
  if (c.op === 'isNaN') return `(bitcast<u32>(${wgslExpr(c.a, ctx)}) & 0x7fffffffu) > 0x7f800000u`;
  return `${wgslExpr(c.a, ctx)} ${c.op === 'lt' ? '<' : '>='} ${wgslExpr(c.b, ctx)}`;
}

function wgslStatements(stmts: readonly Stmt[], indent: string, ctx?: WgslContext): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === 'let') out.push(`${indent}let ${s.name} = ${wgslExpr(s.value, ctx)};`);
    else if (s.kind === 'return') out.push(`${indent}return ${wgslExpr(s.value, ctx)};`);
    else {
      out.push(`${indent}if (${wgslCond(s.cond, ctx)}) {`, ...wgslStatements(s.then, `${indent}  `, ctx));
      if (s.else.length > 0) out.push(`${indent}} else {`, ...wgslStatements(s.else, `${indent}  `, ctx));
      out.push(`${indent}}`);
    }
  }
  return out;
}

const comment = (lines: readonly string[]) => lines.map((l) => `// ${l}`.trimEnd());

export function wgslFunction(fn: IrFunction, prefix: string): string[] {
  const names = fn.params?.names;
  const block = names && { name: fn.params!.name, index: (n: string) => {
    const i = names.indexOf(n);
    if (i < 0) throw new Error(`IR: ${fn.name} reads parameter "${n}", which is not in ${fn.params!.name}`);
    return i;
  } };
  return [...comment(fn.doc), `fn ${prefix}${fn.name}(y: f32) -> f32 {`, ...wgslStatements(fn.body, '  ', { prefix, ...(block ? { block } : {}) }), '}'];
}

/** The dispatcher by branch code; nothing for a one-branch function, whose one function is the dispatcher. */
export function wgslDispatch(d: IrDispatch, prefix: string): string[] {
  if (isOneBranchDispatch(d)) return [];
  const last = d.branches[d.branches.length - 1]!;
  return [
    ...comment(d.doc),
    `fn ${prefix}${d.name}(y: f32, branch: u32) -> f32 {`,
    ...d.branches.slice(0, -1).map((b) => `  if (branch == ${b.code}u) { return ${prefix}${b.fn.name}(y); }`),
    `  return ${prefix}${last.fn.name}(y);`,
    '}',
  ];
}
