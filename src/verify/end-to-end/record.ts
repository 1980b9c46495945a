import { sha256 } from '../../codegen/header.js';
import { readRecord, writeRecord } from '../record-file.js';
import { NEAR_BINS, X_BINS, Y_BINS } from './bins.js';
import { maxOver, slot, type EndToEndStats } from './stats.js';

/**
 * The results of end-to-end sweeps over every finite float32 x (`verify --end-to-end`), kept in
 * generated/report/end-to-end.json so the report can cite them without a re-run. Each entry names
 * the sha256 of the two grad fit files it measured; the report uses it only while both are
 * unchanged. Numbers keep 6 significant digits; bins that no x reached are null.
 */
export interface Worst {
  readonly abs: number;
  readonly atX: number;
}

export interface EndToEndEntry {
  readonly sha256: { readonly left: string; readonly right: string };
  readonly values: number;
  readonly candidates: readonly string[];
  /** Per candidate: the worst over all x, and over each branch. */
  readonly max: Record<string, Worst>;
  readonly left: Record<string, Worst>;
  readonly right: Record<string, Worst>;
  /** Per candidate, the max per bin (bins.ts): x binades, near the minimum, y − y_min per branch. */
  readonly bins: Record<string, { readonly x: (number | null)[]; readonly near: (number | null)[]; readonly yLeft: (number | null)[]; readonly yRight: (number | null)[] }>;
}

export type EndToEndRecord = Record<string, EndToEndEntry>;

export const END_TO_END_PATH = 'generated/report/end-to-end.json';

const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(6)) : v);

function worst(pairs: ArrayLike<number>, c: number, bins: number): Worst {
  const w = maxOver(pairs, c, bins);
  return { abs: round(w.abs), atX: w.atX };
}

function column(pairs: ArrayLike<number>, c: number, bins: number): (number | null)[] {
  return Array.from({ length: bins }, (_, b) => {
    const m = pairs[slot(c, b, bins)]!;
    return m < 0 ? null : round(m);
  });
}

export function endToEndEntry(leftText: string, rightText: string, stats: EndToEndStats): EndToEndEntry {
  const per = (f: (c: number) => Worst) => Object.fromEntries(stats.candidates.map((name, c) => [name, f(c)]));
  return {
    sha256: { left: sha256(leftText), right: sha256(rightText) },
    values: stats.values,
    candidates: stats.candidates,
    max: per((c) => worst(stats.x, c, X_BINS)),
    left: per((c) => worst(stats.yLeft, c, Y_BINS)),
    right: per((c) => worst(stats.yRight, c, Y_BINS)),
    bins: Object.fromEntries(
      stats.candidates.map((name, c) => [name, { x: column(stats.x, c, X_BINS), near: column(stats.near, c, NEAR_BINS), yLeft: column(stats.yLeft, c, Y_BINS), yRight: column(stats.yRight, c, Y_BINS) }]),
    ),
  };
}

export function readEndToEnd(path: string = END_TO_END_PATH): EndToEndRecord {
  return readRecord<EndToEndEntry>(path);
}

export function recordEndToEnd(entries: EndToEndRecord, path = END_TO_END_PATH): void {
  writeRecord(path, entries);
}
