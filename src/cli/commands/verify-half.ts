import { fitFileName, type Fit } from '../../fit/fit-file.js';
import { entryFor, EXHAUSTIVE_PATH, recordExhaustive, type ExhaustiveRecord } from '../../verify/exhaustive-record.js';
import { sweepHalfFit } from '../../verify/half-sweep.js';
import { duration } from '../progress.js';
import { printFitStats } from './fit-stats.js';
import { totals } from '../../verify/sweep/stats.js';

/**
 * `verify` for the bf16 and fp16 fits: every value of the dtype on each fit's branch (exhaustive;
 * seconds in all). Recorded in exhaustive.json like a full float32 run when `record` is set.
 * Returns how many (region, arithmetic) pairs break their bound.
 */
export function verifyHalves(fits: readonly { fit: Fit; text: string }[], record: boolean): number {
  if (fits.length === 0) throw new RangeError('verify: no bf16 or fp16 fit files for these activations (fit them with `fit --dtype bf16` or `--dtype fp16`)');
  const start = Date.now();
  let failures = 0;
  let values = 0;
  const entries: ExhaustiveRecord = {};
  for (const { fit, text } of fits) {
    const stats = sweepHalfFit(fit);
    failures += printFitStats(fit, stats);
    values += totals(stats.float32).count;
    entries[fitFileName(fit)] = entryFor(text, stats);
  }
  if (record) {
    recordExhaustive(entries);
    console.log(`\nrecorded in ${EXHAUSTIVE_PATH}`);
  }
  console.log(`\nevery bf16 and fp16 y of ${fits.length} fits: ${values} y in ${duration((Date.now() - start) / 1000)}`);
  return failures;
}
