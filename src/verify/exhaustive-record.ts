import { sha256 } from '../codegen/header.js';
import { readRecord, writeRecord } from './record-file.js';
import { totals, type FitStats, type RegionStats } from './sweep/stats.js';

/**
 * The results of full (exhaustive) verify runs, kept in generated/report/exhaustive.json so the
 * report can cite them without re-running a 30-minute sweep. Each entry names the sha256 of the
 * fit file it verified; the report uses an entry only while the fit is unchanged.
 */
export interface ExhaustiveEntry extends ArithmeticEntry {
  readonly sha256: string;
  readonly values: number;
  /** The same sweep of the generated TypeScript, which computes in float64; the fields above are float32's. */
  readonly float64: ArithmeticEntry;
}

/** The worst error over the fit's y in one arithmetic, and how many y broke the bound. */
export interface ArithmeticEntry {
  readonly maxUlps: number;
  readonly atY: number;
  readonly maxAbs: number;
  readonly over: number;
}

export type ExhaustiveRecord = Record<string, ExhaustiveEntry>;

export const EXHAUSTIVE_PATH = 'generated/report/exhaustive.json';

export function readExhaustive(path: string = EXHAUSTIVE_PATH): ExhaustiveRecord {
  return readRecord<ExhaustiveEntry>(path);
}

function arithmeticEntry(stats: readonly RegionStats[]): ArithmeticEntry {
  const { worst, maxAbs, over } = totals(stats);
  return { maxUlps: Number(worst.maxUlps.toPrecision(6)), atY: worst.atUlps, maxAbs: Number(maxAbs.toPrecision(6)), over };
}

export function entryFor(fitText: string, stats: FitStats): ExhaustiveEntry {
  return {
    sha256: sha256(fitText),
    values: totals(stats.float32).count,
    ...arithmeticEntry(stats.float32),
    float64: arithmeticEntry(stats.float64),
  };
}

/** Merge new entries into the record on disk, keys sorted (deterministic bytes). */
export function recordExhaustive(entries: ExhaustiveRecord, path = EXHAUSTIVE_PATH): void {
  writeRecord(path, entries);
}
