import type { Anchors, Segment } from '../fit/fit-file.js';
import { c, ge, select, y, type Expr, type Stmt } from './ir.js';
import { literals, segmentStatements, type Constants } from './lower.js';

/**
 * Segments of one shape share one code path: the same statements with each constant that differs
 * between them chosen by comparisons of y with the members' starts (selects, no branches), so
 * each segment computes exactly the operations, and so the float32 values, of its own code.
 * Fewer paths mean fewer divergent paths on a GPU, where a SIMD group runs every path one of its
 * lanes takes.
 */

interface Slot {
  readonly value: number;
  readonly pinned: boolean;
}

/** A segment's statements with every constant a placeholder (the key of its shape), and its constants in order. */
function shape(segment: Segment, anchors: Anchors): { key: string; slots: Slot[] } {
  const slots: Slot[] = [];
  const body = segmentStatements(segment, anchors, (value, pinned) => {
    slots.push({ value, pinned });
    return { op: 'ref', name: `#${slots.length - 1}` };
  });
  return { key: JSON.stringify(body), slots };
}

/**
 * The segment in a more general form that gives the same float32 value at every y it serves, so
 * that it can share code with more segments:
 * - no map is the map t = (u − 0)·1, which is u exactly;
 * - u = √(y − y_min.hi) is u = √max((y − y_min.hi) − 0, 0): y − 0 is y, and the max keeps the
 *   difference because it is positive wherever the segment's y lie above y_min.hi.
 */
function generalized(segment: Segment, anchors: Anchors): { segment: Segment; anchors: Anchors } {
  const map = segment.map ?? { center: 0, scale: 1 };
  const { yMin } = anchors;
  if (segment.transform === 'sqrt-hi' && segment.lo > yMin.hi) return { segment: { ...segment, map, transform: 'sqrt-min' }, anchors: { ...anchors, yMin: { hi: yMin.hi, lo: 0 } } };
  return { segment: { ...segment, map }, anchors };
}

/** The value of the member y lies in: the last member whose start is ≤ y (members ascending; the first also serves y below its start). */
function byMember(starts: readonly number[], values: readonly number[]): Expr {
  let e = c(values[0]!);
  for (let m = 1; m < values.length; m++) if (!Object.is(values[m], values[m - 1])) e = select(ge(y, c(starts[m]!)), c(values[m]!), e);
  return e;
}

export interface SegmentGroup {
  /** Segment indices, ascending. */
  readonly members: readonly number[];
  /** The shared statements, ending in the return; correct for y in any member. */
  readonly body: readonly Stmt[];
}

/** Segments grouped by shape, in order of their first member; a group of one is the segment's own code. */
export function groupSegments(segments: readonly Segment[], anchors: Anchors): SegmentGroup[] {
  const forms = segments.map((s) => {
    const general = generalized(s, anchors);
    return { raw: { segment: s, anchors, ...shape(s, anchors) }, general: { ...general, ...shape(general.segment, general.anchors) } };
  });
  const byShape = new Map<string, number[]>();
  forms.forEach((f, i) => byShape.set(f.general.key, [...(byShape.get(f.general.key) ?? []), i]));
  return [...byShape.values()].map((members) => {
    if (members.length === 1) return { members, body: segmentStatements(segments[members[0]!]!, anchors) };
    // The general form only where the members' own forms differ.
    const sameRaw = members.every((i) => forms[i]!.raw.key === forms[members[0]!]!.raw.key);
    const chosen = members.map((i) => (sameRaw ? forms[i]!.raw : forms[i]!.general));
    const starts = members.map((i) => segments[i]!.lo);
    let slot = 0;
    const k: Constants = (value, pinned) => {
      const values = chosen.map((m) => m.slots[slot]!.value);
      slot++;
      return values.every((v) => Object.is(v, value)) ? literals(value, pinned) : byMember(starts, values);
    };
    return { members, body: segmentStatements(chosen[0]!.segment, chosen[0]!.anchors, k) };
  });
}
