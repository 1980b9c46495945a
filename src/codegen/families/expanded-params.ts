import type { ExpandedFamily } from '../../functions/families/expanded.js';
import type { ParamBlock } from '../../ir/ir.js';
import { fround } from '../../numerics/float32.js';
import { ANCHOR_SLOTS, GUESS_DEGREE, planExpanded, TAYLOR_DEGREE, type ExpandedPlan, type FactorKind, type Kind } from './expanded-plan.js';
import { float32AtLeast } from './thresholds.js';

/**
 * The parameter block of an expanded gate: the host's plan (expanded-plan.ts) laid out as float32
 * for the per-element code. Per piece (codes 0, 1, 2): its limits, SEGMENT_SLOTS segment
 * boundaries (a binary search picks the segment; unused ones are +∞) and records; then the
 * anchors' Taylor series (c_k, and k·c_k, k(k − 1)·c_k for T' and T''). Pairs hi + lo where a difference must be exact (y − y_ref, x_anchor + δ).
 */

export const SEGMENT_SLOTS = 32;
export const PIECES = 3;

export const KIND_CODE: Record<Kind, number> = { linear: 0, sqrt: 1, cbrt: 2, log: 3, rsqrt: 4 };
export const FACTOR_CODE: Record<FactorKind, number> = { one: 0, v: 1, w: 2 };

/** One segment record: its fields, then the GUESS_DEGREE + 1 coefficients. */
export const SEGMENT_FIELDS = ['kind', 'sign', 'yref_hi', 'yref_lo', 'center', 'scale', 'factor', 'anchor'] as const;
export const SEGMENT_STRIDE = SEGMENT_FIELDS.length + GUESS_DEGREE + 1;
/** One anchor record: x and y pairs, the series' coefficients c_k and their multiples k·c_k. */
export const ANCHOR_STRIDE = 4 + 3 * TAYLOR_DEGREE;
export const PIECE_FIELDS = ['y_low', 'y_high', 'x_at_low', 'x_at_high', 'g_at_low', 'g_at_high'] as const;

const pieceName = (j: number, field: string) => `p${j}_${field}`;
export const boundaryName = (j: number, i: number) => pieceName(j, `b${i}`);
export const segmentName = (j: number, i: number, field: string) => pieceName(j, `s${i}_${field}`);
export const anchorName = (i: number, field: string) => `a${i}_${field}`;

export function expandedParamBlock(family: string): ParamBlock {
  const names = ['alpha', 'a', 'a_over_pi_hi', 'a_over_pi_lo', 'code_x1', 'code_x2'];
  for (let j = 0; j < PIECES; j++) {
    names.push(...PIECE_FIELDS.map((f) => pieceName(j, f)));
    for (let i = 0; i < SEGMENT_SLOTS; i++) names.push(boundaryName(j, i));
    for (let i = 0; i < SEGMENT_SLOTS; i++) {
      names.push(...SEGMENT_FIELDS.map((f) => segmentName(j, i, f)));
      for (let k = 0; k <= GUESS_DEGREE; k++) names.push(segmentName(j, i, `c${k}`));
    }
  }
  for (let i = 0; i < ANCHOR_SLOTS; i++) {
    names.push(anchorName(i, 'x_hi'), anchorName(i, 'x_lo'), anchorName(i, 'y_hi'), anchorName(i, 'y_lo'));
    for (let k = 1; k <= TAYLOR_DEGREE; k++) names.push(anchorName(i, `c${k}`));
    for (let k = 1; k <= TAYLOR_DEGREE; k++) names.push(anchorName(i, `d${k}`));
    for (let k = 1; k <= TAYLOR_DEGREE; k++) names.push(anchorName(i, `e${k}`));
  }
  return { name: `${family}_params`, names };
}

const split = (v: number): [number, number] => {
  const hi = fround(v);
  return [hi, Number.isFinite(hi) ? fround(v - hi) : 0];
};

/** The block of a plan, in expandedParamBlock order. */
export function packExpanded(family: ExpandedFamily, plan: ExpandedPlan, block: ParamBlock): Float32Array {
  const inst = family.at({ alpha: plan.alpha });
  const a = 1 + 2 * plan.alpha;
  const values = new Map<string, number>();
  const set = (name: string, v: number) => values.set(name, v);
  const [apHi, apLo] = split(a / Math.PI);
  set('alpha', plan.alpha);
  set('a', a);
  set('a_over_pi_hi', apHi);
  set('a_over_pi_lo', apLo);
  const xMin = inst.critical.find((c) => c.kind === 'min')?.x ?? -Infinity;
  const xMax = inst.critical.find((c) => c.kind === 'max')?.x ?? -Infinity;
  set('code_x1', float32AtLeast(xMin));
  set('code_x2', float32AtLeast(xMax));
  plan.pieces.forEach((piece, j) => {
    const limits = [piece.yLow, piece.yHigh, piece.xAtLow, piece.xAtHigh, piece.gAtLow, piece.gAtHigh];
    PIECE_FIELDS.forEach((f, k) => set(pieceName(j, f), limits[k]!));
    for (let i = 0; i < SEGMENT_SLOTS; i++) {
      const s = piece.segments[i];
      // Rounded up: a float32 y reaches segment i exactly when y ≥ its float64 lower end.
      set(boundaryName(j, i), s ? (i === 0 ? -Infinity : float32AtLeast(s.yFrom)) : Infinity);
      const [yHi, yLo] = s ? split(s.yRef) : [0, 0];
      const fields = s ? [KIND_CODE[s.kind], s.sign, yHi, yLo, s.center, s.scale, FACTOR_CODE[s.factor], s.anchor ?? -1] : [0, 1, 0, 0, 0, 1, 0, -1];
      SEGMENT_FIELDS.forEach((f, k) => set(segmentName(j, i, f), fields[k]!));
      for (let k = 0; k <= GUESS_DEGREE; k++) set(segmentName(j, i, `c${k}`), s?.coefficients[k] ?? 0);
    }
  });
  for (let i = 0; i < ANCHOR_SLOTS; i++) {
    const an = plan.anchors[i];
    const [xHi, xLo] = an ? split(an.x) : [0, 0];
    const [yHi, yLo] = an ? split(an.y) : [0, 0];
    set(anchorName(i, 'x_hi'), xHi);
    set(anchorName(i, 'x_lo'), xLo);
    set(anchorName(i, 'y_hi'), yHi);
    set(anchorName(i, 'y_lo'), yLo);
    for (let k = 1; k <= TAYLOR_DEGREE; k++) {
      set(anchorName(i, `c${k}`), an?.taylor[k - 1] ?? 0);
      set(anchorName(i, `d${k}`), an ? k * an.taylor[k - 1]! : 0);
      set(anchorName(i, `e${k}`), an ? k * (k - 1) * an.taylor[k - 1]! : 0);
    }
  }
  return Float32Array.from(block.names, (n) => {
    const v = values.get(n);
    if (v === undefined) throw new Error(`packExpanded: no value for ${n}`);
    return v;
  });
}

/** The parameter block of `family` at α: the plan, fitted now, packed. */
export function expandedParams(family: ExpandedFamily, alpha: number): Float32Array {
  return packExpanded(family, planExpanded(family.at({ alpha })), expandedParamBlock(family.name));
}
