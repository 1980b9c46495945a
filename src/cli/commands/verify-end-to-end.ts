import { fitFileName, type Fit, type StorageDtype } from '../../fit/fit-file.js';
import { endToEndKey } from '../../verify/end-to-end/record.js';
import { endToEndEntry, END_TO_END_PATH, recordEndToEnd, type EndToEndRecord, type Worst } from '../../verify/end-to-end/record.js';
import { sweepEndToEnd, type EndToEndJob } from '../../verify/end-to-end/run.js';
import { table } from '../format.js';
import { duration, ProgressBar } from '../progress.js';

/** DESIGN §6: the fits may add at most 5% to the end-to-end floor. */
export const FLOOR_ALLOWANCE = 1.05;

const sci = (w: Worst) => `${Number.isFinite(w.abs) ? w.abs.toExponential(3) : String(w.abs)} at x = ${w.atX.toPrecision(6)}`;

/**
 * `verify --end-to-end`: every finite float32 x of each activation, y stored as `dtype` (the grad
 * fits given are of that dtype); returns how many fail.
 */
export async function verifyEndToEnd(fits: readonly { fit: Fit; text: string }[], names: readonly string[], workers: number | undefined, stateDir: string | undefined, dtype: StorageDtype = 'float32'): Promise<number> {
  const grad = (name: string, branch: 'left' | 'right') => fits.find((f) => f.fit.activation.name === name && f.fit.branch.id === branch && f.fit.target === 'grad' && f.fit.dtype === dtype);
  const jobs: (EndToEndJob & { name: string })[] = [];
  const oneBranch: string[] = [];
  for (const name of names) {
    const [left, right] = [grad(name, 'left'), grad(name, 'right')];
    if (left && right) jobs.push({ name, left, right });
    else if (right?.fit.branch.only) oneBranch.push(name);
  }
  const skipped = oneBranch.length > 0 ? `; ${oneBranch.join(', ')}: monotone (one branch, no branch bit); --end-to-end measures two-branch fits` : '';
  if (jobs.length === 0) throw new RangeError(`verify --end-to-end: no pair of ${dtype} grad fits (left and right) for ${names.join(', ')}${skipped}`);
  if (skipped) console.log(`end to end: skipped${skipped}`);
  const bar = new ProgressBar();
  const start = Date.now();
  const results = await sweepEndToEnd(jobs, {
    ...(workers ? { workers } : {}),
    ...(stateDir ? { stateDir } : {}),
    onProgress: (done, total, values) => {
      const s = (Date.now() - start) / 1000;
      bar.update(done / total, `end to end: ${done}/${total} chunks, ${(values / Math.max(s, 1e-3) / 1e6).toFixed(1)}M x/s, ETA ${duration(done > 0 ? (s * (total - done)) / done : NaN)}`);
    },
  });
  bar.done();
  const seconds = (Date.now() - start) / 1000;
  let failures = 0;
  const entries: EndToEndRecord = {};
  results.forEach((stats, j) => {
    const job = jobs[j]!;
    const e = endToEndEntry(job.left.text, job.right.text, stats);
    entries[endToEndKey(job.name, dtype)] = e;
    console.log(`\n${job.name}, y stored as ${dtype}: max |g(y, bit) − f'(x)| over every finite float32 x (${e.values})`);
    console.log(table([['  candidate', 'all x', 'left branch (x < x_min)', 'right branch'], ...e.candidates.map((c) => [`  ${c}`, sci(e.max[c]!), sci(e.left[c]!), sci(e.right[c]!)])]));
    const ratio = e.max.ours!.abs / e.max.floor!.abs;
    console.log(`  the fit adds ${((ratio - 1) * 100).toFixed(2)}% to the floor (ours / floor = ${ratio.toFixed(4)})`);
    if (!(ratio <= FLOOR_ALLOWANCE)) {
      failures++;
      console.error(`fit-inverse: ${job.name}: ${fitFileName(job.left.fit)} and ${fitFileName(job.right.fit)} add ${((ratio - 1) * 100).toFixed(2)}% to the end-to-end floor, more than ${((FLOOR_ALLOWANCE - 1) * 100).toFixed(0)}%, at x = ${e.max.ours!.atX}`);
    }
  });
  recordEndToEnd(entries);
  const values = results.reduce((n, r) => n + r.values, 0);
  console.log(`\nrecorded in ${END_TO_END_PATH}\nevery finite float32 x: ${values} x in ${duration(seconds)} (${(values / seconds / 1e6).toFixed(1)}M x/s)`);
  return failures;
}
