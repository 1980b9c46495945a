import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from '../ir/ir.js';
import { toHexFloat32 } from '../ir/hex-float.js';

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

export function wgslExpr(e: Expr): string {
  switch (e.op) {
    case 'y':
      return 'y';
    case 'const':
      // A select on a condition no non-NaN y meets (one NaN payload): opaque to constant folding.
      return e.pinned ? `select(${wgslNumber(e.value)}, 0.0f, bitcast<u32>(y) == 0x7fc00001u)` : wgslNumber(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return `(-${wgslExpr(e.a)})`;
    case 'select':
      return `select(${wgslExpr(e.b)}, ${wgslExpr(e.a)}, ${wgslCond(e.cond)})`;
    case 'sqrt':
      return `sqrt(${wgslExpr(e.a)})`;
    case 'log':
      return `log(${wgslExpr(e.a)})`;
    case 'max':
      return `max(${wgslExpr(e.a)}, ${wgslExpr(e.b)})`;
    case 'ldexp':
      return `ldexp(${wgslExpr(e.a)}, ${e.exponent})`;
    case 'add':
      return `(${wgslExpr(e.a)} + ${wgslExpr(e.b)})`;
    case 'sub':
      return `(${wgslExpr(e.a)} - ${wgslExpr(e.b)})`;
    case 'mul':
      return `(${wgslExpr(e.a)} * ${wgslExpr(e.b)})`;
    case 'div':
      return `(${wgslExpr(e.a)} / ${wgslExpr(e.b)})`;
  }
}

function wgslCond(c: Cond): string {
  // By bit pattern: WGSL lets compilers assume no NaN in float comparisons.
  if (c.op === 'isNaN') return `(bitcast<u32>(${wgslExpr(c.a)}) & 0x7fffffffu) > 0x7f800000u`;
  return `${wgslExpr(c.a)} ${c.op === 'lt' ? '<' : '>='} ${wgslExpr(c.b)}`;
}

function wgslStatements(stmts: readonly Stmt[], indent: string): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === 'let') out.push(`${indent}let ${s.name} = ${wgslExpr(s.value)};`);
    else if (s.kind === 'return') out.push(`${indent}return ${wgslExpr(s.value)};`);
    else {
      out.push(`${indent}if (${wgslCond(s.cond)}) {`, ...wgslStatements(s.then, `${indent}  `));
      if (s.else.length > 0) out.push(`${indent}} else {`, ...wgslStatements(s.else, `${indent}  `));
      out.push(`${indent}}`);
    }
  }
  return out;
}

const comment = (lines: readonly string[]) => lines.map((l) => `// ${l}`.trimEnd());

export function wgslFunction(fn: IrFunction, prefix: string): string[] {
  return [...comment(fn.doc), `fn ${prefix}${fn.name}(y: f32) -> f32 {`, ...wgslStatements(fn.body, '  '), '}'];
}

export function wgslDispatch(d: IrDispatch, prefix: string): string[] {
  const last = d.branches[d.branches.length - 1]!;
  return [
    ...comment(d.doc),
    `fn ${prefix}${d.name}(y: f32, branch: u32) -> f32 {`,
    ...d.branches.slice(0, -1).map((b) => `  if (branch == ${b.code}u) { return ${prefix}${b.fn.name}(y); }`),
    `  return ${prefix}${last.fn.name}(y);`,
    '}',
  ];
}
