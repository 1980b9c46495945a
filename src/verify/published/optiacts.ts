/**
 * The published approximations of the method (optiacts), reproduced from their constants for
 * comparison only: PgLoLo/optiacts, optiacts/gelu_impl.py and optiacts/silu_impl.py (commit
 * 9b50ea8), the code of arXiv 2407.15545 "Inverted Activations". They map (y, left-branch bit)
 * to f'(x) in one hand-fitted formula per branch. There is none for GELU-tanh.
 *
 * Evaluated in float32 (every operation rounded), as a float32 kernel would: written in asm.js, so
 * float32 arithmetic is native, while exp and pow are the same float64 Math.exp and Math.pow as
 * JavaScript's, rounded once. The end-to-end sweep runs them in batches; the scalar functions
 * serve everyone else.
 *
 * Two shortcuts keep the end-to-end sweep over every float32 x affordable, each with the value of
 * the formula as written: fl32(t³) comes from the exact cube (t·t is exact, and splitting it into
 * a float32 and a remainder makes both products exact, so only their sum rounds, by 2^-53), which
 * rounds like Math.pow(t, 3) (error below 1 float64 ulp) unless the cube lies within 2^-40 of a
 * float32 rounding boundary, where Math.pow itself is taken; and exp of the cubic is 0 beyond
 * the right branch's `Zero` (below).
 */
import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal } from '../../numerics/float32.js';

const GELU = {
  yMin: -0.16997120747990369,
  leftDelta: 0.16997120747990369,
  leftAlpha: 0.44236329315571304,
  leftBeta: 0.8312705290392689,
  leftA: -0.2964121012745849,
  leftB: 0.0012176597919768537,
  expMean: -2.1198850898439496,
  expStd: 0.03214673676937606,
  bias: -1.383717971214795,
  sqrCoeff: 1.5584201843500274,
  linearCoeff: 0.04404574801811055,
};

const SILU = {
  yMin: -0.2784645427610738,
  leftSqrt: -0.5076843705082636,
  p0: 0.3574942048593756,
  p1: 0.07963139766917564,
  p2: 0.21717700759576886,
  expMean: -5.770613302664509,
  expStd: 0.0026961639850448835,
  bias: -1.3108564021309803,
  sqrCoeff: 0.8485896470316523,
  linearCoeff: -0.16299051259510922,
};

/** fround of a published constant (they are decimal float64 literals). */
function c(v: number): string {
  const s = String(v);
  return `fround(${s.includes('.') ? s : `${s}.0`})`;
}

/**
 * The right branches share one form: 1 + (bias + a·√v + b·v)·exp((mean − v)³·std), with v = y − y_min
 * (clamped at 0 for GELU; not for SiLU, as published: y rounded below the minimum gives NaN).
 */
function rightForm(k: typeof GELU | typeof SILU, v: string, name: string): string[] {
  return [
    `if (+${v} >= ${name}Zero) e = fround(0.0);`,
    `else e = fround(exp(+fround(${name}Exponent(${v}))));`,
    `p = fround(fround(${c(k.bias)} + fround(${c(k.sqrCoeff)} * fround(sqrt(${v})))) + fround(${c(k.linearCoeff)} * ${v}));`,
    's = fround(fround(1.0) + fround(p * e));',
  ];
}

const SOURCE = `function Optiacts(stdlib, foreign, heap) {
"use asm";
var fround = stdlib.Math.fround;
var sqrt = stdlib.Math.sqrt;
var exp = stdlib.Math.exp;
var pow = stdlib.Math.pow;
var min = stdlib.Math.min;
var max = stdlib.Math.max;
var nan = stdlib.NaN;
var Y = new stdlib.Float32Array(heap);
var geluZero = +foreign.geluZero;
var siluZero = +foreign.siluZero;
function cube(t) {
t = fround(t);
var a = 0.0, h = 0.0, s = 0.0, q = 0.0;
a = +t * +t;
h = +fround(a);
s = h * +t + (a - h) * +t;
q = s * 9.094947017729282e-13;
if (fround(s - q) == fround(s + q)) return fround(s);
return fround(pow(+t, 3.0));
}
function geluExponent(v) {
v = fround(v);
return fround(fround(cube(fround(${c(GELU.expMean)} - v))) * ${c(GELU.expStd)});
}
function siluExponent(v) {
v = fround(v);
return fround(fround(cube(fround(${c(SILU.expMean)} - v))) * ${c(SILU.expStd)});
}
function gelu(y, left) {
y = fround(y); left = left | 0;
var u = fround(0), v = fround(0), e = fround(0), p = fround(0), s = fround(0);
if (left) {
u = fround(min(+max(+fround(fround(y - ${c(GELU.yMin)}) / ${c(GELU.leftDelta)}), 0.0), 1.0));
return fround(${c(GELU.leftB)} + fround(fround(${c(GELU.leftA)} * fround(pow(+u, +${c(GELU.leftAlpha)}))) * fround(pow(+fround(1.0 - +u), +${c(GELU.leftBeta)}))));
}
v = fround(max(+fround(y - ${c(GELU.yMin)}), 0.0));
${rightForm(GELU, 'v', 'gelu').join('\n')}
return s;
}
function silu(y, left) {
y = fround(y); left = left | 0;
var d = fround(0), e = fround(0), p = fround(0), s = fround(0);
d = fround(y - ${c(SILU.yMin)});
if (left) {
s = fround(fround(${c(SILU.leftSqrt)} * fround(sqrt(d))) + fround(fround(fround(fround(${c(SILU.p0)} * d) + ${c(SILU.p1)}) * d) + ${c(SILU.p2)}));
} else {
${rightForm(SILU, 'd', 'silu').join('\n')}
}
return fround(fround(s * fround(1.0 - +y)) + y);
}
function batch(which, n, left, out) {
which = which | 0; n = n | 0; left = left | 0; out = out | 0;
var i = 0, y = fround(0), last = fround(0), value = fround(0);
last = fround(nan);
for (i = 0; (i | 0) < (n | 0); i = (i + 1) | 0) {
y = fround(Y[(i << 2) >> 2]);
// Runs of one y (y = −0 for a billion x in a left tail) are evaluated once.
if (y != last) {
if (which) value = fround(silu(y, left));
else value = fround(gelu(y, left));
last = y;
}
Y[(out + (i << 2)) >> 2] = value;
}
}
return { gelu: gelu, silu: silu, batch: batch, geluExponent: geluExponent, siluExponent: siluExponent };
}`;

interface Module {
  gelu(y: number, left: number): number;
  silu(y: number, left: number): number;
  batch(which: number, n: number, left: number, out: number): void;
  geluExponent(v: number): number;
  siluExponent(v: number): number;
}

interface Zeros {
  readonly geluZero: number;
  readonly siluZero: number;
}

const factory = new Function(`return ${SOURCE};`)() as (s: typeof globalThis, f: Zeros, h: ArrayBuffer) => Module;

/**
 * Where exp((mean − v)³·std) is 0 in float32 for every larger v (its float32 exponent ≤ −110, far
 * below ln 2^-150 ≈ −104: a margin that the ulp-level wiggles of pow cannot cross, and each step
 * is monotone in v otherwise). The right branches skip exp and pow there (a billion y of the
 * right tail), with the same result: 1 + p·0 = 1.
 */
function zeros(): Zeros {
  const probe = factory(globalThis, { geluZero: Infinity, siluZero: Infinity }, new ArrayBuffer(1 << 16));
  const zero = (exponent: (v: number) => number) => float32FromOrdinal(firstOrdinalWhere(0, float32Ordinal(1e6), (v) => exponent(v) <= -110));
  return { geluZero: zero(probe.geluExponent), siluZero: zero(probe.siluExponent) };
}

const ZEROS = zeros();
const instantiate = (heap: ArrayBuffer) => factory(globalThis, ZEROS, heap);
const scalar = instantiate(new ArrayBuffer(1 << 16));

/** optiacts GELU: f'(x) from y and the left-branch bit (1 when x < x_min). */
export function optiactsGeluGrad(y: number, left: number): number {
  return scalar.gelu(y, left ? 1 : 0);
}

/**
 * optiacts SiLU: the branches approximate σ(x), then f' = σ·(1 − y) + y. No clamp: y below the
 * minimum gives NaN (sqrt of a negative), as published.
 */
export function optiactsSiluGrad(y: number, left: number): number {
  return scalar.silu(y, left ? 1 : 0);
}

/** The activations with a published approximation. */
export const PUBLISHED_NAMES = ['gelu', 'silu'] as const;

/** A batch evaluator: write y[0..n), run(n, bit), read out[0..n). */
export interface PublishedBatch {
  readonly y: Float32Array;
  readonly out: Float32Array;
  run(n: number, bit: number): void;
}

export function publishedBatch(name: string, capacity: number): PublishedBatch | undefined {
  const which = PUBLISHED_NAMES.indexOf(name as (typeof PUBLISHED_NAMES)[number]);
  if (which < 0) return undefined;
  let bytes = 1 << 16;
  while (bytes < 8 * capacity) bytes *= 2;
  const heap = new ArrayBuffer(bytes);
  const module = instantiate(heap);
  return { y: new Float32Array(heap, 0, capacity), out: new Float32Array(heap, 4 * capacity, capacity), run: (n, bit) => module.batch(which, n, bit ? 1 : 0, 4 * capacity) };
}
