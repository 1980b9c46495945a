/** A family-verify worker: answers { name, params, options } with verifyPoint's result. */
import { parentPort } from 'node:worker_threads';
import type { Parameters } from '../../functions/families/family.js';
import { verifyPoint, type PointOptions } from './point.js';

parentPort!.on('message', (task: { id: number; name: string; params: Parameters; options: PointOptions }) => {
  try {
    parentPort!.postMessage({ id: task.id, result: verifyPoint(task.name, task.params, task.options) });
  } catch (e) {
    parentPort!.postMessage({ id: task.id, error: (e as Error).message });
  }
});
