import { backwardBatch, forwardBatch } from '../families/batch.js';
import type { FamilyState } from './family-state.js';

/**
 * The typed-array loops behind the family kernels. Both variants share the forward (the generated
 * float32 f at the layer's parameters); they differ in what backward keeps: y and the packed
 * branch codes (k bits per element, DESIGN §1), or x.
 */
export function familyForward(s: FamilyState, x: Float32Array, y: Float32Array, codes?: Int32Array): void {
  const out = forwardBatch(s.kernels, x, s.block());
  y.set(out.y);
  codes?.set(new Int32Array(out.codes.buffer, out.codes.byteOffset, out.codes.length));
}

/** Packed int32 words for `elements` codes of the family's width. */
export function codeWords(s: FamilyState, elements: number): number {
  return Math.ceil((elements * s.kernels.codeBits) / 32);
}

/** The chain to the layer's weights: dθ_j = chain_j · Σ dy·∂f/∂(parameter j). */
function toWeights(s: FamilyState, sums: readonly number[], dWeights: Float32Array): void {
  sums.forEach((v, j) => (dWeights[j] = s.chain[j]! * v));
}

/**
 * Inverted: x = f⁻¹(y, code) from the generated parameter-aware inverse, dx = dy·g(y, code), and
 * the parameters' gradients from the recovered x (families/batch.ts).
 */
export function familyBackwardFromOutput(s: FamilyState, dy: Float32Array, y: Float32Array, codes: Int32Array, dx: Float32Array, dWeights: Float32Array): void {
  const out = backwardBatch(s.kernels, y, new Uint32Array(codes.buffer, codes.byteOffset, codes.length), dy, s.block());
  dx.set(out.dx);
  toWeights(s, out.dParams, dWeights);
}

/** Save-x: dx = dy·f'(x) and Σ dy·∂f/∂θ(x), exact in float64 (the baseline, as for the catalogue). */
export function familyBackwardFromInput(s: FamilyState, dy: Float32Array, x: Float32Array, dx: Float32Array, dWeights: Float32Array): void {
  const inst = s.instance;
  const names = s.kernels.parameters;
  const sums = names.map(() => 0);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const d = dy[i]!;
    dx[i] = d * inst.df(xi);
    const dp = inst.dParams(xi);
    for (let j = 0; j < names.length; j++) sums[j]! += d * dp[names[j]!]!;
  }
  toWeights(s, sums, dWeights);
}
