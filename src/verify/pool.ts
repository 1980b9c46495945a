import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { writeFileAtomic } from '../cli/write-atomic.js';

/**
 * Chunks of work on a pool of worker threads, resumable: the exhaustive sweeps (every float32 y,
 * every float32 x) cut their ranges into chunks, each worker answers one chunk at a time, and
 * finished chunks are recorded on disk with the merged results so far, so an interrupted run
 * continues where it stopped.
 *
 * A job is one worker setup (its module and data, e.g. the fits of one branch); its chunks go to
 * workers set up for it. Workers load `module` (a .ts file, through tsx) which answers
 * { id, task } messages with { id, result }.
 */
export interface PoolJob<T> {
  readonly module: URL;
  readonly workerData: unknown;
  readonly tasks: readonly T[];
}

export interface PoolOptions<T, R> {
  readonly workers?: number;
  /** A JSON file for finished chunks; none: no resume (samples, tests). */
  readonly statePath?: string;
  /** The merged results so far, as JSON, and how to restore them: what the state file keeps. */
  readonly snapshot: () => unknown;
  readonly restore: (saved: unknown) => void;
  readonly onResult: (job: number, task: T, result: R) => void;
  readonly onProgress?: (done: number, total: number) => void;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export async function runPool<T, R>(jobs: readonly PoolJob<T>[], options: PoolOptions<T, R>): Promise<void> {
  const items = jobs.flatMap((job, j) => job.tasks.map((task, i) => ({ job: j, task, key: `${j}:${i}` })));
  const done = new Set<string>();
  if (options.statePath && existsSync(options.statePath)) {
    const state = JSON.parse(readFileSync(options.statePath, 'utf8')) as { done: string[]; results: unknown };
    state.done.forEach((k) => done.add(k));
    options.restore(state.results);
  }
  const pending = items.filter((t) => !done.has(t.key));
  const save = () => options.statePath && writeFileAtomic(options.statePath, JSON.stringify({ done: [...done], results: options.snapshot() }));
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), pending.length));
  let next = 0;
  options.onProgress?.(done.size, items.length);
  await Promise.all(
    Array.from({ length: count }, async () => {
      let worker: Worker | undefined;
      let workerJob = -1;
      try {
        while (next < pending.length) {
          const item = pending[next++]!;
          if (item.job !== workerJob) {
            await worker?.terminate();
            const job = jobs[item.job]!;
            worker = new Worker(ENTRY, { workerData: { module: job.module.href, data: job.workerData } });
            workerJob = item.job;
          }
          const reply = await new Promise<{ result: R }>((resolve, reject) => {
            worker!.once('message', resolve);
            worker!.once('error', reject);
            worker!.postMessage({ id: next, task: item.task });
          });
          worker!.removeAllListeners('error');
          options.onResult(item.job, item.task, reply.result);
          done.add(item.key);
          if (done.size % 8 === 0) save();
          options.onProgress?.(done.size, items.length);
        }
      } finally {
        await worker?.terminate();
      }
    }),
  );
  save();
}
