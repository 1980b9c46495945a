import type { Activation } from '../../functions/activation.js';
import { compileToJs } from '../../codegen/typescript.js';
import type { Fit } from '../../fit/fit-file.js';
import { overBound, ulpsError } from '../../fit/measure.js';
import { lowerFit, lowTails } from '../../ir/lower.js';
import { formatFloat32 } from '../../numerics/float32.js';
import { compileBatch, type Float32Batch } from '../model/asm-js.js';
import { BranchReference } from '../../fit/reference.js';
import { branchReference } from '../reference/branch.js';
import { regionNames, type FitStats, type RegionStats } from './stats.js';

/**
 * The inner loop of the exhaustive sweep: every float32 y of an ordinal range (or every
 * `stride`-th), the generated code in both its arithmetics against a float64 reference.
 *
 * Batch by batch: the fits run in float32 as one asm.js model of their IR (model/asm-js.ts), and in
 * float64 as the emitted TypeScript that ships (codegen/typescript.ts), on every y; the reference
 * comes from exact evaluations interpolated over windows of consecutive float32 y and checked
 * against more exact evaluations (reference/windows.ts; for sparse samples, Newton on f from the
 * previous sample's root, fit/reference.ts), and the errors are folded into per-region
 * statistics. Every CROSS_CHECK-th y also runs through the float32 TypeScript emission (`run32`),
 * which must agree with the model bit for bit: the sweep measures the code that ships.
 */
export interface ChunkTask {
  readonly first: number;
  readonly last: number;
  readonly stride: number;
}

export interface Approximations {
  /** The fits of one branch, and their emitted TypeScript compiled in each arithmetic. */
  readonly fits: readonly { readonly fit: Fit; readonly run32: (y: number) => number; readonly run64: (y: number) => number }[];
}

/** A branch's fits with their emitted TypeScript compiled in both arithmetics. */
export function approximationsOf(fits: readonly Fit[]): Approximations {
  return {
    fits: fits.map((fit) => {
      const fn = lowerFit(fit, 'approximation');
      return { fit, run32: compileToJs(fn, 'float32'), run64: compileToJs(fn, 'float64') };
    }),
  };
}

const BATCH = 4096;
const CROSS_CHECK = 256;

/** Per region: max ulps, its y, max abs, its y, values over the bound, first y over, count. */
const FIELDS = 7;

/** The model of each approximation set, compiled once. */
const models = new WeakMap<Approximations, Float32Batch>();

function modelOf(approx: Approximations): Float32Batch {
  let model = models.get(approx);
  if (!model) {
    model = compileBatch(
      approx.fits.map((a) => lowerFit(a.fit, 'model')),
      BATCH,
    );
    models.set(approx, model);
  }
  return model;
}

export function regionOf(fit: Fit, yv: number): number {
  const tails = fit.tails;
  for (let k = 0; k < tails.length; k++) if (yv >= tails[k]!.from) return fit.segments.length + k;
  const low = fit.lowTails ? lowTails(fit) : undefined;
  if (low) for (let k = 0; k < low.length; k++) if (yv < low[k]!.below) return fit.segments.length + tails.length + k;
  const segments = fit.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (yv >= segments[mid]!.lo) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * A lower bound on ulpOfRounded32(e) / |e| for every e: ulp32(fl32(e)) > |fl32(e)|·2^-24 ≥
 * |e|·2^-24·(1 − 2^-24) for normal values, and 2^-149 ≥ |e|·2^-24 below them.
 */
const ULP_PER_MAGNITUDE = 2 ** -24 * (1 - 2 ** -23);

/**
 * Fold the errors of y[j0..j1) into region r of table t. The error rule is ulpsError/overBound
 * (shared with the fitter); it is applied to every y whose absolute error could raise the region's
 * maximum or break the bound. The others are skipped by a test that needs no ulp:
 * abs ≤ limit·|e|·ULP_PER_MAGNITUDE implies ulps ≤ limit.
 */
function accumulate(t: Float64Array, r: number, y: Float32Array, got: Float32Array, reference: Float64Array, j0: number, j1: number, bound: Fit['bound']): void {
  let maxUlps = t[r]!;
  let atUlps = t[r + 1]!;
  let maxAbs = t[r + 2]!;
  let atAbs = t[r + 3]!;
  let over = t[r + 4]!;
  let firstOver = t[r + 5]!;
  const absBound = bound.abs;
  const boundUlps = bound.ulps;
  let limit = Math.min(maxUlps, boundUlps) * ULP_PER_MAGNITUDE;
  for (let j = j0; j < j1; j++) {
    const g = got[j]!;
    const e = reference[j]!;
    const abs = g === e ? 0 : Math.abs(g - e);
    if (abs > maxAbs) {
      maxAbs = abs;
      atAbs = y[j]!;
    }
    const magnitude = Math.abs(e);
    if (abs <= limit * magnitude && magnitude > absBound) continue;
    const ulps = ulpsError(g, e, absBound);
    if (ulps > maxUlps) {
      maxUlps = ulps;
      atUlps = y[j]!;
      limit = Math.min(maxUlps, boundUlps) * ULP_PER_MAGNITUDE;
    }
    if (overBound(ulps, abs, e, bound)) {
      if (over++ === 0) firstOver = y[j]!;
    }
  }
  t[r] = maxUlps;
  t[r + 1] = atUlps;
  t[r + 2] = maxAbs;
  t[r + 3] = atAbs;
  t[r + 4] = over;
  t[r + 5] = firstOver;
  t[r + 6]! += j1 - j0;
}

function emptyTable(fit: Fit): Float64Array {
  const t = new Float64Array(FIELDS * regionNames(fit).length);
  for (let r = 0; r < t.length; r += FIELDS) [t[r + 1], t[r + 3], t[r + 5]] = [NaN, NaN, NaN];
  return t;
}

function statsOf(fit: Fit, t: Float64Array): RegionStats[] {
  return regionNames(fit).map((region, j) => {
    const r = FIELDS * j;
    return { region, maxUlps: t[r]!, atUlps: t[r + 1]!, maxAbs: t[r + 2]!, atAbs: t[r + 3]!, over: t[r + 4]!, firstOver: t[r + 5]!, count: t[r + 6]! };
  });
}

export function sweepChunk(activation: Activation, approx: Approximations, task: ChunkTask): FitStats[] {
  const fits = approx.fits.map((a) => a.fit);
  const model = modelOf(approx);
  const branch = fits[0]!.branch.id;
  // A window costs 19 exact evaluations: worth it from 64 samples per window (of 2^16 float32).
  // Sparser samples take the fitter's reference: Newton from the previous sample's root.
  const windows = task.stride <= 1024 ? branchReference(activation, branch) : undefined;
  const sparse = new BranchReference(activation, branch);
  const xs = windows?.out0 ?? new Float64Array(BATCH);
  const gs = windows?.out1 ?? new Float64Array(BATCH);
  const tables = fits.map((fit) => ({ float32: emptyTable(fit), float64: emptyTable(fit) }));
  const got64 = new Float32Array(BATCH);
  const { y, outputs } = model;
  for (let k0 = task.first; k0 <= task.last; k0 += BATCH * task.stride) {
    const n = Math.min(BATCH, Math.floor((task.last - k0) / task.stride) + 1);
    model.fillOrdinals(k0, task.stride, n);
    model.run(n);
    const ys = n === BATCH ? y : y.subarray(0, n);
    if (windows) {
      windows.input.set(ys);
      windows.evaluate(n);
    } else {
      xs.set(sparse.values('inverse', ys));
      for (let j = 0; j < n; j++) gs[j] = activation.df(xs[j]!);
    }
    fits.forEach((fit, i) => {
      const got = outputs[i]!;
      const { run32, run64 } = approx.fits[i]!;
      for (let j = 0; j < n; j += CROSS_CHECK) {
        const emitted = run32(y[j]!);
        if (!Object.is(emitted, got[j]!)) {
          throw new Error(`sweep: the asm.js model and the emitted TypeScript differ for ${fit.activation.name} ${fit.branch.id} ${fit.target} at y = ${formatFloat32(y[j]!)}: ${got[j]} against ${emitted}`);
        }
      }
      for (let j = 0; j < n; j++) got64[j] = run64(y[j]!);
      const ref = fit.target === 'inverse' ? xs : gs;
      // y rises with the ordinal, so each region is one run of the batch.
      let j = 0;
      while (j < n) {
        const r = regionOf(fit, y[j]!);
        let end = j + 1;
        if (regionOf(fit, y[n - 1]!) === r) end = n;
        else while (end < n && regionOf(fit, y[end]!) === r) end++;
        accumulate(tables[i]!.float32, FIELDS * r, y, got, ref, j, end, fit.bound);
        accumulate(tables[i]!.float64, FIELDS * r, y, got64, ref, j, end, fit.bound);
        j = end;
      }
    });
  }
  return fits.map((fit, i) => ({ float32: statsOf(fit, tables[i]!.float32), float64: statsOf(fit, tables[i]!.float64) }));
}
