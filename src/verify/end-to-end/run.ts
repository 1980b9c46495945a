import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Fit } from '../../fit/fit-file.js';
import { FLOAT32_MAX, float32Ordinal } from '../../numerics/float32.js';
import { runPool } from '../pool.js';
import { candidateNames, type EndToEndTask } from './chunk.js';
import { emptyEndToEnd, mergeEndToEnd, type EndToEndStats } from './stats.js';

/** One activation's end-to-end job: its two grad fits (left, right) and their file texts. */
export interface EndToEndJob {
  readonly left: { readonly fit: Fit; readonly text: string };
  readonly right: { readonly fit: Fit; readonly text: string };
}

export interface EndToEndOptions {
  readonly workers?: number;
  /** Where finished chunks are recorded, so an interrupted run resumes. */
  readonly stateDir?: string;
  readonly onProgress?: (done: number, total: number, values: number) => void;
}

const CHUNK = 1 << 22;

/** Every finite float32 x, by ordinal: −FLT_MAX … FLT_MAX. */
export const FINITE_X = { first: float32Ordinal(-FLOAT32_MAX), last: float32Ordinal(FLOAT32_MAX) };

/** Float64Arrays as JSON: ±∞ and NaN as strings. */
const encode = (a: Float64Array) => Array.from(a, (v) => (Number.isFinite(v) ? v : String(v)));
const decode = (a: (number | string)[]) => Float64Array.from(a, Number);

/** The end-to-end sweep over every finite float32 x of each activation, on worker threads. */
export async function sweepEndToEnd(jobs: readonly EndToEndJob[], options: EndToEndOptions): Promise<EndToEndStats[]> {
  // The workers measure the published approximation wherever there is one.
  const results = jobs.map((job) => emptyEndToEnd(candidateNames(job.left.fit.activation.name, true)));
  const hash = createHash('sha256').update(JSON.stringify(['end to end 1', jobs.map((j) => [j.left.text, j.right.text])])).digest('hex').slice(0, 16);
  const tasks: EndToEndTask[] = [];
  for (let k = FINITE_X.first; k <= FINITE_X.last; k += CHUNK) tasks.push({ first: k, last: Math.min(FINITE_X.last, k + CHUNK - 1) });
  await runPool<EndToEndTask, EndToEndStats>(
    jobs.map((job) => ({ module: new URL('./worker.ts', import.meta.url), workerData: [job.left.text, job.right.text], tasks })),
    {
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.stateDir ? { statePath: join(options.stateDir, `end-to-end-${hash}.json`) } : {}),
      snapshot: () => results.map((r) => ({ values: r.values, x: encode(r.x), near: encode(r.near), yLeft: encode(r.yLeft), yRight: encode(r.yRight) })),
      restore: (saved) =>
        (saved as { values: number; x: (number | string)[]; near: (number | string)[]; yLeft: (number | string)[]; yRight: (number | string)[] }[]).forEach((s, j) =>
          mergeEndToEnd(results[j]!, { candidates: results[j]!.candidates, values: s.values, x: decode(s.x), near: decode(s.near), yLeft: decode(s.yLeft), yRight: decode(s.yRight) }),
        ),
      onResult: (job, _task, stats) => mergeEndToEnd(results[job]!, stats),
      onProgress: (done, total) => options.onProgress?.(done, total, results.reduce((n, r) => n + r.values, 0)),
    },
  );
  return results;
}
