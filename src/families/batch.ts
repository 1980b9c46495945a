import * as generated from '../../generated/ts/families/index.js';

/**
 * The trainable families' runtime API over typed arrays, for a layer (TensorFlow.js or other) to
 * call directly. Per step: p = kernels.params(θ…) once on the host; forward gives y and the packed
 * branch codes; backward takes y, the codes and dy and gives dx and Σ dy·∂f/∂θ (what the
 * parameter's gradient needs x for, recovered here from y and the code).
 *
 * Codes are packed k bits per element (k = codeBits: 1 for xATLU, 2 for xSiLU, xGELU and xIELU,
 * whose third code is its forward's clamp line): element i in word (i·k) >>> 5 at bit (i·k) & 31, least significant first (DESIGN §1).
 */

type PerElement = (y: number, code: number, p: Float32Array) => number;
type OfX = (x: number, p: Float32Array) => number;

export interface FamilyKernels {
  readonly name: string;
  readonly codeBits: 1 | 2;
  /** The trainable parameters' names, in the order `params` takes them and `backward` sums them. */
  readonly parameters: readonly string[];
  /** The parameter block (float64 work on the host, once per call). */
  params(...theta: number[]): Float32Array;
  readonly forward: OfX;
  readonly code: OfX;
  readonly inverse: PerElement;
  readonly grad: PerElement;
  readonly dParams: readonly OfX[];
}

const g = generated;
const KERNELS: Readonly<Record<string, FamilyKernels>> = {
  xsilu: { name: 'xsilu', codeBits: 2, parameters: ['alpha'], params: (a) => g.xsiluParams(a!), forward: g.xsiluForward, code: g.xsiluCode, inverse: g.xsiluInverse, grad: g.xsiluGradFromOutput, dParams: [g.xsiluDalpha] },
  xgelu: { name: 'xgelu', codeBits: 2, parameters: ['alpha'], params: (a) => g.xgeluParams(a!), forward: g.xgeluForward, code: g.xgeluCode, inverse: g.xgeluInverse, grad: g.xgeluGradFromOutput, dParams: [g.xgeluDalpha] },
  xatlu: { name: 'xatlu', codeBits: 1, parameters: ['alpha'], params: (a) => g.xatluParams(a!), forward: g.xatluForward, code: g.xatluCode, inverse: g.xatluInverse, grad: g.xatluGradFromOutput, dParams: [g.xatluDalpha] },
  xielu: { name: 'xielu', codeBits: 2, parameters: ['alpha_p', 'alpha_n'], params: (ap, an) => g.xieluParams(ap!, an!), forward: g.xieluForward, code: g.xieluCode, inverse: g.xieluInverse, grad: g.xieluGradFromOutput, dParams: [g.xieluDalphaP, g.xieluDalphaN] },
};

/** The kernels of a family; a RangeError names the allowed ones. */
export function familyKernels(name: string): FamilyKernels {
  const k = KERNELS[name];
  if (!k) throw new RangeError(`familyKernels: unknown family ${JSON.stringify(name)}; allowed: ${Object.keys(KERNELS).join(', ')}`);
  return k;
}

function checkBits(bits: number, where: string): asserts bits is 1 | 2 {
  if (bits !== 1 && bits !== 2) throw new RangeError(`${where}: bits must be 1 or 2, got ${String(bits)}`);
}

/** Pack codes (each < 2^bits) k bits per element. */
export function packCodes(codes: ArrayLike<number>, bits: number): Uint32Array {
  checkBits(bits, 'packCodes');
  const words = new Uint32Array(Math.ceil((codes.length * bits) / 32));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (!(Number.isInteger(c) && c >= 0 && c < 1 << bits)) throw new RangeError(`packCodes: code ${i} must be an integer in [0, ${(1 << bits) - 1}], got ${c}`);
    words[(i * bits) >>> 5]! |= c << ((i * bits) & 31);
  }
  return words;
}

/** The first `length` codes of a packed mask. */
export function unpackCodes(words: Uint32Array, length: number, bits: number): Uint8Array {
  checkBits(bits, 'unpackCodes');
  if (!(words instanceof Uint32Array)) throw new TypeError('unpackCodes: words must be a Uint32Array');
  if (!Number.isInteger(length) || length < 0 || length * bits > words.length * 32) {
    throw new RangeError(`unpackCodes: length must be an integer in [0, ${Math.floor((words.length * 32) / bits)}] for ${words.length} words of ${bits}-bit codes, got ${length}`);
  }
  const out = new Uint8Array(length);
  const mask = (1 << bits) - 1;
  for (let i = 0; i < length; i++) out[i] = (words[(i * bits) >>> 5]! >>> ((i * bits) & 31)) & mask;
  return out;
}

function checkBlock(k: FamilyKernels, p: Float32Array, where: string): void {
  if (!(p instanceof Float32Array)) throw new TypeError(`${where}: the parameter block must be the Float32Array from ${k.name}'s params()`);
}

/** y = f(x) and the packed branch codes of x, as the forward kernel computes them. */
export function forwardBatch(k: FamilyKernels, x: Float32Array, p: Float32Array): { y: Float32Array; codes: Uint32Array } {
  if (!(x instanceof Float32Array)) throw new TypeError('forwardBatch: x must be a Float32Array');
  checkBlock(k, p, 'forwardBatch');
  const y = new Float32Array(x.length);
  const codes = new Uint32Array(Math.ceil((x.length * k.codeBits) / 32));
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    y[i] = k.forward(xi, p);
    codes[(i * k.codeBits) >>> 5]! |= k.code(xi, p) << ((i * k.codeBits) & 31);
  }
  return { y, codes };
}

/**
 * dx = dy·f'(f⁻¹(y, code)) elementwise, and for each parameter θ_j the sum Σ dy·∂f/∂θ_j(x) with
 * x = f⁻¹(y, code) (float64 sum; chain through softplus etc. is the caller's).
 */
export function backwardBatch(k: FamilyKernels, y: Float32Array, codes: Uint32Array, dy: Float32Array, p: Float32Array): { dx: Float32Array; dParams: number[] } {
  if (!(y instanceof Float32Array) || !(dy instanceof Float32Array)) throw new TypeError('backwardBatch: y and dy must be Float32Arrays');
  if (dy.length !== y.length) throw new RangeError(`backwardBatch: dy has ${dy.length} elements, y has ${y.length}`);
  checkBlock(k, p, 'backwardBatch');
  const c = unpackCodes(codes, y.length, k.codeBits);
  const dx = new Float32Array(y.length);
  const sums = k.dParams.map(() => 0);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const d = dy[i]!;
    dx[i] = d * k.grad(yi, c[i]!, p);
    const x = k.inverse(yi, c[i]!, p);
    for (let j = 0; j < sums.length; j++) sums[j]! += d * k.dParams[j]!(x, p);
  }
  return { dx, dParams: sums };
}
