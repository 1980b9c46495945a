import { sha256 } from '../codegen/header.js';
import { readRecord, writeRecord } from './record-file.js';
import type { RegionStats } from './sweep/stats.js';

/**
 * The results of full (exhaustive) verify runs, kept in generated/report/exhaustive.json so the
 * report can cite them without re-running a 30-minute sweep. Each entry names the sha256 of the
 * fit file it verified; the report uses an entry only while the fit is unchanged.
 */
export interface ExhaustiveEntry {
  readonly sha256: string;
  readonly values: number;
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

export function entryFor(fitText: string, stats: readonly RegionStats[]): ExhaustiveEntry {
  const worst = stats.reduce((a, s) => (s.maxUlps > a.maxUlps ? s : a));
  return {
    sha256: sha256(fitText),
    values: stats.reduce((n, s) => n + s.count, 0),
    maxUlps: Number(worst.maxUlps.toPrecision(6)),
    atY: worst.atUlps,
    maxAbs: Number(Math.max(...stats.map((s) => s.maxAbs)).toPrecision(6)),
    over: stats.reduce((n, s) => n + s.over, 0),
  };
}

/** Merge new entries into the record on disk, keys sorted (deterministic bytes). */
export function recordExhaustive(entries: ExhaustiveRecord, path = EXHAUSTIVE_PATH): void {
  writeRecord(path, entries);
}
