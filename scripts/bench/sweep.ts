import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { float32Ordinal, fround } from '../../src/numerics/float32.js';
import { approximationsOf, sweepChunk } from '../../src/verify/sweep/chunk.js';
import { FUNCTIONS } from './functions.js';
import type { BenchOptions } from './options.js';
import { race, spread } from './timing.js';

/**
 * Exhaustive-sweep throughput on one core: the verifier's inner loop (reference inverse by
 * Newton, plus both targets' approximations in both arithmetics per y) over consecutive float32 y of one branch.
 */
export function runSweep(options: BenchOptions): void {
  const n = options.quick ? 1 << 20 : 1 << 22;
  const rounds = options.quick ? 3 : 5;
  console.log(`exhaustive sweep, one core (reference + inverse + grad, float32 and float64, per y), ${n} consecutive float32 y per branch, ${rounds} rounds; M y/s median (min–max)`);
  const fits = loadFits(new URL('../../fits', import.meta.url).pathname);
  for (const name of FUNCTIONS) {
    const activation = getActivation(name);
    for (const branch of ['left', 'right'] as const) {
      const branchFits = fits.filter((f) => f.fit.activation.name === name && f.fit.branch.id === branch).map((f) => f.fit);
      const approx = approximationsOf(branchFits);
      const first = float32Ordinal(fround(branch === 'left' ? -0.05 : 0.5));
      const t = race({ sweep: () => sweepChunk(activation, approx, { first, last: first + n - 1, stride: 1 })[0]!.float32[0]!.count }, rounds);
      console.log(`  ${`${name} ${branch}`.padEnd(16)} ${spread(t.sweep!.map((s) => n / s / 1e6))} M y/s per core`);
    }
  }
}
