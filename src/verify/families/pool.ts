import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Parameters } from '../../functions/families/family.js';
import type { PointOptions, PointResult } from './point.js';

/** Verify every parameter point of a family on a pool of worker threads, in grid order. */
export async function verifyGrid(
  name: string,
  grid: readonly Parameters[],
  options: PointOptions,
  workers = availableParallelism(),
  onProgress?: (done: number, total: number) => void,
): Promise<PointResult[]> {
  const results: PointResult[] = new Array(grid.length);
  let next = 0;
  let done = 0;
  const count = Math.max(1, Math.min(workers, grid.length));
  await Promise.all(
    Array.from({ length: count }, async () => {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url));
      try {
        while (next < grid.length) {
          const id = next++;
          const reply = await new Promise<{ result?: PointResult; error?: string }>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ id, name, params: grid[id], options });
          });
          worker.removeAllListeners('error');
          if (reply.error) throw new Error(`${name} at ${JSON.stringify(grid[id])}: ${reply.error}`);
          results[id] = reply.result!;
          onProgress?.(++done, grid.length);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
  return results;
}
