/** Loads test/fixtures/activations.json (mpmath 1.3.0, 50 digits; see its provenance field). */
import { readFileSync } from 'node:fs';

export interface PointRow {
  x: number;
  f: number;
  df: number;
  d2f: number;
}
export interface InverseRow {
  y: number;
  branch: 'left' | 'right';
  x: number;
  df: number;
}
export interface FunctionReference {
  xMin: number;
  yMin: number;
  d2fMin: number;
  points: PointRow[];
  inverse: InverseRow[];
}

interface Raw {
  functions: Record<
    string,
    { x_min: string; y_min: string; d2f_at_min: string; points: Record<string, string>[]; inverse: Record<string, string>[] }
  >;
}

const raw = JSON.parse(readFileSync(new URL('../fixtures/activations.json', import.meta.url), 'utf8')) as Raw;

export function reference(name: string): FunctionReference {
  const fn = raw.functions[name];
  if (!fn) throw new Error(`no reference rows for ${name}`);
  return {
    xMin: Number(fn.x_min),
    yMin: Number(fn.y_min),
    d2fMin: Number(fn.d2f_at_min),
    points: fn.points.map((p) => ({ x: Number(p.x), f: Number(p.f), df: Number(p.df), d2f: Number(p.d2f) })),
    inverse: fn.inverse.map((r) => ({
      y: Number(r.y),
      branch: r.branch as 'left' | 'right',
      x: Number(r.x),
      df: Number(r.df),
    })),
  };
}

/** The float64 ulp of x (2^-1074 in the subnormal range). */
export function ulp64(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1;
  else if (2 ** (e + 1) <= a) e += 1;
  return 2 ** (e - 52);
}
