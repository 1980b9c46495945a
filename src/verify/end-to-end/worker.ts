import { compileToJs } from '../../codegen/typescript.js';
import { parseFit } from '../../fit/fit-file.js';
import { activationOf } from '../../fit/activation-of.js';
import { lowerFit } from '../../ir/lower.js';
import { endToEndChunk, type EndToEndSetup, type EndToEndTask } from './chunk.js';
import type { EndToEndStats } from './stats.js';

/** An end-to-end worker: one activation's two grad fits (their file texts, left then right). */
export function setup(gradTexts: [string, string]): (task: EndToEndTask) => EndToEndStats {
  const [left, right] = gradTexts.map((text, i) => {
    const fit = parseFit(text, `grad fit ${i}`);
    return { fit, run: compileToJs(lowerFit(fit, 'shipped'), 'float32') };
  }) as [EndToEndSetup['left'], EndToEndSetup['right']];
  const context: EndToEndSetup = { activation: activationOf(left.fit), left, right, published: true };
  return (task) => endToEndChunk(context, task);
}
