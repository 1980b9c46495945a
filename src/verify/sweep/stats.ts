import type { Fit } from '../../fit/fit-file.js';
import type { Precision } from '../../ir/interpret.js';
import { lowTails } from '../../ir/lower.js';

/**
 * Error statistics of one region of a fit (a segment, or a tail region), as measured by a
 * sweep: plain numbers, so workers can post them and chunks can be merged in any order.
 */
export interface RegionStats {
  /** "segment 3 [lo, hi)", "tail y ≥ from" or "low tail y < below". */
  readonly region: string;
  maxUlps: number;
  atUlps: number;
  maxAbs: number;
  atAbs: number;
  /** Values over the claimed bound. */
  over: number;
  /** The first y over the bound (in sweep order), NaN when none. */
  firstOver: number;
  count: number;
}

/**
 * The arithmetics a sweep measures each fit in: float32, the WGSL's (and the fitter's), and
 * float64, the generated TypeScript's (codegen/typescript.ts).
 */
export const ARITHMETICS = ['float32', 'float64'] as const satisfies readonly Precision[];

/** One fit's sweep: its regions' statistics in each arithmetic. */
export type FitStats = Record<Precision, RegionStats[]>;

export function emptyFitStats(fit: Fit): FitStats {
  return { float32: emptyStats(fit), float64: emptyStats(fit) };
}

export function mergeFitStats(a: FitStats, b: FitStats): void {
  for (const arithmetic of ARITHMETICS) mergeStats(a[arithmetic], b[arithmetic]);
}

/** A fit's statistics summed over its regions: y swept, y over the bound, the worst region, the largest absolute error. */
export function totals(stats: readonly RegionStats[]): { count: number; over: number; worst: RegionStats; maxAbs: number } {
  return {
    count: stats.reduce((n, s) => n + s.count, 0),
    over: stats.reduce((n, s) => n + s.over, 0),
    worst: stats.reduce((a, s) => (s.maxUlps > a.maxUlps ? s : a)),
    maxAbs: Math.max(...stats.map((s) => s.maxAbs)),
  };
}

export function regionNames(fit: Fit): string[] {
  return [
    ...fit.segments.map((s, i) => `segment ${i} [${s.lo}, ${s.hi})`),
    ...fit.tails.map((t) => `tail y ≥ ${t.from}`),
    ...lowTails(fit).map((t) => `low tail y < ${t.below}`),
  ];
}

export function emptyStats(fit: Fit): RegionStats[] {
  return regionNames(fit).map((region) => ({ region, maxUlps: 0, atUlps: NaN, maxAbs: 0, atAbs: NaN, over: 0, firstOver: NaN, count: 0 }));
}

/** Merge `b` into `a`; ties keep the smaller y, so the result does not depend on chunk order. */
export function mergeStats(a: RegionStats[], b: readonly RegionStats[]): void {
  a.forEach((s, i) => {
    const t = b[i]!;
    if (t.maxUlps > s.maxUlps || (t.maxUlps === s.maxUlps && t.atUlps < s.atUlps)) [s.maxUlps, s.atUlps] = [t.maxUlps, t.atUlps];
    if (t.maxAbs > s.maxAbs || (t.maxAbs === s.maxAbs && t.atAbs < s.atAbs)) [s.maxAbs, s.atAbs] = [t.maxAbs, t.atAbs];
    if (t.over > 0 && !(t.firstOver >= s.firstOver)) s.firstOver = t.firstOver;
    s.over += t.over;
    s.count += t.count;
  });
}
