import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/cli/write-atomic.js';
import { BRANCH_IDS } from '../../src/functions/activation.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { fitFileName, fitToJson, TARGETS } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import { fitBranch } from '../../src/fit/planner.js';
import { FUNCTIONS } from './functions.js';
import { cpuSeconds } from './timing.js';

/**
 * Time to fit all 12 fits in-process, as `fit-inverse fit` does with the settings each checked-in
 * file records, written to a temporary directory (never to fits/) and compared byte for byte with
 * the checked-in files. One run each: a fit takes seconds, and the planner is deterministic.
 */
export function runFitTime(): void {
  const dir = mkdtempSync(join(tmpdir(), 'fit-inverse-bench-fits-'));
  const fitsDir = new URL('../../fits', import.meta.url).pathname;
  const checkedIn = loadFits(fitsDir).map((f) => f.fit);
  try {
    const levelCosts = checkedIn.filter((f) => f.settings.levelCost !== undefined).map((f) => `${f.activation.name} ${f.branch.id} ${f.target}: level cost ${f.settings.levelCost}`);
    console.log(`fitting time, one run per fit, with the settings its checked-in file records (tol 2, max degree 10, kind auto${levelCosts.map((t) => `; ${t}`).join('')})`);
    let total = 0;
    let totalCpu = 0;
    let identical = 0;
    let count = 0;
    for (const fn of FUNCTIONS) {
      for (const branch of BRANCH_IDS) {
        for (const target of TARGETS) {
          const t0 = performance.now();
          const c0 = cpuSeconds();
          const { settings } = checkedIn.find((f) => f.activation.name === fn && f.branch.id === branch && f.target === target)!;
          const fit = fitBranch(getActivation(fn), branch, target, settings);
          const cpu = cpuSeconds() - c0;
          const seconds = (performance.now() - t0) / 1000;
          const text = fitToJson(fit);
          const name = fitFileName(fit);
          writeFileAtomic(join(dir, name), text);
          const same = readFileSync(join(fitsDir, name), 'utf8') === text;
          total += seconds;
          totalCpu += cpu;
          count++;
          if (same) identical++;
          console.log(`  ${name.padEnd(36)} ${seconds.toFixed(1).padStart(6)} s wall ${cpu.toFixed(1).padStart(6)} s CPU  ${fit.segments.length} segments  ${same ? 'identical to fits/' : 'DIFFERS from fits/'}`);
        }
      }
    }
    console.log(`  all ${count} fits: ${total.toFixed(1)} s wall, ${totalCpu.toFixed(1)} s CPU (the process, V8's background threads included); ${identical} of ${count} byte-identical to the checked-in fits/`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
