// A pool worker (see pool.ts). Worker threads start without the main thread's TypeScript loader:
// register tsx, load the job's module, and answer each chunk with what its setup returns.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { setup } = await import(workerData.module);
const answer = await setup(workerData.data);
parentPort.on('message', ({ id, task }) => {
  parentPort.postMessage({ id, result: answer(task) });
});
