import { findRoot } from '../../numerics/root.js';
import type { Interval } from '../activation.js';

/**
 * What an expression's f looks like on the real line: its critical points, its behaviour at
 * ±∞, and the monotone pieces between (the branches). Bad functions are rejected with a
 * RangeError that says where: a non-finite value, a jump, a flat piece (no inverse there).
 */

export interface Derivatives {
  readonly f: (x: number) => number;
  readonly df: (x: number) => number;
  readonly d2f: (x: number) => number;
}

export interface CriticalPoint {
  readonly x: number;
  readonly y: number;
  readonly kind: 'minimum' | 'maximum';
  /** f''(x): positive at a smooth minimum; NaN or 0 at a kink. */
  readonly d2f: number;
  /** The grid bracket of the sign change of f' that the root finder refined. */
  readonly bracket: readonly [number, number];
}

export type Asymptote =
  | { readonly kind: 'linear'; readonly slope: number; readonly intercept: number }
  | { readonly kind: 'constant'; readonly value: number; readonly side: 'below' | 'above' | 'exact' }
  | { readonly kind: 'unbounded' };

export interface Piece {
  /** As the built-ins: the rightmost piece has code 0, each piece further left one more. */
  readonly code: number;
  readonly direction: 'increasing' | 'decreasing';
  readonly x: Interval;
  readonly y: Interval;
}

export interface Analysis {
  readonly criticalPoints: readonly CriticalPoint[];
  readonly asymptotes: { readonly minus: Asymptote; readonly plus: Asymptote };
  readonly pieces: readonly Piece[];
}

/** The dense part of the grid: every 1/128 on [−64, 64]; geometric beyond, out to ±2^40. */
const DENSE = 64;
const STEP = 1 / 128;
/** An exactly flat f within this |x| is a flat piece; further out it is a tail that underflowed. */
const FLAT_WITHIN = 30;

export function analysisGrid(): number[] {
  const outer: number[] = [];
  for (let k = 1; DENSE * 2 ** (k / 8) <= 2 ** 40; k++) outer.push(DENSE * 2 ** (k / 8));
  const dense: number[] = [];
  for (let i = -DENSE / STEP; i <= DENSE / STEP; i++) dense.push(i * STEP);
  return [...outer.map((v) => -v).reverse(), ...dense, ...outer];
}

const fmt = (v: number) => String(Number(v.toPrecision(12)));

export function analyze(d: Derivatives, where: string): Analysis {
  const fail = (problem: string): never => {
    throw new RangeError(`${where}: ${problem}`);
  };
  const xs = analysisGrid();
  const fs = xs.map(d.f);
  const dfs = xs.map(d.df);
  for (const [label, fn] of [['f(x)', d.f], ["f'(x)", d.df], ["f''(x)", d.d2f]] as const) {
    // Nearest 0 first: the report names the most telling place.
    const bad = [...xs].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b).find((x) => !Number.isFinite(fn(x)));
    if (bad !== undefined) {
      fail(`${label} is not finite at x = ${fmt(bad)} (${fn(bad)}); an activation must be finite${label === 'f(x)' ? '' : ' and smooth enough to differentiate twice'} on the whole real line`);
    }
  }
  checkJumps(d, xs, fs, dfs, fail);
  checkFlat(xs, fs, dfs, fail);
  const criticalPoints = findCriticalPoints(d, xs, dfs, fail);
  const asymptotes = { minus: asymptote(d, -1), plus: asymptote(d, 1) };
  return { criticalPoints, asymptotes, pieces: pieces(d, criticalPoints, asymptotes) };
}

/**
 * A step of f between neighbours that f' cannot explain is narrowed by bisection; one that
 * stays as the interval shrinks to nothing is a jump (or a pole between grid points), which
 * leaves y values with no preimage.
 */
function checkJumps(d: Derivatives, xs: number[], fs: number[], dfs: number[], fail: (p: string) => never): void {
  // Unexplained: larger than 4·max|f'|·(b − a), or against the sign f' has at both ends and between.
  const unexplained = (a: number, b: number, fa: number, fb: number, da: number, db: number) => {
    const dm = d.df(0.5 * (a + b));
    const slope = Math.max(Math.abs(da), Math.abs(db), Math.abs(dm));
    if (Math.abs(fb - fa) > 4 * slope * (b - a) + 1e-12 * (Math.abs(fa) + Math.abs(fb)) + 1e-300) return true;
    const s = Math.sign(da);
    return s !== 0 && Math.sign(db) === s && Math.sign(dm) === s && Math.sign(fb - fa) === -s;
  };
  for (let i = 0; i + 1 < xs.length; i++) {
    let [a, b] = [xs[i]!, xs[i + 1]!];
    if (!unexplained(a, b, fs[i]!, fs[i + 1]!, dfs[i]!, dfs[i + 1]!)) continue;
    const u = (lo: number, hi: number) => unexplained(lo, hi, d.f(lo), d.f(hi), d.df(lo), d.df(hi));
    for (let k = 0; k < 200 && b - a > 1e-15 * Math.max(1, Math.abs(a)); k++) {
      const m = 0.5 * (a + b);
      if (u(a, m)) b = m;
      else if (u(m, b)) a = m;
      else break;
    }
    if (b - a <= 1e-12 * Math.max(1, Math.abs(a))) {
      fail(`f jumps at x ≈ ${fmt(near(a))} (from ${fmt(d.f(a))} to ${fmt(d.f(b))}): an activation must be continuous, or some y have no preimage`);
    }
  }
}

/** A located point for messages: bisection ends within 1e-12 of it, so digits below that are noise. */
const near = (x: number) => (Math.abs(x) < 1e-12 ? 0 : x);

/** f' exactly 0 with f unchanged between neighbours: f is constant there and has no inverse. */
function checkFlat(xs: number[], fs: number[], dfs: number[], fail: (p: string) => never): void {
  let start: number | undefined;
  for (let i = 0; i + 1 < xs.length; i++) {
    const flat = Math.abs(xs[i]!) <= FLAT_WITHIN && Math.abs(xs[i + 1]!) <= FLAT_WITHIN && dfs[i] === 0 && dfs[i + 1] === 0 && fs[i] === fs[i + 1];
    if (flat && start === undefined) start = i;
    if (start !== undefined && (!flat || i + 2 === xs.length)) {
      const end = flat ? i + 1 : i;
      const [lo, hi] = [xs[start]!, xs[end]!];
      const loText = lo <= -FLAT_WITHIN ? `x ≤ ${fmt(hi)}` : hi >= FLAT_WITHIN ? `x ≥ ${fmt(lo)}` : `[${fmt(lo)}, ${fmt(hi)}]`;
      fail(`f is constant (f = ${fmt(fs[start]!)}) on about ${loText}: y = ${fmt(fs[start]!)} has no unique preimage there, so f has no inverse`);
    }
  }
}

function findCriticalPoints(d: Derivatives, xs: number[], dfs: number[], fail: (p: string) => never): CriticalPoint[] {
  const out: CriticalPoint[] = [];
  let last = -1;
  for (let i = 0; i < xs.length; i++) {
    if (dfs[i] === 0) continue;
    if (last >= 0 && Math.sign(dfs[i]!) !== Math.sign(dfs[last]!)) {
      const bracket = [xs[last]!, xs[i]!] as const;
      const x = findRoot((t) => [d.df(t), d.d2f(t)], bracket[0], bracket[1]);
      const d2f = d.d2f(x);
      const kind = dfs[last]! < 0 ? 'minimum' : 'maximum';
      // A sign change of f' without a zero is a corner: the square-root law needs f'(x) = 0.
      const scale = Math.max(Math.abs(dfs[last]!), Math.abs(dfs[i]!));
      if (Math.abs(d.df(x)) > 1e-9 * scale) {
        fail(`f has a corner ${kind} at x ≈ ${fmt(near(x))} (f' jumps from ${fmt(d.df(x - 1e-9 * Math.max(1, Math.abs(x))))} to ${fmt(d.df(x + 1e-9 * Math.max(1, Math.abs(x))))}): the inverse needs a smooth ${kind} with f' = 0`);
      }
      out.push({ x, y: d.f(x), kind, d2f, bracket });
    }
    last = i;
  }
  return out;
}

/** f at ±∞ from f and f' far out: slope and intercept when f' settles, else a limit of f. */
function asymptote(d: Derivatives, side: -1 | 1): Asymptote {
  const far = [1e8, 1e12, 1e16, 1e100, 1e300].map((v) => side * v);
  const slopes = far.map(d.df);
  const values = far.map(d.f);
  const settled = (vs: number[]) => vs.every((v) => Math.abs(v - vs[vs.length - 1]!) <= 1e-9 * Math.max(1, Math.abs(vs[vs.length - 1]!)));
  const slope = slopes[slopes.length - 1]!;
  if (settled(slopes) && slope !== 0) {
    // The intercept where f − slope·x is still resolved in float64 but the tail has settled.
    const at = side * 1e6;
    return { kind: 'linear', slope, intercept: Number((d.f(at) - slope * at).toPrecision(6)) };
  }
  if (settled(values)) {
    const value = values[values.length - 1]!;
    // The side f approaches from: f at the furthest of 1, 2, 4, … where it still differs from the limit.
    let from = value;
    for (let t = 1; t <= 2 ** 40; t *= 2) if (d.f(side * t) !== value) from = d.f(side * t);
    return { kind: 'constant', value: value === 0 ? 0 : value, side: from < value ? 'below' : from > value ? 'above' : 'exact' };
  }
  return { kind: 'unbounded' };
}

/** f's limit on one side: ±∞ along a line or where f grows faster (x², eˣ: the sign f has far out). */
function limitOf(a: Asymptote, side: -1 | 1, d: Derivatives): number {
  if (a.kind === 'linear') return side * Math.sign(a.slope) * Infinity;
  if (a.kind === 'constant') return a.value;
  const far = d.f(side * 1e6);
  return far === 0 || Number.isNaN(far) ? NaN : Math.sign(far) * Infinity;
}

function pieces(d: Derivatives, cps: readonly CriticalPoint[], asymptotes: Analysis['asymptotes']): Piece[] {
  const ends = [-Infinity, ...cps.map((c) => c.x), Infinity];
  const yAt = (x: number, i: number) => (x === -Infinity ? limitOf(asymptotes.minus, -1, d) : x === Infinity ? limitOf(asymptotes.plus, 1, d) : cps[i]!.y);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < ends.length; i++) {
    const [lo, hi] = [ends[i]!, ends[i + 1]!];
    const direction = i < cps.length ? (cps[i]!.kind === 'minimum' ? 'decreasing' : 'increasing') : cps.length > 0 ? (cps[cps.length - 1]!.kind === 'minimum' ? 'increasing' : 'decreasing') : d.df(0) >= 0 ? 'increasing' : 'decreasing';
    const [ya, yb] = [yAt(lo, i - 1), yAt(hi, i)];
    out.push({
      code: cps.length - i,
      direction,
      // As the built-ins: a critical point belongs to the piece on its right.
      x: { lo, hi, loOpen: lo === -Infinity, hiOpen: true },
      y: { lo: Math.min(ya, yb), hi: Math.max(ya, yb), loOpen: direction === 'decreasing' || lo === -Infinity, hiOpen: direction === 'increasing' || lo === -Infinity },
    });
  }
  return out;
}
