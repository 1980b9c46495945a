/**
 * Error-free transformations (Knuth's two-sum, Dekker's two-product). JavaScript has no fma,
 * so products are split by Veltkamp's method. Used where one rounding in an argument
 * would be amplified, e.g. the cubic inside GELU-tanh's exponent.
 */

/** A value held as an unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. */
export interface DoubleDouble {
  readonly hi: number;
  readonly lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

/** hi + lo = a + b exactly, hi = fl(a + b). */
export function twoSum(a: number, b: number): DoubleDouble {
  const hi = a + b;
  const bb = hi - a;
  return { hi, lo: a - (hi - bb) + (b - bb) };
}

/** hi + lo = a · b exactly (barring overflow and underflow), hi = fl(a · b). */
export function twoProduct(a: number, b: number): DoubleDouble {
  const hi = a * b;
  const ca = SPLITTER * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = SPLITTER * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return { hi, lo: al * bl - (hi - ah * bh - al * bh - ah * bl) };
}

/** (a.hi + a.lo) · b to about 2^-104 relative. */
export function ddMulNumber(a: DoubleDouble, b: number): DoubleDouble {
  const p = twoProduct(a.hi, b);
  return quickTwoSum(p.hi, p.lo + a.lo * b);
}

/** (a.hi + a.lo) + (b.hi + b.lo) to about 2^-104 relative when there is no cancellation. */
export function ddAdd(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const s = twoSum(a.hi, b.hi);
  return quickTwoSum(s.hi, s.lo + a.lo + b.lo);
}

function quickTwoSum(a: number, b: number): DoubleDouble {
  const hi = a + b;
  return { hi, lo: b - (hi - a) };
}

/** (a.hi + a.lo) · (b.hi + b.lo) to about 2^-104 relative. */
export function ddMul(a: DoubleDouble, b: DoubleDouble): DoubleDouble {
  const p = twoProduct(a.hi, b.hi);
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}
