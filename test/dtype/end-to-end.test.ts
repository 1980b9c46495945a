import { describe, expect, it } from 'vitest';
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32Ordinal, fround } from '../../src/numerics/float32.js';
import { HALF_DTYPES } from '../../src/numerics/half.js';
import { X_BINS } from '../../src/verify/end-to-end/bins.js';
import { endToEndChunk, type EndToEndSetup } from '../../src/verify/end-to-end/chunk.js';
import { dtypeEndToEnd } from '../../src/verify/end-to-end/runs.js';
import { maxOver } from '../../src/verify/end-to-end/stats.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../../src/verify/published/optiacts.js';

const root = new URL('../../fits', import.meta.url).pathname;

/**
 * The two end-to-end methods for y stored as bf16/fp16 agree: the sweep of `verify --end-to-end`
 * (every float32 x, y rounded in asm.js) and the runs method (one run of x per stored y), on every
 * float32 x within 0.1 of x_min, where the floor is set.
 */
describe.each(['gelu', 'silu'])('%s: the end-to-end sweep and the runs method agree near the minimum', (name) => {
  it.each(HALF_DTYPES)('%s', (dtype) => {
    const a = getActivation(name);
    const fits = loadFits(root, [dtype]).filter((f) => f.fit.activation.name === name && f.fit.target === 'grad');
    const side = (b: string) => {
      const fit = fits.find((f) => f.fit.branch.id === b)!.fit;
      return { fit, run: compileToJs(lowerFit(fit, 'shipped'), 'float32') };
    };
    const setup: EndToEndSetup = { activation: a, left: side('left'), right: side('right'), published: true };
    const task = { first: float32Ordinal(fround(a.xMin - 0.1)), last: float32Ordinal(fround(a.xMin + 0.1)) };
    const stats = endToEndChunk(setup, task);
    const published = name === 'gelu' ? optiactsGeluGrad : optiactsSiluGrad;
    const [left, right] = [setup.left.run, setup.right.run];
    const runs = dtypeEndToEnd(a, dtype, { ours: (yv, bit) => (bit ? left(yv) : right(yv)), published }, task);
    expect(stats.values).toBe(task.last - task.first + 1);
    stats.candidates.forEach((c, i) => {
      const sweep = maxOver(stats.x, i, X_BINS);
      const exact = runs.max[c]!;
      // f' in the sweep is interpolated (within 2^-16 ulp), so the maxima agree to that.
      if (Number.isFinite(exact.abs)) expect(sweep.abs, c).toBeCloseTo(exact.abs, 12);
      else expect(sweep.abs, c).toBe(Infinity);
      expect(sweep.atX, c).toBe(exact.atX);
    });
  }, 120_000);
});
