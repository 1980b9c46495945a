import type { BackwardData } from './data.js';
import { BACKWARD, type BenchFunction } from './functions.js';

/**
 * Each candidate's loop is compiled from its own source text. Closures made from one function
 * literal share V8's feedback, so a loop shared by candidates would see several callees and stop
 * inlining them: every candidate would pay a call per element and the ratios would shrink
 * towards 1. A unique source gives each loop its own feedback and one callee.
 */
let serial = 0;

export function compileUnique<T>(label: string, bindings: Record<string, unknown>, body: string): T {
  const names = Object.keys(bindings);
  const source = `// bench candidate #${++serial}: ${label.replace(/\n/g, ' ')}\n${body}`;
  return new Function(...names, source)(...names.map((k) => bindings[k])) as T;
}

/** What one element of backward computes; `g` is the candidate's function. */
const BODIES = {
  /** dx = dy·g(y, bit): from the saved output and the packed branch bit. */
  fromOutput: 'out[i] = dy[i] * g(y[i], (mask[i >>> 5] >>> (i & 31)) & 1);',
  /** dx = dy·f'(x) from the saved input, in float64. */
  fromInput: 'out[i] = dy[i] * g(x[i]);',
  /** The same, rounded to float32 as a float32 kernel would. */
  fromInput32: 'out[i] = fr(dy[i] * fr(g(x[i])));',
} as const;

export type LoopKind = keyof typeof BODIES;

/** A backward pass over all elements; returns one output element so its work stays observable. */
export function backwardLoop(label: string, kind: LoopKind, g: (...args: number[]) => number, data: BackwardData): () => number {
  const out = new Float32Array(data.x.length);
  return compileUnique(label, { g, fr: Math.fround, out, ...data }, `return function run() {
  const n = out.length;
  for (let i = 0; i < n; i++) ${BODIES[kind]}
  return out[n >> 1];
};`);
}

/** The generated backward over arrays, which holds its own loop; returns one output element, as above. */
export function arrayBackward(fn: BenchFunction, data: BackwardData): () => number {
  const out = new Float32Array(data.y.length);
  const run = BACKWARD[fn];
  return () => run(data.y, data.mask, data.dy, out)[out.length >> 1]!;
}
