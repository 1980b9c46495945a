import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Fit } from '../../fit/fit-file.js';
import { float32Ordinal, float32OrdinalRange, nextDown32 } from '../../numerics/float32.js';
import type { ChunkTask } from './chunk.js';
import { runPool } from '../pool.js';
import { emptyFitStats, mergeFitStats, type FitStats } from './stats.js';

/** One branch of one activation: its fits (inverse and grad) share the sweep and the reference. */
export interface BranchJob {
  readonly fits: readonly { readonly fit: Fit; readonly text: string }[];
}

export interface SweepOptions {
  /** Every `stride`-th float32 (1 = exhaustive). */
  readonly stride: number;
  readonly workers?: number;
  /** Where finished chunks are recorded, so an interrupted run resumes; none for samples. */
  readonly stateDir?: string;
  readonly onProgress?: (done: number, total: number, values: number) => void;
}

export interface BranchResult {
  readonly fits: readonly { readonly fit: Fit; readonly stats: FitStats }[];
  readonly values: number;
}

/**
 * float32 ordinals a branch covers: fl32(y_min) up to −0 (left) or +∞ (right). A one-branch fit
 * starts at fl32(y_min) (its infimum, in the low tail) and both zeros when that is 0.
 */
export function branchOrdinals(fit: Fit): { first: number; last: number } {
  const lo = fit.segments[0]!.lo;
  const first = fit.branch.only ? float32OrdinalRange(fit.yMin.hi, Infinity).first : float32Ordinal(lo <= fit.yMin.hi ? lo : nextDown32(lo));
  return { first, last: fit.branch.id === 'left' ? float32Ordinal(-0) : float32Ordinal(Infinity) };
}

const CHUNK = 1 << 22;

/** Run the sweeps of several branches on a pool of worker threads, chunk by chunk. */
export async function sweepBranches(jobs: readonly BranchJob[], options: SweepOptions): Promise<BranchResult[]> {
  const results = jobs.map((job) => job.fits.map((f) => emptyFitStats(f.fit)));
  const counts = jobs.map(() => 0);
  const hash = createHash('sha256').update(JSON.stringify(['state 3', options.stride, jobs.map((j) => j.fits.map((f) => f.text))])).digest('hex').slice(0, 16);
  await runPool<ChunkTask, FitStats[]>(
    jobs.map((job) => {
      const { first, last } = branchOrdinals(job.fits[0]!.fit);
      const span = CHUNK * options.stride;
      const tasks: ChunkTask[] = [];
      for (let k = first; k <= last; k += span) tasks.push({ first: k, last: Math.min(last, k + span - 1), stride: options.stride });
      return { module: new URL('./worker.ts', import.meta.url), workerData: job.fits.map((f) => f.text), tasks };
    }),
    {
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.stateDir ? { statePath: join(options.stateDir, `sweep-${hash}.json`) } : {}),
      snapshot: () => ({ results, counts }),
      restore: (saved) => {
        const state = saved as { results: FitStats[][]; counts: number[] };
        state.results.forEach((r, j) => r.forEach((s, i) => mergeFitStats(results[j]![i]!, s)));
        state.counts.forEach((c, j) => (counts[j]! += c));
      },
      onResult: (job, task, stats) => {
        stats.forEach((s, i) => mergeFitStats(results[job]![i]!, s));
        counts[job]! += Math.floor((task.last - task.first) / task.stride) + 1;
      },
      onProgress: (done, total) => options.onProgress?.(done, total, counts.reduce((a, b) => a + b, 0)),
    },
  );
  return jobs.map((job, j) => ({ fits: job.fits.map((f, i) => ({ fit: f.fit, stats: results[j]![i]! })), values: counts[j]! }));
}

/** The stride that sweeps about `n` y per branch. */
export function strideFor(fits: readonly Fit[], n: number): number {
  const spans = fits.map((f) => {
    const { first, last } = branchOrdinals(f);
    return last - first + 1;
  });
  return Math.max(1, Math.floor(Math.max(...spans) / n));
}

