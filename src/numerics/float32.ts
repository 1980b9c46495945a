/**
 * Float32 tools. The fits, the generated code and the exhaustive sweeps all reason about
 * float32 values held in float64 numbers; these helpers name the few bit-level operations
 * they share.
 *
 * Ordinals: every float32 bit pattern except NaN gets an integer so that consecutive
 * float32 values have consecutive ordinals, −0 and +0 included (−0 is −1, +0 is 0).
 * Sweeps walk ordinals so that every pattern is visited exactly once.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round a number to the nearest float32 (ties to even). */
export const fround: (x: number) => number = Math.fround;

export const FLOAT32_MAX = 3.4028234663852886e38;
/** Smallest positive normal float32, 2^-126. */
export const FLOAT32_MIN_NORMAL = 2 ** -126;
/** Smallest positive subnormal float32, 2^-149. */
export const FLOAT32_MIN_SUBNORMAL = 2 ** -149;
/** Unit roundoff of float32 (half an ulp of 1), 2^-24. */
export const FLOAT32_EPSILON = 2 ** -23;

/** The IEEE bit pattern of fl32(x) as an unsigned integer. */
export function float32Bits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}

/** The float32 value with the given bit pattern (an unsigned 32-bit integer). */
export function float32FromBits(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0]!;
}

/** Whether x is exactly representable as a float32 (NaN and ±Inf count as representable). */
export function isFloat32(x: number): boolean {
  return Number.isNaN(x) || Math.fround(x) === x;
}

/**
 * The ulp of float32 at x: the spacing of float32 values in the binade of |x|
 * (2^(e−23) with e = floor(log2|x|), and 2^-149 below 2^-126). Defined for any real x,
 * not only float32 ones, so errors against a float64 reference can be expressed in it.
 */
export function ulp32(x: number): number {
  const a = Math.abs(x);
  if (Number.isNaN(a)) return NaN;
  if (a === Infinity) return Infinity;
  if (a < FLOAT32_MIN_NORMAL) return FLOAT32_MIN_SUBNORMAL;
  if (a >= FLOAT32_MAX) return 2 ** 104;
  let e = Math.floor(Math.log2(a));
  // log2 may misround by one at binade edges; pin e so that 2^e ≤ a < 2^(e+1).
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return 2 ** (e - 23);
}

/** ULP_OF_EXPONENT[e] = 2^(max(e, 1) − 150): the float32 spacing for biased exponent e. */
const ULP_OF_EXPONENT = Float64Array.from({ length: 256 }, (_, e) => 2 ** (Math.max(e, 1) - 150));

/**
 * ulp32 of fl32(x), from the exponent bits: the fast form for hot loops (error measurement),
 * where x is already a float32 or its rounding is what counts.
 */
export function ulpOfRounded32(x: number): number {
  f32[0] = x;
  return ULP_OF_EXPONENT[(u32[0]! >>> 23) & 0xff]!;
}

/** The next float32 above x (IEEE nextUp: nextUp32(±0) is 2^-149). x need not be a float32. */
export function nextUp32(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  const r = Math.fround(x);
  if (r > x) return r;
  if (r === 0) return FLOAT32_MIN_SUBNORMAL;
  return float32FromOrdinal(float32Ordinal(r) + 1);
}

/** The next float32 below x (IEEE nextDown: nextDown32(±0) is −2^-149). x need not be a float32. */
export function nextDown32(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return x;
  const r = Math.fround(x);
  if (r < x) return r;
  if (r === 0) return -FLOAT32_MIN_SUBNORMAL;
  return float32FromOrdinal(float32Ordinal(r) - 1);
}

/**
 * The ordinal of a float32 value: +0 → 0, 2^-149 → 1, …, +Inf → 0x7f800000;
 * −0 → −1, −2^-149 → −2, …, −Inf → −0x7f800001. Throws on NaN and on non-float32 input.
 */
export function float32Ordinal(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('float32Ordinal: x is NaN, which has no ordinal');
  if (Math.fround(x) !== x) {
    throw new RangeError(`float32Ordinal: x = ${x} is not a float32 value; round it with fround first`);
  }
  const bits = float32Bits(x);
  return bits >= 0x80000000 ? -1 - (bits - 0x80000000) : bits;
}

/** Inverse of {@link float32Ordinal}. */
export function float32FromOrdinal(k: number): number {
  if (!Number.isInteger(k) || k < -0x7f800001 || k > 0x7f800000) {
    throw new RangeError(`float32FromOrdinal: ${k} is not an ordinal; allowed: integers in [-2139095041, 2139095040]`);
  }
  return float32FromBits(k >= 0 ? k : 0x80000000 + (-1 - k));
}

/**
 * The ordinal range [first, last] of float32 patterns lying in the real interval [a, b]
 * (the smallest float32 ≥ a to the largest ≤ b). Empty ranges have last < first.
 */
export function float32OrdinalRange(a: number, b: number): { first: number; last: number } {
  if (Number.isNaN(a) || Number.isNaN(b)) {
    throw new RangeError(`float32 range: bounds must not be NaN (got [${a}, ${b}])`);
  }
  let lo = Math.fround(a);
  if (lo < a) lo = nextUp32(a);
  let hi = Math.fround(b);
  if (hi > b) hi = nextDown32(b);
  // A zero bound admits both zeros: −0 is the first pattern ≥ it and +0 the last ≤ it.
  const first = lo === 0 ? -1 : float32Ordinal(lo);
  const last = hi === 0 ? 0 : float32Ordinal(hi);
  return { first, last };
}

/**
 * The number of float32 bit patterns in [a, b]; both −0 and +0 count when 0 is inside.
 * Bounds need not be float32 values.
 */
export function countFloat32(a: number, b: number): number {
  const { first, last } = float32OrdinalRange(a, b);
  return Math.max(0, last - first + 1);
}

/**
 * Every float32 in [a, b], by increasing bit-pattern ordinal (−0 before +0).
 * For billions of values prefer {@link fillFloat32s}, which fills a buffer per chunk.
 */
export function* float32sIn(a: number, b: number): Generator<number, void, undefined> {
  const { first, last } = float32OrdinalRange(a, b);
  for (let k = first; k <= last; k++) yield float32FromOrdinal(k);
}

/**
 * Fill `out` with consecutive float32 values starting at ordinal `firstOrdinal`, stopping
 * after `lastOrdinal`; returns how many were written. The chunked form of {@link float32sIn}.
 */
export function fillFloat32s(out: Float32Array, firstOrdinal: number, lastOrdinal: number): number {
  const n = Math.max(0, Math.min(out.length, lastOrdinal - firstOrdinal + 1));
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < n; i++) {
    const k = firstOrdinal + i;
    bits[i] = k >= 0 ? k : 0x80000000 + (-1 - k);
  }
  return n;
}

/** The shortest decimal string that rounds back to the float32 x (the float32 analogue of String(x)). */
export function formatFloat32(x: number): string {
  if (!isFloat32(x)) throw new RangeError(`formatFloat32: ${x} is not a float32 value`);
  if (x === 0 || !Number.isFinite(x)) return Object.is(x, -0) ? '-0' : String(x);
  for (let digits = 1; digits < 9; digits++) {
    const text = x.toPrecision(digits);
    if (Math.fround(Number(text)) === x) return String(Number(text));
  }
  return String(Number(x.toPrecision(9)));
}

/**
 * The smallest ordinal k in [lo, hi] where `holds(float32FromOrdinal(k))` is true, for a predicate
 * that is false and then true along the ordinals (binary search). Throws if it is false at hi.
 */
export function firstOrdinalWhere(lo: number, hi: number, holds: (x: number) => boolean): number {
  if (!holds(float32FromOrdinal(hi))) {
    throw new RangeError(`firstOrdinalWhere: the predicate is false at the upper end ${float32FromOrdinal(hi)}`);
  }
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (holds(float32FromOrdinal(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
