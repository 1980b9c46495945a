import { getActivation } from '../../src/functions/catalogue.js';
import { fround } from '../../src/numerics/float32.js';
import { packBranchBits } from '../../generated/ts/index.js';
import { XMIN32, type BenchFunction } from './functions.js';

/** Deterministic normal samples (Box–Muller on a fixed LCG), rounded to float32. */
export function normals(n: number, sigma: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  for (let i = 0; i < n; i++) out[i] = fround(sigma * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()));
  return out;
}

/**
 * What each backward sees: the standard one x (and dy), ours y = fl32(f(x)) and the packed branch
 * bits (and dy). x ~ N(0, σ²), realistic pre-activations.
 */
export interface BackwardData {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly mask: Uint32Array;
  readonly dy: Float32Array;
}

/** The spreads of x the bench measures at: typical pre-activations, and wide ones. */
export const SIGMAS = [1, 3] as const;

export function backwardData(fn: BenchFunction, n: number, sigma: number): BackwardData {
  const f = getActivation(fn).f;
  const x = normals(n, sigma, 12345 + sigma);
  return { x, y: Float32Array.from(x, (v) => fround(f(v))), mask: packBranchBits(x, XMIN32[fn]!), dy: normals(n, 1, 777) };
}

/** The same elements ordered by (bit, y): every comparison then predicts almost perfectly. */
export function sortedByOutput(data: BackwardData): BackwardData {
  const n = data.y.length;
  const bit = (i: number) => (data.mask[i >>> 5]! >>> (i & 31)) & 1;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => bit(a) - bit(b) || data.y[a]! - data.y[b]!);
  const mask = new Uint32Array(data.mask.length);
  order.forEach((from, i) => {
    if (bit(from)) mask[i >>> 5]! |= 1 << (i & 31);
  });
  return {
    x: Float32Array.from(order, (i) => data.x[i]!),
    y: Float32Array.from(order, (i) => data.y[i]!),
    mask,
    dy: Float32Array.from(order, (i) => data.dy[i]!),
  };
}
