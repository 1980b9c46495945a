/**
 * The 16-bit storage dtypes of y: bfloat16 (8 exponent bits, 7 fraction bits: float32's range,
 * 8 significant bits) and IEEE binary16 (5 exponent bits, 10 fraction bits). y is stored as one
 * of these and widened to float32, which is exact for both, before the fitted float32 code runs.
 *
 * Rounding to them is from a float64 and correctly rounded (to nearest, ties to even), once: going
 * through float32 first would round twice and misround values within 2^-25 (relative) of a tie.
 */
export type HalfDtype = 'bf16' | 'fp16';
export const HALF_DTYPES: readonly HalfDtype[] = ['bf16', 'fp16'];

interface Format {
  /** Fraction bits. */
  readonly m: number;
  /** Exponent bias. */
  readonly bias: number;
  /** The all-ones exponent field (Inf and NaN). */
  readonly maxE: number;
  /** The canonical quiet NaN pattern. */
  readonly nan: number;
}

const FORMATS: Readonly<Record<HalfDtype, Format>> = {
  bf16: { m: 7, bias: 127, maxE: 0xff, nan: 0x7fc0 },
  fp16: { m: 10, bias: 15, maxE: 0x1f, nan: 0x7e00 },
};

function format(dtype: HalfDtype): Format {
  const f = FORMATS[dtype];
  if (!f) throw new RangeError(`unknown 16-bit dtype ${JSON.stringify(dtype)}; allowed: ${HALF_DTYPES.join(', ')}`);
  return f;
}

function checkBits(bits: number, where: string): void {
  if (!Number.isInteger(bits) || bits < 0 || bits > 0xffff) throw new RangeError(`${where}: ${bits} is not a 16-bit pattern; allowed: integers in [0, 65535]`);
}

/** The value of a 16-bit pattern (exact: every bf16 and fp16 value is a float32). */
export function halfToNumber(dtype: HalfDtype, bits: number): number {
  checkBits(bits, `${dtype} pattern`);
  const { m, bias, maxE } = format(dtype);
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >>> m) & maxE;
  const fraction = bits & ((1 << m) - 1);
  if (e === maxE) return fraction ? NaN : sign * Infinity;
  if (e === 0) return sign * fraction * 2 ** (1 - bias - m);
  return sign * ((1 << m) + fraction) * 2 ** (e - bias - m);
}

const F64 = new Float64Array(1);
const HI = new Uint32Array(F64.buffer, 4, 1);
const TWO52 = 2 ** 52;

/** q rounded to the nearest integer, ties to even, for 0 ≤ q < 2^52 (float64 addition rounds so). */
const rint = (q: number) => q + TWO52 - TWO52;

/** The 16-bit pattern nearest x (ties to even); overflow gives ±Inf, NaN the canonical quiet NaN. */
export function halfBits(dtype: HalfDtype, x: number): number {
  if (typeof x !== 'number') throw new RangeError(`${dtype} rounding: expected a number, got ${typeof x}`);
  const { m, bias, maxE, nan } = format(dtype);
  if (Number.isNaN(x)) return nan;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity) return sign | (maxE << m);
  const minNormal = 2 ** (1 - bias);
  let magnitude: number;
  if (a < minNormal) {
    // Subnormal: an integer multiple of 2^(1 − bias − m); a carry into 2^m is the smallest normal.
    magnitude = rint(a * 2 ** (bias + m - 1));
  } else {
    F64[0] = a;
    const e = ((HI[0]! >>> 20) & 0x7ff) - 1023;
    // a·2^(m − e) lies in [2^m, 2^(m+1)): the significand; a carry to 2^(m+1) moves up a binade.
    magnitude = ((e + bias) << m) + rint(a * 2 ** (m - e)) - (1 << m);
  }
  return sign | Math.min(magnitude, maxE << m);
}

/** x rounded to the dtype (ties to even), as a number. */
export function roundToHalf(dtype: HalfDtype, x: number): number {
  return halfToNumber(dtype, halfBits(dtype, x));
}

const grids = new Map<HalfDtype, { values: Float64Array; bits: Uint16Array }>();

/** Every non-NaN value of the dtype, ascending (−Inf … −0, +0 … +Inf), with its pattern; built once. */
function grid(dtype: HalfDtype): { values: Float64Array; bits: Uint16Array } {
  let g = grids.get(dtype);
  if (!g) {
    const { m, maxE } = format(dtype);
    const inf = maxE << m;
    const bits = new Uint16Array(2 * (inf + 1));
    let k = 0;
    for (let p = 0x8000 | inf; p >= 0x8000; p--) bits[k++] = p;
    for (let p = 0; p <= inf; p++) bits[k++] = p;
    g = { values: Float64Array.from(bits, (p) => halfToNumber(dtype, p)), bits };
    grids.set(dtype, g);
  }
  return g;
}

/**
 * Every non-NaN value of the dtype in [a, b], ascending, with its pattern; −0 before +0, and a
 * zero bound admits both zeros (as float32OrdinalRange does). Views of one shared table: read only.
 */
export function halfValuesIn(dtype: HalfDtype, a: number, b: number): { values: Float64Array; bits: Uint16Array } {
  if (!(a <= b)) throw new RangeError(`${dtype} values in [${a}, ${b}]: the bounds must be numbers with a ≤ b`);
  const g = grid(dtype);
  // Binary searches for the first value ≥ a and the first value > b (−0 and +0 compare equal).
  const search = (above: (w: number) => boolean) => {
    let lo = 0;
    let hi = g.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (above(g.values[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const first = search((w) => w >= a);
  const end = search((w) => w > b);
  return { values: g.values.subarray(first, end), bits: g.bits.subarray(first, end) };
}

/** The largest value of the dtype ≤ v. */
export function halfFloor(dtype: HalfDtype, v: number): number {
  const below = halfValuesIn(dtype, -Infinity, v).values;
  return below[below.length - 1]!;
}

/** The smallest value of the dtype ≥ v. */
export function halfCeil(dtype: HalfDtype, v: number): number {
  return halfValuesIn(dtype, v, Infinity).values[0]!;
}
