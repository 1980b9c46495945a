import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from '../../cli/write-atomic.js';
import type { Fit } from '../../fit/fit-file.js';
import { float32Ordinal, nextDown32 } from '../../numerics/float32.js';
import type { ChunkTask } from './chunk.js';
import { emptyStats, mergeStats, type RegionStats } from './stats.js';

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
  readonly fits: readonly { readonly fit: Fit; readonly stats: RegionStats[] }[];
  readonly values: number;
}

/** float32 ordinals a branch covers: fl32(y_min) up to −0 (left) or +∞ (right). */
export function branchOrdinals(fit: Fit): { first: number; last: number } {
  const lo = fit.segments[0]!.lo;
  return { first: float32Ordinal(lo <= fit.yMin.hi ? lo : nextDown32(lo)), last: fit.branch.id === 'left' ? float32Ordinal(-0) : float32Ordinal(Infinity) };
}

const CHUNK = 1 << 22;

function workerUrl(): URL {
  return new URL('./worker-entry.mjs', import.meta.url);
}

/** Run the sweeps of several branches on a pool of worker threads, chunk by chunk. */
export async function sweepBranches(jobs: readonly BranchJob[], options: SweepOptions): Promise<BranchResult[]> {
  const tasks: { job: number; task: ChunkTask; key: string }[] = [];
  jobs.forEach((job, j) => {
    const { first, last } = branchOrdinals(job.fits[0]!.fit);
    const span = CHUNK * options.stride;
    for (let k = first; k <= last; k += span) tasks.push({ job: j, task: { first: k, last: Math.min(last, k + span - 1), stride: options.stride }, key: `${j}:${k}` });
  });
  const results = jobs.map((job) => job.fits.map((f) => emptyStats(f.fit)));
  const hash = createHash('sha256').update(JSON.stringify([options.stride, jobs.map((j) => j.fits.map((f) => f.text))])).digest('hex').slice(0, 16);
  const statePath = options.stateDir && join(options.stateDir, `sweep-${hash}.json`);
  const done = new Set<string>();
  let values = 0;
  if (statePath && existsSync(statePath)) {
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { done: string[]; results: RegionStats[][][]; values: number };
    state.done.forEach((k) => done.add(k));
    state.results.forEach((r, j) => r.forEach((s, i) => mergeStats(results[j]![i]!, s)));
    values = state.values;
  }
  const pending = tasks.filter((t) => !done.has(t.key));
  const save = () => statePath && writeFileAtomic(statePath, JSON.stringify({ done: [...done], results, values }));
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), pending.length));
  const spawn = (job: number) =>
    new Worker(workerUrl(), { workerData: { fitTexts: jobs[job]!.fits.map((f) => f.text) } });
  let next = 0;
  options.onProgress?.(done.size, tasks.length, values);
  await Promise.all(
    Array.from({ length: count }, async () => {
      let worker: Worker | undefined;
      let workerJob = -1;
      try {
        while (next < pending.length) {
          const item = pending[next++]!;
          if (item.job !== workerJob) {
            await worker?.terminate();
            worker = spawn(item.job);
            workerJob = item.job;
          }
          const reply = await new Promise<{ stats: RegionStats[][] }>((resolve, reject) => {
            worker!.once('message', resolve);
            worker!.once('error', reject);
            worker!.postMessage({ id: next, ...item.task });
          });
          worker!.removeAllListeners('error');
          reply.stats.forEach((s, i) => mergeStats(results[item.job]![i]!, s));
          values += Math.floor((item.task.last - item.task.first) / item.task.stride) + 1;
          done.add(item.key);
          if (done.size % 8 === 0) save();
          options.onProgress?.(done.size, tasks.length, values);
        }
      } finally {
        await worker?.terminate();
      }
    }),
  );
  save();
  return jobs.map((job, j) => ({ fits: job.fits.map((f, i) => ({ fit: f.fit, stats: results[j]![i]! })), values }));
}

/** The stride that sweeps about `n` y per branch. */
export function strideFor(fits: readonly Fit[], n: number): number {
  const spans = fits.map((f) => {
    const { first, last } = branchOrdinals(f);
    return last - first + 1;
  });
  return Math.max(1, Math.floor(Math.max(...spans) / n));
}

