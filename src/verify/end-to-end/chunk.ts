import type { Activation } from '../../functions/activation.js';
import type { Fit } from '../../fit/fit-file.js';
import { lowerFit } from '../../ir/lower.js';
import { float32Bits, formatFloat32 } from '../../numerics/float32.js';
import { halfToNumber, halfValuesIn, type HalfDtype } from '../../numerics/half.js';
import { compileFunction } from '../../ir/interpret.js';
import { storedBits } from './runs.js';
import { compileBatch, type Float32Batch } from '../model/asm-js.js';
import { PUBLISHED_NAMES, publishedBatch, type PublishedBatch } from '../published/optiacts.js';
import { branchReference } from '../reference/branch.js';
import { SmoothPair } from '../reference/windows.js';
import { endToEndKernel, type EndToEndKernel } from './kernel.js';
import { clearPairs, emptyEndToEnd, type EndToEndStats } from './stats.js';

/**
 * The end-to-end sweep over float32 x: y = fl32(f(x)) and the branch bit (x < x_min), then
 * g(y, bit) against the exact f'(x), for
 * - "floor": the exact g of the rounded y, f'(f⁻¹(y)) on the bit's branch: what no function of
 *   (y, bit) can beat (the y-sweep's windowed reference, reference/branch.ts);
 * - "ours": the generated float32 code, as the asm.js model of its IR (checked against the emitted
 *   TypeScript on every CROSS_CHECK-th x);
 * - "published", where there is one: the optiacts approximation.
 *
 * f(x) and f'(x) come from exact evaluations interpolated over windows of float32 x (the same
 * windows as the reference's, reference/windows.ts: checked to 2^-16 ulp of f and of f'). Rounding
 * the interpolated f to float32 could differ from rounding the exact f only where f lies within
 * that error of a rounding boundary: wherever it lies within GUARD (kernel.ts, relative, over 30
 * times the checked error) of one, y is rounded from f(x) evaluated exactly. Where f underflows, y
 * is the zero of x's sign (f(x) = x·gate(x) with gate > 0 for every activation here).
 *
 * With grad fits for y stored as bf16 or fp16, y is f(x) rounded once to that dtype, and every
 * candidate is a function of (y's 16-bit pattern, bit): each is tabulated once over the 65,536
 * patterns (the floor from the activation's inverse, ours from the IR model, checked bit for bit
 * against the emitted TypeScript at every pattern) and looked up per x.
 */
export interface EndToEndTask {
  readonly first: number;
  readonly last: number;
}

export interface EndToEndSetup {
  readonly activation: Activation;
  /** The grad fits of both branches and their emitted TypeScript. */
  readonly left: { readonly fit: Fit; readonly run: (y: number) => number };
  readonly right: { readonly fit: Fit; readonly run: (y: number) => number };
  /** Whether to measure the published approximation too, where there is one (published/optiacts.ts). */
  readonly published: boolean;
}

const BATCH = 4096;
const CROSS_CHECK = 256;

/** The candidates measured for an activation: the floor, ours, and the published one where there is one. */
export function candidateNames(activation: string, published: boolean): string[] {
  return published && (PUBLISHED_NAMES as readonly string[]).includes(activation) ? ['floor', 'ours', 'published'] : ['floor', 'ours'];
}

function candidatesOf(setup: EndToEndSetup): string[] {
  return candidateNames(setup.activation.name, setup.published);
}

/** Candidates by 16-bit pattern, [left, right]; `key` maps float32 bits >>> 13 of a stored y to its pattern. */
interface HalfTables {
  readonly dtype: HalfDtype;
  readonly key: Uint16Array;
  readonly floor: readonly [Float64Array, Float64Array];
  readonly ours: readonly [Float32Array, Float32Array];
  readonly published: readonly [Float32Array, Float32Array] | undefined;
}

interface Compiled {
  readonly models: readonly [Float32Batch, Float32Batch];
  readonly kernel: EndToEndKernel;
  readonly published: PublishedBatch | undefined;
  readonly half: HalfTables | undefined;
}

const PATTERNS = 1 << 16;

function halfTables(setup: EndToEndSetup, dtype: HalfDtype, withPublished: boolean): HalfTables {
  const { activation: a } = setup;
  const grid = halfValuesIn(dtype, -Infinity, Infinity);
  const key = new Uint16Array(1 << 19);
  grid.values.forEach((v, i) => (key[float32Bits(v) >>> 13] = grid.bits[i]!));
  const values = Float32Array.from({ length: PATTERNS }, (_, p) => halfToNumber(dtype, p));
  const published = withPublished ? publishedBatch(a.name, PATTERNS) : undefined;
  const sides = (['left', 'right'] as const).map((branch, side) => {
    const { fit, run } = side === 0 ? setup.left : setup.right;
    const model = compileFunction(lowerFit(fit, 'model'));
    const floor = new Float64Array(PATTERNS);
    const ours = new Float32Array(PATTERNS);
    for (let p = 0; p < PATTERNS; p++) {
      const v = values[p]!;
      floor[p] = a.gradFromOutput(v, branch);
      ours[p] = model(v);
      if (!Object.is(run(v), ours[p]!) && !Number.isNaN(v)) {
        throw new Error(`end to end: the IR model and the emitted TypeScript differ for ${a.name} ${branch} grad ${dtype} at y = ${formatFloat32(v)}`);
      }
    }
    let pub: Float32Array | undefined;
    if (published) {
      published.y.set(values);
      published.run(PATTERNS, side === 0 ? 1 : 0);
      pub = Float32Array.from(published.out);
    }
    return { floor, ours, pub };
  });
  return {
    dtype,
    key,
    floor: [sides[0]!.floor, sides[1]!.floor],
    ours: [sides[0]!.ours, sides[1]!.ours],
    published: published ? [sides[0]!.pub!, sides[1]!.pub!] : undefined,
  };
}

const compiled = new WeakMap<EndToEndSetup, Compiled>();

function compiledOf(setup: EndToEndSetup): Compiled {
  let c = compiled.get(setup);
  if (!c) {
    const dtype = setup.left.fit.dtype === 'float32' ? undefined : setup.left.fit.dtype;
    const withPublished = candidatesOf(setup).length > 2;
    c = {
      models: [compileBatch([lowerFit(setup.left.fit, 'model')], BATCH), compileBatch([lowerFit(setup.right.fit, 'model')], BATCH)],
      kernel: endToEndKernel(BATCH, candidatesOf(setup).length, setup.activation.xMin, setup.activation.yMin, dtype),
      published: withPublished ? publishedBatch(setup.activation.name, BATCH) : undefined,
      half: dtype ? halfTables(setup, dtype, withPublished) : undefined,
    };
    compiled.set(setup, c);
  }
  return c;
}

export function endToEndChunk(setup: EndToEndSetup, task: EndToEndTask): EndToEndStats {
  const { activation: a } = setup;
  const candidates = candidatesOf(setup);
  const { models, kernel, published, half } = compiledOf(setup);
  const yBits = new Uint32Array(kernel.y.buffer, kernel.y.byteOffset, BATCH);
  [kernel.xPairs, kernel.nearPairs, ...kernel.yPairs].forEach(clearPairs);
  const fx = new SmoothPair((x) => [a.f(x), a.df(x)], -Infinity, Infinity, BATCH);
  const fxBits = new Int32Array(fx.input.buffer, fx.input.byteOffset, BATCH);
  const references = [branchReference(a, 'left'), branchReference(a, 'right')] as const;
  const { x: xs, xBits, y } = kernel;
  let values = 0;
  for (let k0 = task.first; k0 <= task.last; k0 += BATCH) {
    const n = Math.min(BATCH, task.last - k0 + 1);
    fx.fillOrdinals(k0, n);
    fx.evaluate(n);
    xBits.set(fxBits.subarray(0, n));
    kernel.f.set(fx.out0.subarray(0, n));
    kernel.df.set(fx.out1.subarray(0, n));
    const exact = kernel.round(n);
    for (let i = 0; i < exact; i++) {
      const j = kernel.exactList[i]!;
      y[j] = half ? halfToNumber(half.dtype, storedBits(a, half.dtype, xs[j]!)) : a.f(xs[j]!);
    }
    // x rises with the ordinal: the left branch is a prefix of the batch.
    let split = 0;
    while (split < n && xs[split]! < a.xMin) split++;
    if (half) {
      for (let j = 0; j < n; j++) {
        const side = j < split ? 0 : 1;
        const p = half.key[yBits[j]! >>> 13]!;
        kernel.floor[j] = half.floor[side][p]!;
        kernel.ours[j] = half.ours[side][p]!;
        if (half.published) kernel.published[j] = half.published[side][p]!;
      }
      if (split > 0) kernel.fold(0, split, 1);
      if (split < n) kernel.fold(split, n, 0);
      values += n;
      continue;
    }
    for (let bit = 1; bit >= 0; bit--) {
      const [j0, j1] = bit ? [0, split] : [split, n];
      const m = j1 - j0;
      if (m === 0) continue;
      const part = y.subarray(j0, j1);
      const model = models[bit ? 0 : 1];
      model.y.set(part);
      model.run(m);
      kernel.ours.set(model.outputs[0]!.subarray(0, m), j0);
      const shipped = bit ? setup.left.run : setup.right.run;
      for (let i = 0; i < m; i += CROSS_CHECK) {
        if (!Object.is(shipped(part[i]!), kernel.ours[j0 + i]!)) {
          throw new Error(`end to end: the asm.js model and the emitted TypeScript differ for ${a.name} ${bit ? 'left' : 'right'} grad at y = ${formatFloat32(part[i]!)}`);
        }
      }
      const reference = references[bit ? 0 : 1];
      reference.input.set(part);
      reference.evaluate(m);
      kernel.floor.set(reference.out1.subarray(0, m), j0);
      if (published) {
        published.y.set(part);
        published.run(m, bit);
        kernel.published.set(published.out.subarray(0, m), j0);
      }
      kernel.fold(j0, j1, bit as 0 | 1);
    }
    values += n;
  }
  const stats = emptyEndToEnd(candidates);
  stats.values = values;
  stats.x.set(kernel.xPairs);
  stats.near.set(kernel.nearPairs);
  stats.yLeft.set(kernel.yPairs[0]);
  stats.yRight.set(kernel.yPairs[1]);
  return stats;
}
