/**
 * npm run bench [-- --quick] [-- --only v8,wgsl]: ratios measured side by side in one run.
 * Candidates alternate, each is timed several times after a warm-up, and the median ratio is
 * printed with its spread (min–max). Nothing here asserts a time: these are measurements.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { runV8Breakdown } from './v8-breakdown.js';
import { runFitTime } from './fit-time.js';
import { runMemoryTable } from './memory.js';
import { parseOptions, PARTS, type BenchOptions, type Part } from './options.js';
import { runSweep } from './sweep.js';
import { runV8Backward } from './v8-backward.js';
import { runWgsl } from './wgsl.js';
import { runWgslBreakdown } from './wgsl-breakdown.js';

const RUN: Record<Part, (options: BenchOptions) => void | Promise<void>> = {
  v8: runV8Backward,
  'v8-breakdown': runV8Breakdown,
  wgsl: runWgsl,
  'wgsl-breakdown': runWgslBreakdown,
  fit: runFitTime,
  sweep: runSweep,
  memory: runMemoryTable,
};

const options = await parseOptions(process.argv);
console.log(
  `fit-inverse bench${options.quick ? ' --quick' : ''}: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log('Other processes may share these cores: V8 and sweep times are this process\'s CPU time, and each median has its spread beside it.');
const started = performance.now();
for (const part of options.parts) {
  console.log(`\n== ${part}: ${PARTS[part]} ==`);
  const t0 = performance.now();
  await RUN[part](options);
  console.log(`(${part}: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}
console.log(`\nbench: ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
