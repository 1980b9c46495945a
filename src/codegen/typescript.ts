import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from '../ir/ir.js';
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

export function tsExpr(e: Expr): string {
  switch (e.op) {
    case 'y':
      return 'y';
    case 'const':
      return e.value < 0 || Object.is(e.value, -0) ? `(${tsNumber(e.value)})` : tsNumber(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return `(-${tsExpr(e.a)})`;
    case 'select':
      return `(${tsCond(e.cond)} ? ${tsExpr(e.a)} : ${tsExpr(e.b)})`;
    case 'sqrt':
      return `fr(Math.sqrt(${tsExpr(e.a)}))`;
    case 'log':
      return `fr(Math.log(${tsExpr(e.a)}))`;
    case 'max':
      return `Math.max(${tsExpr(e.a)}, ${tsExpr(e.b)})`;
    case 'ldexp':
      return `fr(${tsExpr(e.a)} * ${tsNumber(2 ** e.exponent)})`;
    case 'add':
      return `fr(${tsExpr(e.a)} + ${tsExpr(e.b)})`;
    case 'sub':
      return `fr(${tsExpr(e.a)} - ${tsExpr(e.b)})`;
    case 'mul':
      return `fr(${tsExpr(e.a)} * ${tsExpr(e.b)})`;
    case 'div':
      return `fr(${tsExpr(e.a)} / ${tsExpr(e.b)})`;
  }
}

function tsCond(c: Cond): string {
  if (c.op === 'isNaN') return `Number.isNaN(${tsExpr(c.a)})`;
  return `${tsExpr(c.a)} ${c.op === 'lt' ? '<' : '>='} ${tsExpr(c.b)}`;
}

export function tsStatements(stmts: readonly Stmt[], indent: string): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === 'let') out.push(`${indent}const ${s.name} = ${tsExpr(s.value)};`);
    else if (s.kind === 'return') out.push(`${indent}return ${tsExpr(s.value)};`);
    else {
      out.push(`${indent}if (${tsCond(s.cond)}) {`, ...tsStatements(s.then, `${indent}  `));
      if (s.else.length > 0) out.push(`${indent}} else {`, ...tsStatements(s.else, `${indent}  `));
      out.push(`${indent}}`);
    }
  }
  return out;
}

export function docComment(lines: readonly string[], indent = ''): string[] {
  return [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`.trimEnd()), `${indent} */`];
}

/** One IR function as an exported TypeScript function of a float32 y. */
export function tsFunction(fn: IrFunction): string[] {
  return [
    ...docComment(fn.doc),
    `export function ${camel(fn.name)}(input: number): number {`,
    '  const y = fr(input);',
    ...tsStatements(fn.body, '  '),
    '}',
  ];
}

/**
 * The same function as JavaScript source of a body `(input) => value` with `fr` in scope:
 * the verifier compiles it with `new Function`, so it runs exactly the code that ships.
 */
export function jsFunctionBody(fn: IrFunction): string {
  return ['const y = fr(input);', ...tsStatements(fn.body, '')].join('\n');
}

/** Compile an IR function to a JavaScript function through the TypeScript emitter. */
export function compileToJs(fn: IrFunction): (y: number) => number {
  return new Function('fr', `return function ${camel(fn.name)}(input) {\n${jsFunctionBody(fn)}\n};`)(Math.fround) as (y: number) => number;
}

export function tsDispatch(d: IrDispatch): string[] {
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
