import type { Precision } from '../ir/interpret.js';
import type { Cond, Expr, IrDispatch, IrFunction, Stmt } from '../ir/ir.js';
import { isOneBranchDispatch } from '../ir/lower.js';
import { readsParams } from '../ir/prune.js';
import { camel } from './names.js';

/**
 * IR → TypeScript in either arithmetic of the IR interpreter (ir/interpret.ts), bit for bit:
 * - `float32`: every operation rounded by Math.fround where the IR rounds (the WGSL's f32
 *   arithmetic; the fitter measures this one);
 * - `float64`: the operations in JavaScript's own float64 and only the result rounded. The
 *   generated files ship this one: a Math.fround costs V8 two conversions (the float32 evaluation
 *   of the same code takes 1.2–1.6× the time, `npm run bench -- --only v8-breakdown`), and float64
 *   adds no rounding error of its own to the fit's.
 */

/** The arithmetic of the generated TypeScript files. */
export const SHIPPED_ARITHMETIC: Precision = 'float64';

/** The lines a generated module opens its code with: what `fr` is for, in its arithmetic. */
export function arithmeticPreamble(arithmetic: Precision): string[] {
  return [
    ...(arithmetic === 'float32'
      ? ['/** Every operation is rounded to float32, as the code was verified. */']
      : docComment([
          'Computed in JavaScript\'s float64 from float32 y and float32 constants; only each result is',
          'rounded to float32. `fit-inverse verify` proves the bounds for this evaluation over every float32 y,',
          'beside the float32 one of the WGSL; the errors per interval below are the float32 evaluation\'s.',
        ])),
    'const fr = Math.fround;',
  ];
}

/**
 * How one emission rounds: the parameter block's places, and whether each operation is rounded;
 * and how a path ends: `return v;`, or inside a loop (`result`) `g = v;` and a break out of its block.
 */
interface Emission {
  readonly index?: (name: string) => number;
  readonly arithmetic: Precision;
  readonly result?: { readonly variable: string; readonly block: string };
}

/**
 * An operation's result: rounded to float32 in float32 arithmetic; in float64 grouped by
 * parentheses as fr(…) groups it, except where it is the whole of a statement's value (`bare`,
 * which needs no grouping).
 */
function op(text: string, em: Emission, bare: boolean): string {
  if (em.arithmetic === 'float32') return `fr(${text})`;
  return bare ? text : `(${text})`;
}

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
function tsExpr(e: Expr, em: Emission, bare = false): string {
  const x = (a: Expr) => tsExpr(a, em);
  const at = (name: string) => {
    if (!em.index) throw new Error(`IR: parameter "${name}" outside a function with a parameter block`);
    return em.index(name);
  };
  switch (e.op) {
    case 'param':
      return `p[${at(e.name)}]`;
    case 'load':
      return `p[${at(e.name)} + ${x(e.index)}]`;
    case 'select':
      return `(${tsCond(e.cond, em)} ? ${x(e.a)} : ${x(e.b)})`;
    case 'floor':
      return `Math.floor(${x(e.a)})`;
    case 'ldexpv':
      return op(`${x(e.a)} * 2 ** ${x(e.e)}`, em, bare);
    case 'call':
      return `${camel(e.fn)}(${x(e.a)})`;
    case 'y':
      return 'y';
    case 'const':
      return e.value < 0 || Object.is(e.value, -0) ? `(${tsNumber(e.value)})` : tsNumber(e.value);
    case 'ref':
      return e.name;
    case 'neg':
      return bare ? `-${x(e.a)}` : `(-${x(e.a)})`;
    case 'sqrt':
      return op(`Math.sqrt(${x(e.a)})`, em, bare);
    case 'log':
      return op(`Math.log(${x(e.a)})`, em, bare);
    case 'max':
      return `Math.max(${x(e.a)}, ${x(e.b)})`;
    case 'ldexp':
      return op(`${x(e.a)} * ${tsNumber(2 ** e.exponent)}`, em, bare);
    case 'add':
      return op(`${x(e.a)} + ${x(e.b)}`, em, bare);
    case 'sub':
      return op(`${x(e.a)} - ${x(e.b)}`, em, bare);
    case 'mul':
      return op(`${x(e.a)} * ${x(e.b)}`, em, bare);
    case 'div':
      return op(`${x(e.a)} / ${x(e.b)}`, em, bare);
  }
}

function tsCond(c: Cond, em: Emission): string {
  if (c.op === 'isNaN') return `Number.isNaN(${tsExpr(c.a, em)})`;
  return `${tsExpr(c.a, em)} ${c.op === 'lt' ? '<' : '>='} ${tsExpr(c.b, em)}`;
}

/** Values that are float32 already: a float64 evaluation returns them without a rounding. */
function isFloat32Valued(e: Expr): boolean {
  return e.op === 'const' || e.op === 'y' || e.op === 'param' || e.op === 'load' || e.op === 'call' || (e.op === 'neg' && isFloat32Valued(e.a));
}

function tsStatements(stmts: readonly Stmt[], indent: string, em: Emission): string[] {
  const out: string[] = [];
  for (const s of stmts) {
    if (s.kind === 'let') out.push(`${indent}const ${s.name} = ${tsExpr(s.value, em, true)};`);
    else if (s.kind === 'return') {
      const text = tsExpr(s.value, em, true);
      const value = em.arithmetic === 'float32' || isFloat32Valued(s.value) ? text : `fr(${text})`;
      if (em.result) out.push(`${indent}${em.result.variable} = ${value};`, `${indent}break ${em.result.block};`);
      else out.push(`${indent}return ${value};`);
    } else {
      out.push(`${indent}if (${tsCond(s.cond, em)}) {`, ...tsStatements(s.then, `${indent}  `, em));
      if (s.else.length > 0) out.push(`${indent}} else {`, ...tsStatements(s.else, `${indent}  `, em));
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
export function tsFunction(fn: IrFunction, arithmetic: Precision, exported = true): string[] {
  // A function with a block that reads none of it (xIELU's ∂f/∂α_p) still takes it, as `_p`.
  const args = fn.params ? `input: number, ${readsParams(fn) ? 'p' : '_p'}: Float32Array` : 'input: number';
  return [
    ...docComment(fn.doc),
    `${exported ? 'export ' : ''}function ${camel(fn.name)}(${args}): number {`,
    '  const y = fr(input);',
    ...tsStatements(fn.body, '  ', { index: paramIndex(fn), arithmetic }),
    '}',
  ];
}

/**
 * The same function as JavaScript source, `function name(input[, p]) { … }`, with `fr` (and the
 * helpers) in scope: the verifier compiles it with `new Function`, so it runs exactly the code
 * that ships.
 */
export function jsFunction(fn: IrFunction, arithmetic: Precision): string {
  const body = ['const y = fr(input);', ...tsStatements(fn.body, '', { index: paramIndex(fn), arithmetic })].join('\n');
  return `function ${camel(fn.name)}(input${fn.params ? ', p' : ''}) {\n${body}\n}`;
}

/** Compile an IR function (and the helpers its calls name) to JavaScript through the TypeScript emitter. */
export function compileToJs(fn: IrFunction, arithmetic: Precision, helpers: readonly IrFunction[] = []): (y: number, p?: Float32Array) => number {
  const source = [...helpers.map((h) => jsFunction(h, arithmetic)), `return ${jsFunction(fn, arithmetic)};`].join('\n');
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

/** What the backward loop binds around the bodies it writes out; no IR let may take one of them. */
const LOOP_NAMES = new Set(['ys', 'mask', 'dys', 'out', 'n', 'i', 'g', 'code', 'words']);

function letNames(stmts: readonly Stmt[], into: Set<string>): Set<string> {
  for (const s of stmts) {
    if (s.kind === 'let') into.add(s.name);
    else if (s.kind === 'if') [s.then, s.else].forEach((b) => letNames(b, into));
  }
  return into;
}

/**
 * `<fn>Backward(ys, mask, dys, out)`: out[i] = dys[i]·g(ys[i], bit i), the TypeScript twin of the
 * WGSL backward kernel (a one-branch function takes no mask). Each branch's g is written out in
 * the loop, in a block whose returns assign g: V8 inlines no function this large, and a call per
 * element cost a third of the time (`npm run bench -- --only v8`).
 */
export function tsBackward(name: string, grad: IrDispatch, arithmetic: Precision): string[] {
  const one = isOneBranchDispatch(grad);
  for (const b of grad.branches) {
    const clash = [...letNames(b.fn.body, new Set())].filter((v) => LOOP_NAMES.has(v));
    if (clash.length > 0) throw new Error(`IR: ${b.fn.name} binds ${clash.join(', ')}, which ${name}'s loop uses`);
  }
  const body = (b: IrDispatch['branches'][number], indent: string) => {
    const block = `code${b.code}`;
    return [`${indent}${block}: {`, ...tsStatements(b.fn.body, `${indent}  `, { index: paramIndex(b.fn), arithmetic, result: { variable: 'g', block } }), `${indent}}`];
  };
  const last = grad.branches[grad.branches.length - 1]!;
  const selected = one
    ? body(last, '    ')
    : [
        '    const code = (mask[i >>> 5]! >>> (i & 31)) & 1;',
        ...grad.branches.slice(0, -1).flatMap((b, k) => [`    ${k === 0 ? '' : '} else '}if (code === ${b.code}) {`, ...body(b, '      ')]),
        '    } else {',
        ...body(last, '      '),
        '    }',
      ];
  const what = one ? 'g(ys[i])' : 'g(ys[i], bit i of mask)';
  return [
    ...docComment([
      `Backward from the saved output: out[i] = dys[i]·${what}${one ? '' : ', the bit of element i in word i >>> 5 at bit i & 31 (packBranchBits)'}.`,
      `The same values as ${camel(grad.name)}, in one loop with each branch written out (a call per element would cost V8 about a third of the time). Returns out.`,
    ]),
    `export function ${name}(ys: Float32Array, ${one ? '' : 'mask: Uint32Array, '}dys: Float32Array, out: Float32Array = new Float32Array(ys.length)): Float32Array {`,
    `  if (!(ys instanceof Float32Array)) throw new TypeError('${name}: ys must be a Float32Array (the saved output y)');`,
    '  const n = ys.length;',
    ...(one
      ? []
      : [
          '  const words = (n + 31) >>> 5;',
          `  if (!(mask instanceof Uint32Array) || mask.length < words) throw new RangeError(\`${name}: mask must be a Uint32Array of at least \${words} words for \${n} elements (packBranchBits)\`);`,
        ]),
    `  if (!(dys instanceof Float32Array) || dys.length !== n) throw new RangeError(\`${name}: dys must be a Float32Array of \${n} elements, as many as ys\`);`,
    `  if (!(out instanceof Float32Array) || out.length < n) throw new RangeError(\`${name}: out must be a Float32Array of at least \${n} elements\`);`,
    '  for (let i = 0; i < n; i++) {',
    '    const y = ys[i]!;',
    '    let g: number;',
    ...selected,
    '    out[i] = dys[i]! * g;',
    '  }',
    '  return out;',
    '}',
  ];
}
