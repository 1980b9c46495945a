import { NEAR_BINS, NEAR_HALF_WIDTH, X_BINS, Y_BINS } from './bins.js';
import { clearPairs } from './stats.js';

/**
 * The per-x work of the end-to-end sweep, in asm.js (compiled to WebAssembly: float32 rounding and
 * the bookkeeping cost a fraction of what they cost in JavaScript):
 *
 * - round(n): y = fl32(f) from the interpolated f, unless f lies within GUARD (relative) of a
 *   float32 rounding boundary: those x are listed for the caller to round from f evaluated exactly;
 *   a zero takes the sign of x;
 * - fold(j0, j1, branchCode): the errors |g − f'(x)| of each candidate (floor, ours,
 *   published) for x[j0..j1), into the bins of bins.ts: x binade, near the minimum, y − y_min.
 *
 * The bins use the same rules as bins.ts (xBin, yBin, near); tests check the two agree.
 */
export const GUARD = 2 ** -34;

/** Views on the kernel's heap: inputs the caller fills, outputs it reads. */
export interface EndToEndKernel {
  readonly capacity: number;
  /** x as float32 (and its bits). */
  readonly x: Float32Array;
  readonly xBits: Int32Array;
  /** Interpolated f(x) and f'(x). */
  readonly f: Float64Array;
  readonly df: Float64Array;
  /** y = fl32(f(x)), after round. */
  readonly y: Float32Array;
  /** Indices (from round) whose y needs the exact f. */
  readonly exactList: Int32Array;
  /** Candidate values at each x: the floor (float64), ours and the published one (float32). */
  readonly floor: Float64Array;
  readonly ours: Float32Array;
  readonly published: Float32Array;
  /** [max, x] pairs per candidate and bin, as in stats.ts. */
  readonly xPairs: Float64Array;
  readonly nearPairs: Float64Array;
  readonly yPairs: readonly [Float64Array, Float64Array];
  /** Returns how many indices it wrote to exactList. */
  round(n: number): number;
  fold(j0: number, j1: number, branchCode: 0 | 1): void;
}

function layout(capacity: number, candidates: number) {
  let at = 0;
  const take = (bytes: number) => {
    const start = at;
    at += Math.ceil(bytes / 8) * 8;
    return start;
  };
  const o = {
    x: take(4 * capacity),
    f: take(8 * capacity),
    df: take(8 * capacity),
    y: take(4 * capacity),
    exactList: take(4 * capacity),
    floor: take(8 * capacity),
    ours: take(4 * capacity),
    published: take(4 * capacity),
    scratch: take(8),
    xPairs: take(16 * candidates * X_BINS),
    nearPairs: take(16 * candidates * NEAR_BINS),
    yLeft: take(16 * candidates * Y_BINS),
    yRight: take(16 * candidates * Y_BINS),
  };
  let bytes = 1 << 16;
  while (bytes < at) bytes *= 2;
  return { o, bytes };
}

/** The error of one candidate at x, folded into its three bins (a bin's [max, x] pair at p). */
function candidateCode(o: ReturnType<typeof layout>['o'], c: number, value: string): string {
  const put = (pairs: string, bins: number, bin: string) => [
    `p = (${pairs} + ((${c * bins} + ${bin}) << 4)) | 0;`,
    'if (e > +D[p >> 3]) { D[p >> 3] = e; D[(p + 8) >> 3] = x; }',
  ];
  return [
    `g = ${value};`,
    'e = g == d ? 0.0 : +abs(g - d);',
    'if (e != e) e = inf;',
    ...put(String(o.xPairs), X_BINS, 'xb'),
    ...put('yPairs', Y_BINS, 'yb'),
    'if ((nb | 0) >= 0) {',
    ...put(String(o.nearPairs), NEAR_BINS, 'nb'),
    '}',
  ].join('\n');
}

function source(o: ReturnType<typeof layout>['o'], candidates: number, xMin: number, yMin: number): string {
  const values = [`+D[(${o.floor} + (j << 3)) >> 3]`, `+F32[(${o.ours} + (j << 2)) >> 2]`, `+F32[(${o.published} + (j << 2)) >> 2]`];
  const CANDIDATES = values.slice(0, candidates).map((v, c) => candidateCode(o, c, v)).join('\n');
  const near = `${NEAR_BINS}.0 / ${(2 * NEAR_HALF_WIDTH).toFixed(1)}`;
  return `function EndToEndKernel(stdlib, foreign, heap) {
"use asm";
var fround = stdlib.Math.fround;
var abs = stdlib.Math.abs;
var floor = stdlib.Math.floor;
var imul = stdlib.Math.imul;
var inf = stdlib.Infinity;
var F32 = new stdlib.Float32Array(heap);
var I32 = new stdlib.Int32Array(heap);
var U32 = new stdlib.Uint32Array(heap);
var D = new stdlib.Float64Array(heap);
function round(n) {
n = n | 0;
var j = 0, count = 0;
var v = 0.0, g = 0.0, r = fround(0);
for (j = 0; (j | 0) < (n | 0); j = (j + 1) | 0) {
v = +D[(${o.f} + (j << 3)) >> 3];
g = ${GUARD} * +abs(v);
r = fround(v);
if (fround(v - g) != fround(v + g)) {
I32[(${o.exactList} + (count << 2)) >> 2] = j;
count = (count + 1) | 0;
} else if (r == fround(0.0)) {
r = (I32[(${o.x} + (j << 2)) >> 2] | 0) < 0 ? fround(-0.0) : fround(0.0);
}
F32[(${o.y} + (j << 2)) >> 2] = r;
}
return count | 0;
}
function fold(j0, j1, code) {
j0 = j0 | 0; j1 = j1 | 0; code = code | 0;
var j = 0, bits = 0, xb = 0, yb = 0, nb = 0, p = 0, yPairs = 0, hi = 0;
var x = 0.0, d = 0.0, g = 0.0, e = 0.0, t = 0.0, dy = 0.0;
yPairs = (code | 0) == 1 ? ${o.yLeft} : ${o.yRight};
for (j = j0; (j | 0) < (j1 | 0); j = (j + 1) | 0) {
bits = I32[(${o.x} + (j << 2)) >> 2] | 0;
x = +F32[(${o.x} + (j << 2)) >> 2];
d = +D[(${o.df} + (j << 3)) >> 3];
xb = ((bits >>> 23) & 255) + ((bits | 0) < 0 ? 256 : 0) | 0;
dy = +F32[(${o.y} + (j << 2)) >> 2] - (${yMin});
if (!(dy > ${2 ** -30})) yb = 0;
else if (dy >= 256.0) yb = ${Y_BINS - 1};
else {
D[${o.scratch} >> 3] = dy;
hi = U32[(${o.scratch} + 4) >> 2] | 0;
yb = ((((hi >>> 20) & 2047) - ${1023 - 30}) << 2) + ((hi >>> 18) & 3) + 1 | 0;
}
t = x - (${xMin - NEAR_HALF_WIDTH});
nb = -1;
if (t >= 0.0) if (t < ${(2 * NEAR_HALF_WIDTH).toFixed(1)}) {
nb = ~~floor(t * (${near}));
if ((nb | 0) > ${NEAR_BINS - 1}) nb = ${NEAR_BINS - 1};
}
${CANDIDATES}
}
}
return { round: round, fold: fold };
}`;
}

export function endToEndKernel(capacity: number, candidates: number, xMin: number, yMin: number): EndToEndKernel {
  const { o, bytes } = layout(capacity, candidates);
  const heap = new ArrayBuffer(bytes);
  const k = (new Function(`return ${source(o, candidates, xMin, yMin)};`)() as (s: typeof globalThis, f: object, h: ArrayBuffer) => { round(n: number): number; fold(j0: number, j1: number, code: number): void })(globalThis, {}, heap);
  const pairs = (offset: number, bins: number) => clearPairs(new Float64Array(heap, offset, 2 * candidates * bins));
  return {
    capacity,
    x: new Float32Array(heap, o.x, capacity),
    xBits: new Int32Array(heap, o.x, capacity),
    f: new Float64Array(heap, o.f, capacity),
    df: new Float64Array(heap, o.df, capacity),
    y: new Float32Array(heap, o.y, capacity),
    exactList: new Int32Array(heap, o.exactList, capacity),
    floor: new Float64Array(heap, o.floor, capacity),
    ours: new Float32Array(heap, o.ours, capacity),
    published: new Float32Array(heap, o.published, capacity),
    xPairs: pairs(o.xPairs, X_BINS),
    nearPairs: pairs(o.nearPairs, NEAR_BINS),
    yPairs: [pairs(o.yLeft, Y_BINS), pairs(o.yRight, Y_BINS)],
    round: (n) => k.round(n),
    fold: (j0, j1, code) => k.fold(j0, j1, code),
  };
}
