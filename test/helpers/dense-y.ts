import type { Fit } from '../../src/fit/fit-file.js';
import { float32Bits, float32FromOrdinal, float32Ordinal, fround } from '../../src/numerics/float32.js';

/**
 * A dense, deterministic set of float32 y for one fit: every 4096th float32 pattern from 2^14
 * patterns below fl32(y_min.hi) to the end of the branch's domain (−0 on the left, +∞ on the
 * right), each segment's ends and each tail's start with ±2 float32 around them, and the special
 * values. Comparisons of two evaluations on it see every segment, both sides of every boundary.
 */
export function denseYs(fit: Fit): Float32Array {
  const first = float32Ordinal(fround(fit.yMin.hi)) - (1 << 14);
  const last = fit.branch.id === 'left' ? float32Ordinal(-0) : float32Ordinal(Infinity);
  const ys: number[] = [NaN, -0, 0, Infinity, -Infinity, 2 ** -149, -(2 ** -149)];
  for (let k = first; k <= last; k += 4096) ys.push(float32FromOrdinal(k));
  const edges = [...fit.segments.flatMap((s) => [s.lo, s.hi]), ...fit.tails.map((t) => t.from)].filter(Number.isFinite);
  for (const edge of edges) {
    const k = float32Ordinal(edge);
    for (let d = -2; d <= 2; d++) ys.push(float32FromOrdinal(k + d));
  }
  return Float32Array.from(ys);
}

/** FNV-1a over the float32 bit patterns of f at every y: equal digests mean equal bits (barring a collision). */
export function outputDigest(ys: Float32Array, f: (y: number) => number): string {
  let h = 0x811c9dc5;
  for (const yv of ys) {
    const bits = float32Bits(fround(f(yv)));
    for (let s = 0; s < 32; s += 8) h = Math.imul(h ^ ((bits >>> s) & 0xff), 16777619) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
