import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../cli/write-atomic.js';

/**
 * The recorded results of full runs (generated/report/*.json): one entry per key, merged into what
 * is on disk and written with sorted keys, so the bytes depend only on the results. ±∞ and NaN
 * are written as strings, which plain JSON cannot hold.
 */
const reviver = (_k: string, v: unknown) => (v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : v);
const replacer = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

export function readRecord<T>(path: string): Record<string, T> {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8'), reviver) as Record<string, T>) : {};
}

export function writeRecord<T>(path: string, entries: Record<string, T>): void {
  const merged = { ...readRecord<T>(path), ...entries };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
  writeFileAtomic(path, `${JSON.stringify(sorted, replacer, 2)}\n`);
}
