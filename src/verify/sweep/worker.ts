import { parseFit } from '../../fit/fit-file.js';
import { activationOf } from '../../fit/activation-of.js';
import { approximationsOf, sweepChunk, type ChunkTask } from './chunk.js';
import type { FitStats } from './stats.js';

/** A y-sweep worker: compiles one branch's fits once (data: their file texts), then sweeps chunks. */
export function setup(fitTexts: string[]): (task: ChunkTask) => FitStats[] {
  const fits = fitTexts.map((text, i) => parseFit(text, `fit ${i}`));
  const activation = activationOf(fits[0]!);
  const approx = approximationsOf(fits);
  return (task) => sweepChunk(activation, approx, task);
}
