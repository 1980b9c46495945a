import type { FamilyInstance, Piece } from '../../functions/families/family.js';
import { errorAt, measurementSamples, overBound } from '../../fit/measure.js';
import { FLOAT32_MAX, fround, nextDown32, nextUp32 } from '../../numerics/float32.js';
import type { CompiledFamily } from '../../codegen/families/typescript.js';

/**
 * The approximation error of a family's generated float32 code at one parameter value, piece by
 * piece: at `count` float32 y of the piece's y-range (all of them where there are fewer; else
 * both ends densely, a share evenly by ordinal and a share evenly by value: measurementSamples),
 * plus the specials, against the float64 reference: x = f⁻¹(y) by Newton on f from the previous
 * y's root, accepted only for small steps inside the piece, else the bracketed solve
 * (FamilyInstance.inverse). Errors in ulps of the reference, absolute below ABS (DESIGN §5).
 */

export const ABS = 2 ** -40;
export const TINY = 2 ** -120;

export interface TargetStats {
  maxUlps: number;
  atY: number;
  maxAbs: number;
  over: number;
}

export interface PieceStats {
  readonly code: number;
  readonly count: number;
  /** Normal y (and ±0, ±∞): what the bound covers. */
  readonly inverse: TargetStats;
  readonly grad: TargetStats;
  /**
   * Tiny y (0 < |y| < TINY), apart: there σ(x) or Φ(x) is subnormal in float32 (x < −80 on xSiLU's
   * left piece near α = 0, x < −13 on xGELU's), so a float32 residual f(x) − y resolves x only to as
   * many bits as those have; g there is below 2^-100.
   */
  readonly tiny: { readonly inverse: TargetStats; readonly grad: TargetStats };
}

/** The float32 y a piece covers, as [lo, hi) for measurementSamples: finite, inside float32. */
function pieceRange(piece: Piece): [number, number] {
  const lo = Math.max(piece.y.lo, -FLOAT32_MAX);
  const hi = Math.min(piece.y.hi, FLOAT32_MAX);
  const lo32 = fround(lo) <= lo ? fround(lo) : nextDown32(lo);
  const hi32 = fround(hi) >= hi ? fround(hi) : nextUp32(hi);
  return [lo32, hi32 > lo32 ? hi32 : nextUp32(lo32)];
}

const SPECIALS = [0, -0, 2 ** -149, -(2 ** -149), -(2 ** -126), 2 ** -126, FLOAT32_MAX, -FLOAT32_MAX, Infinity, -Infinity, NaN];

/** Reference x for sorted y: warm Newton where it is safe, the bracketed solve elsewhere. */
function references(inst: FamilyInstance, piece: Piece, ys: Float64Array): Float64Array {
  const xs = new Float64Array(ys.length);
  let x = NaN;
  const nearCritical = (y: number) => inst.critical.some((c) => Math.abs(y - c.y) < 1e-3 * Math.max(Math.abs(c.y), 1e-3));
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    let solved = false;
    if (x === x && Number.isFinite(x) && Number.isFinite(y) && !nearCritical(y) && y > piece.y.lo && y < piece.y.hi) {
      for (let k = 0; k < 4; k++) {
        const step = (inst.inverted.f(x) - y) / inst.inverted.df(x);
        const next = x - step;
        if (!Number.isFinite(next) || next < piece.x.lo || next > piece.x.hi) break;
        x = next;
        if (Math.abs(step) <= 1e-7 * Math.abs(x)) {
          solved = true;
          break;
        }
      }
    }
    if (!solved) x = inst.inverse(y, piece.code);
    xs[i] = x;
  }
  return xs;
}

function emptyStats(): TargetStats {
  return { maxUlps: 0, atY: NaN, maxAbs: 0, over: 0 };
}

/** The samples of one piece: measurementSamples over its range, then the specials. */
export function pieceSamples(piece: Piece, count: number): Float64Array {
  const [lo, hi] = pieceRange(piece);
  const body = measurementSamples(lo, hi, count);
  const out = new Float64Array(body.length + SPECIALS.length);
  out.set(body);
  out.set(SPECIALS, body.length);
  return out;
}

/** Sweep every piece of `inst` with the compiled code and its parameter block `p`. */
export function sweepFamily(inst: FamilyInstance, run: CompiledFamily, p: Float32Array, count: number, bound: { ulps: number; abs: number }): PieceStats[] {
  return inst.pieces.map((piece) => {
    const ys = pieceSamples(piece, count);
    const sorted = ys.subarray(0, ys.length - SPECIALS.length);
    const xs = new Float64Array(ys.length);
    xs.set(references(inst, piece, sorted));
    for (let i = sorted.length; i < ys.length; i++) xs[i] = inst.inverse(ys[i]!, piece.code);
    const inverse = emptyStats();
    const grad = emptyStats();
    const tiny = { inverse: emptyStats(), grad: emptyStats() };
    const record = (s: TargetStats, got: number, want: number, y: number) => {
      // A reference beyond float32's range rounds to ±∞, which is then the exact answer.
      const e = got === fround(want) && !Number.isFinite(got) ? { ulps: 0, abs: 0 } : errorAt(got, want, bound.abs);
      if (e.ulps > s.maxUlps) [s.maxUlps, s.atY] = [e.ulps, y];
      if (e.abs > s.maxAbs) s.maxAbs = e.abs;
      if (overBound(e.ulps, e.abs, want, bound)) s.over++;
    };
    for (let i = 0; i < ys.length; i++) {
      const y = ys[i]!;
      const x = xs[i]!;
      // NaN in must give NaN out; elsewhere both agree to the bound (±∞ exactly).
      if (Number.isNaN(y)) {
        for (const s of [inverse, grad]) {
          const got = s === inverse ? run.inverse(y, piece.code, p) : run.grad(y, piece.code, p);
          if (!Number.isNaN(got)) [s.maxUlps, s.atY, s.over] = [Infinity, y, s.over + 1];
        }
        continue;
      }
      const into = y !== 0 && Math.abs(y) < TINY ? tiny : { inverse, grad };
      record(into.inverse, run.inverse(y, piece.code, p), x, y);
      record(into.grad, run.grad(y, piece.code, p), inst.inverted.df(x), y);
    }
    return { code: piece.code, count: ys.length, inverse, grad, tiny };
  });
}
