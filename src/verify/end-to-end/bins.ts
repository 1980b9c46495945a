/**
 * The bins of the end-to-end sweep. Every finite float32 x falls in one bin of each binning:
 *
 * - x: its float32 binade, sign and exponent field (512 bins; ±0 and subnormals share exponent 0);
 * - near: 200 equal widths of x over [x_min − 0.5, x_min + 0.5], where the floor is set;
 * - y: per branch, its y = fl32(f(x)) by d = y − y_min in quarter binades from 2^-30 to 2^8
 *   (bin 0: d ≤ 2^-30, y at or below the minimum included; the last: d ≥ 2^8).
 */
export const X_BINS = 512;
export const NEAR_BINS = 200;
export const NEAR_HALF_WIDTH = 0.5;
const D_LOWEST = -30;
const D_HIGHEST = 8;
export const Y_BINS = 4 * (D_HIGHEST - D_LOWEST) + 2;

const F64 = new Float64Array(1);
const HI = new Uint32Array(F64.buffer, 4, 1);

/** The x bin of a float32 from its bit pattern (as int32). */
export function xBin(bits: number): number {
  return ((bits >>> 23) & 0xff) + (bits < 0 ? 256 : 0);
}

/** The y bin of d = y − y_min: the double's exponent and its two leading fraction bits. */
export function yBin(d: number): number {
  if (!(d > 2 ** D_LOWEST)) return 0;
  if (d >= 2 ** D_HIGHEST) return Y_BINS - 1;
  F64[0] = d;
  const hi = HI[0]!;
  return 4 * (((hi >>> 20) & 0x7ff) - 1023 - D_LOWEST) + ((hi >>> 18) & 3) + 1;
}

/** The x range [lo, hi) of x bin b (by magnitude: the binade of |x|, then the sign). */
export function xBinRange(b: number): { sign: 1 | -1; lo: number; hi: number } {
  const e = b & 0xff;
  return { sign: b >= 256 ? -1 : 1, lo: e === 0 ? 0 : 2 ** (e - 127), hi: 2 ** (Math.max(e, 1) - 126) };
}

/** The d = y − y_min range [lo, hi) of y bin b. */
export function yBinRange(b: number): { lo: number; hi: number } {
  if (b === 0) return { lo: -Infinity, hi: 2 ** D_LOWEST };
  if (b === Y_BINS - 1) return { lo: 2 ** D_HIGHEST, hi: Infinity };
  const scale = 2 ** (D_LOWEST + Math.floor((b - 1) / 4));
  const quarter = (b - 1) % 4;
  return { lo: scale * (1 + quarter / 4), hi: scale * (1 + (quarter + 1) / 4) };
}
