import type { Cond, Expr, IrFunction, Stmt } from '../../ir/ir.js';

/**
 * The verifier's fast float32 model of IR functions: the IR emitted as an asm.js module, which V8
 * compiles to WebAssembly with native float32 arithmetic (a chain of float32 operations runs about
 * five times faster than the same chain of Math.fround in JavaScript). The semantics are the
 * emitted TypeScript's, operation for operation: + − × ÷ √ in float32 are correctly rounded in
 * both (rounding the float64 result of float32 operands once more is exact for these), ldexp and
 * log are the same float64 operation rounded once (asm.js calls the same Math.log), and max is
 * Math.max. The sweep still runs the emitted TypeScript on a share of the y and requires the two
 * to agree bit for bit (see sweep/chunk.ts), so a divergence cannot pass unseen.
 */

/** A batch of float32 inputs and the outputs of each function on them. */
export interface Float32Batch {
  readonly capacity: number;
  /** Inputs of the batch: set by `fillOrdinals` or by the caller. */
  readonly y: Float32Array;
  /** outputs[i][j]: function i at y[j], after `run`. */
  readonly outputs: readonly Float32Array[];
  /** y[j] = the float32 with ordinal first + j·stride, for j < n (see numerics/float32.ts). */
  fillOrdinals(first: number, stride: number, n: number): void;
  /** Evaluate every function on y[0..n). */
  run(n: number): void;
}

/** A number as an asm.js double literal (these need a decimal point, also before an exponent). */
function doubleLiteral(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return s.includes('.') ? s : s.includes('e') ? s.replace('e', '.0e') : `${s}.0`;
}

function floatConst(v: number): string {
  return `fround(${doubleLiteral(v)})`;
}

/** log(−y): every left-branch log segment starts with it, in the inverse and in the grad alike. */
function isLogNegY(e: Expr): boolean {
  return e.op === 'log' && e.a.op === 'neg' && e.a.a.op === 'y';
}

function usesLogNegY(stmts: readonly Stmt[]): boolean {
  const inExpr = (e: Expr): boolean => isLogNegY(e) || ('a' in e && inExpr(e.a)) || ('b' in e && inExpr(e.b));
  const inCond = (c: Cond): boolean => inExpr(c.a) || ('b' in c && inExpr(c.b));
  return stmts.some((s) => (s.kind === 'if' ? inCond(s.cond) || usesLogNegY(s.then) || usesLogNegY(s.else) : inExpr(s.value)));
}

function local(name: string): string {
  return `v_${name}`;
}

function expr(e: Expr): string {
  switch (e.op) {
    case 'y':
      return 'y';
    case 'const':
      return floatConst(e.value);
    case 'ref':
      return local(e.name);
    case 'neg':
      return `fround(-${expr(e.a)})`;
    case 'select':
      return `(${cond(e.cond)} ? ${expr(e.a)} : ${expr(e.b)})`;
    case 'sqrt':
      return `fround(sqrt(${expr(e.a)}))`;
    case 'log':
      return isLogNegY(e) ? 'fround(lnNegY)' : `fround(log(+${expr(e.a)}))`;
    case 'max':
      return `fround(max(+${expr(e.a)}, +${expr(e.b)}))`;
    case 'ldexp':
      return `fround(+${expr(e.a)} * ${doubleLiteral(2 ** e.exponent)})`;
    case 'add':
      return `fround(${expr(e.a)} + ${expr(e.b)})`;
    case 'sub':
      return `fround(${expr(e.a)} - ${expr(e.b)})`;
    case 'mul':
      return `fround(${expr(e.a)} * ${expr(e.b)})`;
    case 'div':
      return `fround(${expr(e.a)} / ${expr(e.b)})`;
    // The trainable families' operations: their functions take a parameter block and are swept
    // through their compiled TypeScript instead (verify/families).
    case 'param':
    case 'load':
    case 'floor':
    case 'ldexpv':
    case 'call':
      throw new RangeError(`asm.js model: IR operation ${e.op} is not modelled; parametric functions are swept by verify/families`);
  }
}

function cond(c: Cond): string {
  if (c.op === 'isNaN') return `(${expr(c.a)} != ${expr(c.a)})`;
  return `(${expr(c.a)} ${c.op === 'lt' ? '<' : '>='} ${expr(c.b)})`;
}

function statements(stmts: readonly Stmt[], into: string[], names: Set<string>): void {
  for (const s of stmts) {
    if (s.kind === 'let') {
      names.add(s.name);
      into.push(`${local(s.name)} = ${expr(s.value)};`);
    } else if (s.kind === 'return') {
      into.push(`return fround(${expr(s.value)});`);
    } else {
      into.push(`if ${cond(s.cond)} {`);
      statements(s.then, into, names);
      into.push('} else {');
      statements(s.else, into, names);
      into.push('}');
    }
  }
}

function asmFunction(fn: IrFunction, index: number): string {
  const body: string[] = [];
  const names = new Set<string>();
  statements(fn.body, body, names);
  const locals = [...names].map((n) => `${local(n)} = fround(0)`);
  return [
    `function f${index}(y, lnNegY) {`,
    'y = fround(y);',
    'lnNegY = +lnNegY;',
    ...(locals.length > 0 ? [`var ${locals.join(', ')};`] : []),
    ...body,
    // Every path of an IR function returns; asm.js wants a typed return at the end regardless.
    'return fround(0);',
    '}',
  ].join('\n');
}

/** The asm.js module source: f0…fk, fill (ordinals → y) and run (y → every output). */
export function asmModuleSource(fns: readonly IrFunction[], capacity: number): string {
  const outputs = fns.map((_, i) => `Y[(${(i + 1) * capacity * 4} + p) >> 2] = fround(f${i}(y, ln));`);
  // Where the functions share log(−y) it is taken once per y and passed in: a log costs more than
  // a whole segment's arithmetic. The value is the same float64 log, rounded where it is used.
  const shared = fns.some((fn) => usesLogNegY(fn.body)) ? ['ln = +log(+fround(-y));'] : [];
  return [
    'function Float32Model(stdlib, foreign, heap) {',
    '"use asm";',
    'var fround = stdlib.Math.fround;',
    'var sqrt = stdlib.Math.sqrt;',
    'var max = stdlib.Math.max;',
    'var imul = stdlib.Math.imul;',
    'var log = stdlib.Math.log;',
    'var inf = stdlib.Infinity;',
    'var nan = stdlib.NaN;',
    'var Y = new stdlib.Float32Array(heap);',
    'var U = new stdlib.Int32Array(heap);',
    ...fns.map(asmFunction),
    'function fill(first, stride, n) {',
    'first = first | 0; stride = stride | 0; n = n | 0;',
    'var i = 0, k = 0;',
    'for (i = 0; (i | 0) < (n | 0); i = (i + 1) | 0) {',
    'k = (first + imul(i, stride)) | 0;',
    // Ordinal k ≥ 0 is the bit pattern itself; k < 0 is −0, −2^-149, …: sign bit plus (−1 − k).
    'U[i << 2 >> 2] = (k | 0) < 0 ? ((-1 - k) | 0) | -2147483648 : k;',
    '}',
    '}',
    'function run(n) {',
    'n = n | 0;',
    'var i = 0, p = 0, y = fround(0), ln = 0.0;',
    'for (i = 0; (i | 0) < (n | 0); i = (i + 1) | 0) {',
    'p = i << 2;',
    'y = fround(Y[p >> 2]);',
    ...shared,
    ...outputs,
    '}',
    '}',
    'return { fill: fill, run: run };',
    '}',
  ].join('\n');
}

/** asm.js heaps are a power of two of at least 64 KiB. */
function heapBytes(needed: number): number {
  let bytes = 1 << 16;
  while (bytes < needed) bytes *= 2;
  return bytes;
}

/** Compile IR functions into one asm.js batch model. */
export function compileBatch(fns: readonly IrFunction[], capacity = 4096): Float32Batch {
  if (fns.length === 0) throw new RangeError('compileBatch: no functions to compile');
  if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= 1 << 20)) throw new RangeError(`compileBatch: capacity must be an integer in [1, 2^20], got ${capacity}`);
  const heap = new ArrayBuffer(heapBytes((fns.length + 1) * capacity * 4));
  const factory = new Function(`return ${asmModuleSource(fns, capacity)};`)() as (
    stdlib: typeof globalThis,
    foreign: object,
    heap: ArrayBuffer,
  ) => { fill(first: number, stride: number, n: number): void; run(n: number): void };
  const model = factory(globalThis, {}, heap);
  const y = new Float32Array(heap, 0, capacity);
  const outputs = fns.map((_, i) => new Float32Array(heap, (i + 1) * capacity * 4, capacity));
  return {
    capacity,
    y,
    outputs,
    fillOrdinals: (first, stride, n) => model.fill(first, stride, n),
    run: (n) => model.run(n),
  };
}
