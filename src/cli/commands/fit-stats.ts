import { basename } from 'node:path';
import { fitFileName, type Fit } from '../../fit/fit-file.js';
import { formatFloat32 } from '../../numerics/float32.js';
import { ARITHMETICS, totals, type FitStats } from '../../verify/sweep/stats.js';
import { table } from '../format.js';

/** What runs in each arithmetic of a sweep. */
export const ARITHMETIC_LABELS = { float32: 'float32, the WGSL', float64: 'float64, the TypeScript' } as const;

/**
 * Print one fit's sweep, region by region, in both arithmetics, and each region over the bound
 * on stderr; returns how many (region, arithmetic) pairs fail.
 */
export function printFitStats(fit: Fit, stats: FitStats): number {
  const summary = ARITHMETICS.map((arithmetic) => {
    const { worst, over } = totals(stats[arithmetic]);
    return `max ${worst.maxUlps.toFixed(3)} ulp at y = ${formatFloat32(worst.atUlps)} (${ARITHMETIC_LABELS[arithmetic]}${over ? `, ${over} over the bound` : ''})`;
  });
  console.log(`\n${fitFileName(fit)}: ${totals(stats.float32).count} y, ${summary.join('; ')}; bound ${fit.bound.ulps}`);
  console.log(
    table([
      ['  region', 'y', 'max ulp', 'at y', 'max abs', 'float64 max ulp', 'over'],
      ...stats.float32.map((s, i) => {
        const t = stats.float64[i]!;
        return [
          `  ${s.region.split(' [')[0]!}`,
          s.region.includes('[') ? s.region.slice(s.region.indexOf('[')) : s.region.replace(/^(low )?tail /, ''),
          s.maxUlps.toFixed(3),
          Number.isNaN(s.atUlps) ? '-' : formatFloat32(s.atUlps),
          s.maxAbs.toExponential(2),
          t.maxUlps.toFixed(3),
          `${s.over}/${t.over}`,
        ];
      }),
    ]),
  );
  let failures = 0;
  for (const arithmetic of ARITHMETICS) {
    for (const s of stats[arithmetic]) {
      if (s.over > 0) {
        failures++;
        console.error(
          `fit-inverse: ${basename(fitFileName(fit))}: ${s.region}: ${s.over} y over the bound of ${fit.bound.ulps} ulp, first at y = ${formatFloat32(s.firstOver)} (max ${s.maxUlps.toFixed(3)} ulp at y = ${formatFloat32(s.atUlps)}) in ${ARITHMETIC_LABELS[arithmetic]}`,
        );
      }
    }
  }
  return failures;
}
