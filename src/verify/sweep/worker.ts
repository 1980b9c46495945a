import { compileToJs } from '../../codegen/typescript.js';
import { parseFit } from '../../fit/fit-file.js';
import { getActivation } from '../../functions/catalogue.js';
import { lowerFit } from '../../ir/lower.js';
import { sweepChunk, type ChunkTask } from './chunk.js';
import type { RegionStats } from './stats.js';

/** A y-sweep worker: compiles one branch's fits once (data: their file texts), then sweeps chunks. */
export function setup(fitTexts: string[]): (task: ChunkTask) => RegionStats[][] {
  const fits = fitTexts.map((text, i) => parseFit(text, `fit ${i}`));
  const activation = getActivation(fits[0]!.activation.name);
  const approx = { fits: fits.map((fit) => ({ fit, run: compileToJs(lowerFit(fit, 'approximation')) })) };
  return (task) => sweepChunk(activation, approx, task);
}
