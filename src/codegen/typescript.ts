import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from '../ir/ir.js';
import { isOneBranchDispatch } from '../ir/lower.js';
import { readsParams } from '../ir/prune.js';
import { camel } from './names.js';

/**
 * IR → TypeScript with float32 semantics: every operation is rounded by Math.fround, exactly
 * where the IR rounds, so the emitted code and the IR interpreter agree bit for bit.
 */

/** A float32 constant as a TypeScript literal: the shortest decimal that is exactly the value. */
export function tsNumber(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}

/**
 * The TypeScript of an expression. In a function with a parameter block, `p` is the block (a
 * Float32Array) and `index` maps a parameter's name to its place in it.
 */
export function tsExpr(e: Expr, index?: (name: string) => number): string {
  const x = (a: Expr) => tsExpr(a, index);
  const at = (name: string) => {
    if (!index) throw new Error(`IR: parameter "${name}" outside a function with a parameter block`);
    return index(name);
  };
  switch (e.op) {
    case 'param':
      return `p[${at(e.name)}]`;
    case 'load':
      return `p[${at(e.name)} + ${x(e.index)}]`;
    case 'select':
      return `(${tsCond(e.cond, index)} ? ${x(e.a)} : ${x(e.b)})`;
    case 'floor':
      return `Math.floor(${x(e.a)})`;
    case 'ldexpv':
      return `fr(${x(e.a)} * 2 ** ${x(e.e)})`;
    case 'call':
      return `${camel(e.fn)}(${x(e.a)})`;
    case 'y':
      return 'y';
    case 'const':
      return e.value < 0 || Object.is(e.value, -0) ? `(${tsNumber(e.value)})` : tsNumber(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return `(-${x(e.a)})`;
    case 'sqrt':
      return `fr(Math.sqrt(${x(e.a)}))`;
    case 'log':
      return `fr(Math.log(${x(e.a)}))`;
    case 'max':
      return `Math.max(${x(e.a)}, ${x(e.b)})`;
    case 'ldexp':
      return `fr(${x(e.a)} * ${tsNumber(2 ** e.exponent)})`;
    case 'add':
      return `fr(${x(e.a)} + ${x(e.b)})`;
    case 'sub':
      return `fr(${x(e.a)} - ${x(e.b)})`;
    case 'mul':
      return `fr(${x(e.a)} * ${x(e.b)})`;
    case 'div':
      return `fr(${x(e.a)} / ${x(e.b)})`;
  }
}

function tsCond(c: Cond, index?: (name: string) => number): string {
  if (c.op === 'isNaN') return `Number.isNaN(${tsExpr(c.a, index)})`;
  return `${tsExpr(c.a, index)} ${c.op === 'lt' ? '<' : '>='} ${tsExpr(c.b, index)}`;
}

export function tsStatements(stmts: readonly Stmt[], indent: string, index?: (name: string) => number): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === 'let') out.push(`${indent}const ${s.name} = ${tsExpr(s.value, index)};`);
    else if (s.kind === 'return') out.push(`${indent}return ${tsExpr(s.value, index)};`);
    else {
      out.push(`${indent}if (${tsCond(s.cond, index)}) {`, ...tsStatements(s.then, `${indent}  `, index));
      if (s.else.length > 0) out.push(`${indent}} else {`, ...tsStatements(s.else, `${indent}  `, index));
      out.push(`${indent}}`);
    }
  }
  return out;
}

export function docComment(lines: readonly string[], indent = ''): string[] {
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}

/** Where each parameter of the function's block lives in `p`. */
function paramIndex(fn: IrFunction): ((name: string) => number) | undefined {
  const names = fn.params?.names;
  if (!names) return undefined;
  const at = new Map(names.map((n, i) => [n, i]));
  return (name) => {
    const i = at.get(name);
    if (i === undefined) throw new Error(`IR: ${fn.name} reads parameter "${name}", which is not in ${fn.params!.name}`);
    return i;
  };
}

/** One IR function as a TypeScript function of a float32 y (and its parameter block `p`). */
export function tsFunction(fn: IrFunction, exported = true): string[] {
  // A function with a block that reads none of it (xIELU's ∂f/∂α_p) still takes it, as `_p`.
  const args = fn.params ? `input: number, ${readsParams(fn) ? 'p' : '_p'}: Float32Array` : 'input: number';
  return [
    ...docComment(fn.doc),
    `${exported ? 'export ' : ''}function ${camel(fn.name)}(${args}): number {`,
    '  const y = fr(input);',
    ...tsStatements(fn.body, '  ', paramIndex(fn)),
    '}',
  ];
}

/**
 * The same function as JavaScript source of a body `(input[, p]) => value` with `fr` (and the
 * helpers) in scope: the verifier compiles it with `new Function`, so it runs exactly the code
 * that ships.
 */
export function jsFunctionBody(fn: IrFunction): string {
  return ['const y = fr(input);', ...tsStatements(fn.body, '', paramIndex(fn))].join('\n');
}

/** Compile an IR function (and the helpers its calls name) to JavaScript through the TypeScript emitter. */
export function compileToJs(fn: IrFunction, helpers: readonly IrFunction[] = []): (y: number, p?: Float32Array) => number {
  const define = (f: IrFunction) => `function ${camel(f.name)}(input${f.params ? ', p' : ''}) {\n${jsFunctionBody(f)}\n}`;
  const source = [...helpers.map(define), `return ${define(fn)};`].join('\n');
  return new Function('fr', source)(Math.fround) as (y: number, p?: Float32Array) => number;
}

/** The dispatcher by branch code; nothing for a one-branch function, whose one function is the dispatcher. */
export function tsDispatch(d: IrDispatch): string[] {
  if (isOneBranchDispatch(d)) return [];
  const branches = d.branches;
  const last = branches[branches.length - 1]!;
  const chain = branches
    .slice(0, -1)
    .map((b) => `branch === ${b.code} ? ${camel(b.fn.name)}(y) : `)
    .join('');
  return [
    ...docComment(d.doc),
    `export function ${camel(d.name)}(y: number, branch: number): number {`,
    `  return ${chain}${camel(last.fn.name)}(y);`,
    '}',
  ];
}
