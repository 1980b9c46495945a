import type { Activation } from '../../functions/activation.js';
import type { Fit } from '../../fit/fit-file.js';
import { lowerFit } from '../../ir/lower.js';
import { formatFloat32 } from '../../numerics/float32.js';
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

interface Compiled {
  readonly models: readonly [Float32Batch, Float32Batch];
  readonly kernel: EndToEndKernel;
  readonly published: PublishedBatch | undefined;
}

const compiled = new WeakMap<EndToEndSetup, Compiled>();

function compiledOf(setup: EndToEndSetup): Compiled {
  let c = compiled.get(setup);
  if (!c) {
    c = {
      models: [compileBatch([lowerFit(setup.left.fit, 'model')], BATCH), compileBatch([lowerFit(setup.right.fit, 'model')], BATCH)],
      kernel: endToEndKernel(BATCH, candidatesOf(setup).length, setup.activation.xMin, setup.activation.yMin),
      published: candidatesOf(setup).length > 2 ? publishedBatch(setup.activation.name, BATCH) : undefined,
    };
    compiled.set(setup, c);
  }
  return c;
}

export function endToEndChunk(setup: EndToEndSetup, task: EndToEndTask): EndToEndStats {
  const { activation: a } = setup;
  const candidates = candidatesOf(setup);
  const { models, kernel, published } = compiledOf(setup);
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
      y[j] = a.f(xs[j]!);
    }
    // x rises with the ordinal: the left branch is a prefix of the batch.
    let split = 0;
    while (split < n && xs[split]! < a.xMin) split++;
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
