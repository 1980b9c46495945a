/**
 * A sweep worker: compiles the branch's fits once, then answers chunk tasks with statistics.
 * Messages in: { fits: string[] (fit file texts), task: ChunkTask }; out: RegionStats[][].
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileToJs } from '../../codegen/typescript.js';
import { parseFit } from '../../fit/fit-file.js';
import { getActivation } from '../../functions/catalogue.js';
import { lowerFit } from '../../ir/lower.js';
import { sweepChunk, type ChunkTask } from './chunk.js';

const { fitTexts } = workerData as { fitTexts: string[] };
const fits = fitTexts.map((text, i) => parseFit(text, `fit ${i}`));
const activation = getActivation(fits[0]!.activation.name);
const approx = { fits: fits.map((fit) => ({ fit, run: compileToJs(lowerFit(fit, 'approximation')) })) };

parentPort!.on('message', (task: ChunkTask & { id: number }) => {
  parentPort!.postMessage({ id: task.id, stats: sweepChunk(activation, approx, task) });
});
