import { chebyshevCoefficients } from '../../fit/chebyshev.js';
import { float32FromBits, ulpOfRounded32 } from '../../numerics/float32.js';

/**
 * Two smooth float64 functions of a float32 argument (x = f⁻¹(y) and g = f'(x) on a branch, or
 * f(x) and f'(x)), served fast and accurately over long runs of float32 values.
 *
 * The float32 values are cut into aligned windows of 2^16 consecutive bit patterns (one sign, one
 * binade, so the values are evenly spaced and never cross 0). On a window both functions are
 * interpolated at the 9 Chebyshev points of the first kind, from exact evaluations there (for the
 * inverse, the activation's bracketed, Newton-polished solver), as the variation from the exact
 * values at the window's center; then the interpolant is checked against more
 * exact evaluations at the window's two ends and at the 8 interior extrema of T_9, where the error
 * of interpolating an analytic function peaks. The window is used only when every check is within
 * WINDOW_TOLERANCE_ULPS float32 ulps of the exact value; otherwise it is halved, down to 2^5
 * values, below which every value is evaluated exactly. The approximation under test never feeds
 * the reference: only exact evaluations do.
 *
 * Windows halve near singular points (the branch point at y_min, where f⁻¹ has a square-root
 * law; y → 0 on the left branch, where x → −∞), so the exact evaluations stay a small share
 * everywhere (the values nearest the singular points are all exact). Values outside the open
 * interval (lo, hi), and non-finite ones, are always evaluated exactly.
 */
export type ExactPair = (v: number) => readonly [number, number];

/** Interpolation degree (9 nodes). */
const DEGREE = 8;
const LARGEST = 16;
const SMALLEST = 5;
/** Per window: both polynomials, then both values at the center. */
const COEFFICIENTS = 2 * (DEGREE + 1) + 2;

/** The accepted interpolation error at every check point, in float32 ulps of the exact value. */
export const WINDOW_TOLERANCE_ULPS = 2 ** -16;

/** T_9's interior extrema on [−1, 1]: cos(kπ/9), k = 1..8. */
const CHECKS = Array.from({ length: DEGREE }, (_, k) => Math.cos(((k + 1) * Math.PI) / (DEGREE + 1)));

/** Chebyshev coefficients (T_0 … T_n, plain sum) → monomial coefficients in the same variable. */
function monomial(cheb: readonly number[]): Float64Array {
  const n = cheb.length;
  const out = new Float64Array(n);
  let prev = new Float64Array(n);
  let cur = new Float64Array(n);
  prev[0] = 1; // T_0
  cur[1] = 1; // T_1
  out[0] = cheb[0]!;
  if (n > 1) out[1] += cheb[1]!;
  for (let k = 2; k < n; k++) {
    const next = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = (i > 0 ? 2 * cur[i - 1]! : 0) - prev[i]!;
    for (let i = 0; i < n; i++) out[i] += cheb[k]! * next[i]!;
    prev = cur;
    cur = next;
  }
  return out;
}

function horner(p: Float64Array, t: number): number {
  return p[0]! + t * (p[1]! + t * (p[2]! + t * (p[3]! + t * (p[4]! + t * (p[5]! + t * (p[6]! + t * (p[7]! + t * p[8]!)))))));
}

/**
 * The per-value work, as asm.js (compiled to WebAssembly; float64 arithmetic is the same IEEE
 * arithmetic as JavaScript's, without fusing): the center values plus both polynomials by Horner,
 * in the same order as `horner`, over a run of inputs inside the window.
 */
const KERNEL = `function SmoothKernel(stdlib, foreign, heap) {
"use asm";
var Y = new stdlib.Float32Array(heap);
var D = new stdlib.Float64Array(heap);
var I = new stdlib.Int32Array(heap);
function run(j0, n, lo, hi, o0, o1, p, c, s, identity) {
j0 = j0 | 0; n = n | 0; lo = lo | 0; hi = hi | 0; o0 = o0 | 0; o1 = o1 | 0; p = p | 0; c = +c; s = +s; identity = identity | 0;
var b = 0;
var t = 0.0, a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, a5 = 0.0, a6 = 0.0, a7 = 0.0, a8 = 0.0;
var b0 = 0.0, b1 = 0.0, b2 = 0.0, b3 = 0.0, b4 = 0.0, b5 = 0.0, b6 = 0.0, b7 = 0.0, b8 = 0.0, base0 = 0.0, base1 = 0.0;
a0 = +D[p >> 3]; a1 = +D[(p + 8) >> 3]; a2 = +D[(p + 16) >> 3]; a3 = +D[(p + 24) >> 3]; a4 = +D[(p + 32) >> 3];
a5 = +D[(p + 40) >> 3]; a6 = +D[(p + 48) >> 3]; a7 = +D[(p + 56) >> 3]; a8 = +D[(p + 64) >> 3];
b0 = +D[(p + 72) >> 3]; b1 = +D[(p + 80) >> 3]; b2 = +D[(p + 88) >> 3]; b3 = +D[(p + 96) >> 3]; b4 = +D[(p + 104) >> 3];
b5 = +D[(p + 112) >> 3]; b6 = +D[(p + 120) >> 3]; b7 = +D[(p + 128) >> 3]; b8 = +D[(p + 136) >> 3];
base0 = +D[(p + 144) >> 3]; base1 = +D[(p + 152) >> 3];
for (; (j0 | 0) < (n | 0); j0 = (j0 + 1) | 0) {
b = I[(j0 << 2) >> 2] | 0;
if ((b | 0) < (lo | 0)) break;
if ((b | 0) > (hi | 0)) break;
t = (+Y[(j0 << 2) >> 2] - c) * s;
D[(o0 + (j0 << 3)) >> 3] = (identity & 1) ? +Y[(j0 << 2) >> 2] : base0 + (a0 + t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * (a5 + t * (a6 + t * (a7 + t * a8))))))));
D[(o1 + (j0 << 3)) >> 3] = (identity & 2) ? +Y[(j0 << 2) >> 2] : base1 + (b0 + t * (b1 + t * (b2 + t * (b3 + t * (b4 + t * (b5 + t * (b6 + t * (b7 + t * b8))))))));
}
return j0 | 0;
}
function fill(first, n) {
first = first | 0; n = n | 0;
var j = 0, k = 0;
for (j = 0; (j | 0) < (n | 0); j = (j + 1) | 0) {
k = (first + j) | 0;
I[(j << 2) >> 2] = (k | 0) < 0 ? ((-1 - k) | 0) | -2147483648 : k;
}
}
return { run: run, fill: fill };
}`;

const kernelFactory = new Function(`return ${KERNEL};`)() as (stdlib: typeof globalThis, foreign: object, heap: ArrayBuffer) => {
  /** input[j] = the float32 of ordinal first + j (numerics/float32.ts), j < n. */
  fill(first: number, n: number): void;
  /** From j0, while the bits stay in [lo, hi]: returns where it stopped. */
  run(j0: number, n: number, lo: number, hi: number, o0: number, o1: number, p: number, c: number, s: number, identity: number): number;
};

export class SmoothPair {
  /** Inputs: the caller writes float32 values here, then calls evaluate(n). */
  readonly input: Float32Array;
  readonly out0: Float64Array;
  readonly out1: Float64Array;
  private readonly bits: Int32Array;
  private readonly coefficients: Float64Array;
  private readonly kernel: ReturnType<typeof kernelFactory>;
  private readonly offsets: { out0: number; out1: number; coefficients: number };
  /** The current window: float32 bit patterns (as int32) in [lo, hi]. */
  private lo = 1;
  private hi = 0;
  private exactMode = false;
  private center = 0;
  private inverseHalf = 0;
  /** Bit 0: out0 is the argument itself on this window; bit 1: out1 is. */
  private identity = 0;
  private readonly failed = new Set<number>();
  /** Windows interpolated, and values evaluated exactly (statistics for tests and tuning). */
  windows = 0;
  exactValues = 0;

  constructor(
    private readonly exact: ExactPair,
    private readonly domainLo: number,
    private readonly domainHi: number,
    readonly capacity = 4096,
  ) {
    if (!(Number.isInteger(capacity) && capacity >= 1 && capacity <= 1 << 20)) throw new RangeError(`SmoothPair: capacity must be an integer in [1, 2^20], got ${capacity}`);
    const out0 = 4 * capacity;
    const out1 = out0 + 8 * capacity;
    const coefficients = out1 + 8 * capacity;
    let bytes = 1 << 16;
    while (bytes < coefficients + 8 * COEFFICIENTS) bytes *= 2;
    const heap = new ArrayBuffer(bytes);
    this.input = new Float32Array(heap, 0, capacity);
    this.bits = new Int32Array(heap, 0, capacity);
    this.out0 = new Float64Array(heap, out0, capacity);
    this.out1 = new Float64Array(heap, out1, capacity);
    this.coefficients = new Float64Array(heap, coefficients, COEFFICIENTS);
    this.offsets = { out0, out1, coefficients };
    this.kernel = kernelFactory(globalThis, {}, heap);
  }

  /** input[j] = the float32 with ordinal first + j, for j < n: a run of consecutive float32. */
  fillOrdinals(first: number, n: number): void {
    if (!(n <= this.capacity)) throw new RangeError(`SmoothPair.fillOrdinals: n = ${n} exceeds the capacity ${this.capacity}`);
    this.kernel.fill(first, n);
  }

  /** out0[j], out1[j] at input[j] for j < n. Any order works; runs inside one window are fastest. */
  evaluate(n: number): void {
    const { input, bits, out0, out1 } = this;
    let j = 0;
    while (j < n) {
      const first = bits[j]!;
      if (!(first >= this.lo && first <= this.hi)) this.locate(first);
      const lo = this.lo;
      const hi = this.hi;
      if (this.exactMode) {
        let end = j + 1;
        while (end < n && bits[end]! >= lo && bits[end]! <= hi) end++;
        let last = NaN;
        let a = NaN;
        let b = NaN;
        for (; j < end; j++) {
          const v = input[j]!;
          if (!Object.is(v, last)) {
            [a, b] = this.exact(v);
            last = v;
            this.exactValues++;
          }
          out0[j] = a;
          out1[j] = b;
        }
      } else {
        j = this.kernel.run(j, n, lo, hi, this.offsets.out0, this.offsets.out1, this.offsets.coefficients, this.center, this.inverseHalf, this.identity);
      }
    }
  }

  /** Make the window holding bit pattern `b` current: the largest one that passes its checks. */
  private locate(b: number): void {
    const sign = b < 0 ? 1 : 0;
    const m = b & 0x7fffffff;
    for (let s = LARGEST; s >= SMALLEST; s--) {
      const block = m >>> s;
      const key = (s * 2 + sign) * 2 ** 31 + block;
      if (this.failed.has(key)) continue;
      const mLo = block << s;
      const mHi = mLo + (1 << s) - 1;
      if (this.tryWindow(sign, mLo, mHi)) {
        this.exactMode = false;
        this.setRange(sign, mLo, mHi);
        this.windows++;
        return;
      }
      this.failed.add(key);
    }
    const mLo = (m >>> SMALLEST) << SMALLEST;
    this.exactMode = true;
    this.setRange(sign, mLo, mLo + (1 << SMALLEST) - 1);
  }

  private setRange(sign: number, mLo: number, mHi: number): void {
    this.lo = sign ? mLo - 2 ** 31 : mLo;
    this.hi = sign ? mHi - 2 ** 31 : mHi;
  }

  /** Interpolate on the window of magnitudes [mLo, mHi] and check it; false if it fails. */
  private tryWindow(sign: number, mLo: number, mHi: number): boolean {
    if (mHi >= 0x7f800000) return false; // ±∞ and NaN patterns
    const s = sign ? 0x80000000 : 0;
    const e0 = float32FromBits(s + mLo);
    const e1 = float32FromBits(s + mHi);
    const a = Math.min(e0, e1);
    const z = Math.max(e0, e1);
    if (!(a > this.domainLo && z < this.domainHi)) return false;
    // An output that equals its argument at every exact evaluation (x = f⁻¹(y) = y in float64, far
    // in a right tail) is served as the argument itself, rather than to the rounding of an
    // interpolant of a value of 10^38.
    const cache = new Map<number, readonly [number, number]>();
    let identity0 = true;
    let identity1 = true;
    const at = (v: number) => {
      let r = cache.get(v);
      if (!r) {
        r = this.exact(v);
        cache.set(v, r);
        identity0 &&= r[0] === v;
        identity1 &&= r[1] === v;
      }
      return r;
    };
    // The interpolants carry the variation from the exact values at the center: a function that
    // is constant on the window is then served exactly, not to the rounding of its coefficients.
    const center = 0.5 * (a + z);
    const [base0, base1] = at(center);
    if (!(Number.isFinite(base0) && Number.isFinite(base1))) return false;
    const p0 = monomial(chebyshevCoefficients((v) => at(v)[0] - base0, a, z, DEGREE + 1));
    const p1 = monomial(chebyshevCoefficients((v) => at(v)[1] - base1, a, z, DEGREE + 1));
    const inverseHalf = 1 / (0.5 * (z - a));
    const within = (v: number) => {
      const [x0, x1] = at(v);
      const t = (v - center) * inverseHalf;
      return Math.abs(base0 + horner(p0, t) - x0) <= WINDOW_TOLERANCE_ULPS * ulpOfRounded32(x0) && Math.abs(base1 + horner(p1, t) - x1) <= WINDOW_TOLERANCE_ULPS * ulpOfRounded32(x1);
    };
    if (!within(a) || !within(z)) return false;
    for (const t of CHECKS) if (!within(center + (0.5 * (z - a)) * t)) return false;
    this.identity = (identity0 ? 1 : 0) | (identity1 ? 2 : 0);
    this.coefficients.set(p0, 0);
    this.coefficients.set(p1, DEGREE + 1);
    this.coefficients[2 * (DEGREE + 1)] = base0;
    this.coefficients[2 * (DEGREE + 1) + 1] = base1;
    this.center = center;
    this.inverseHalf = inverseHalf;
    return true;
  }
}
