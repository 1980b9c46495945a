import { twoSum } from './double-double.js';

/**
 * fma(a, b, c) for float32 a, b, c: a·b + c rounded once to float32, as WGSL's fma and GPU
 * hardware compute it. a·b is exact in float64 (48 significant bits); a·b + c is carried as an
 * exact double-double and rounded to float32 once, so no double rounding can occur.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const { hi, lo } = twoSum(p, c);
  const r = Math.fround(hi);
  if (lo === 0 || r === hi || !Number.isFinite(hi)) return r;
  // hi is not a float32; only when it sits exactly halfway between two does lo decide.
  const other = hi > r ? nextFloat32Toward(r, Infinity) : nextFloat32Toward(r, -Infinity);
  if (hi - r !== other - hi) return r;
  return (lo > 0) === (other > r) ? other : r;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function nextFloat32Toward(x: number, direction: number): number {
  if (x === 0) return direction > 0 ? 2 ** -149 : -(2 ** -149);
  f32[0] = x;
  u32[0] = (x > 0) === direction > 0 ? u32[0]! + 1 : u32[0]! - 1;
  return f32[0]!;
}
