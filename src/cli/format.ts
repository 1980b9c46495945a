/** Output helpers shared by the subcommands. */

/** JSON with ±Infinity and NaN written as strings, which plain JSON cannot hold. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  );
}

/** A number as the shortest string that reads back to the same float64 (−0 kept). */
export function num(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Rows of cells, left-aligned in columns. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
