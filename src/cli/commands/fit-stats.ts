import { basename } from 'node:path';
import { fitFileName, type Fit } from '../../fit/fit-file.js';
import { formatFloat32 } from '../../numerics/float32.js';
import type { RegionStats } from '../../verify/sweep/stats.js';
import { table } from '../format.js';

/** Print one fit's sweep, region by region, and each region over the bound on stderr; returns how many regions fail. */
export function printFitStats(fit: Fit, stats: readonly RegionStats[]): number {
  const worst = stats.reduce((a, s) => (s.maxUlps > a.maxUlps ? s : a));
  const over = stats.reduce((a, s) => a + s.over, 0);
  const count = stats.reduce((a, s) => a + s.count, 0);
  console.log(`\n${fitFileName(fit)}: ${count} y, max ${worst.maxUlps.toFixed(3)} ulp at y = ${formatFloat32(worst.atUlps)} (bound ${fit.bound.ulps})${over ? `, ${over} over the bound` : ''}`);
  console.log(
    table([
      ['  region', 'y', 'max ulp', 'at y', 'max abs', 'over'],
      ...stats.map((s) => [`  ${s.region.split(' [')[0]!}`, s.region.includes('[') ? s.region.slice(s.region.indexOf('[')) : s.region.replace(/^(low )?tail /, ''), s.maxUlps.toFixed(3), Number.isNaN(s.atUlps) ? '-' : formatFloat32(s.atUlps), s.maxAbs.toExponential(2), String(s.over)]),
    ]),
  );
  let failures = 0;
  for (const s of stats) {
    if (s.over > 0) {
      failures++;
      console.error(`fit-inverse: ${basename(fitFileName(fit))}: ${s.region}: ${s.over} y over the bound of ${fit.bound.ulps} ulp, first at y = ${formatFloat32(s.firstOver)} (max ${s.maxUlps.toFixed(3)} ulp at y = ${formatFloat32(s.atUlps)})`);
    }
  }
  return failures;
}
