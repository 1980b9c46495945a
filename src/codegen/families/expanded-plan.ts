import type { ExpandedInstance } from '../../functions/families/expanded.js';
import type { Piece } from '../../functions/families/family.js';
import { findRoot } from '../../numerics/root.js';
import { chebyshevInterpolant, evalMonomial } from './chebyshev-fit.js';
import { float32AtLeast } from './thresholds.js';

/**
 * The host's plan for an expanded gate at one α, in float64: everything the per-element code
 * needs that depends on α alone (DESIGN §7). Per monotone piece, a few segments of an initial
 * approximation x₀(y) (Chebyshev interpolants in a variable v of y, fitted here at every call),
 * which the per-element code refines by a fixed number of Newton steps. Near a critical point c
 * float32 cannot resolve f(x) − f(c) from f(x) and f(c), so there the residual is the Taylor series
 * of f at c (an anchor) in δ = x − c, and the iterate is δ. Where f' stays small beyond the
 * series' reach (near α_c), further anchors continue it (anchorsOf).
 *
 * Variables (w = sign·(y − y_ref)): linear v = w; sqrt v = √w (the square-root law at a critical
 * point); cbrt v = ∛w (the cube-root law where two critical points meet, near α_c); log v = ln w
 * (a tail that tends to a finite y exponentially); rsqrt v = 1/√w (one that tends to it like 1/x²:
 * arctan's, x ≈ −1/√(3π·w)). Factor: the guess is factor·P(t), factor 1, v or w, so that
 * it keeps its relative accuracy where the iterate passes through 0.
 */

export type Kind = 'linear' | 'sqrt' | 'cbrt' | 'log' | 'rsqrt';
export type FactorKind = 'one' | 'v' | 'w';

export interface Anchor {
  readonly x: number;
  readonly y: number;
  /** f(x + δ) − f(x) = Σ taylor[k−1]·δ^k, k = 1..TAYLOR_DEGREE. */
  readonly taylor: readonly number[];
  /** |δ| up to which the series is used (its truncation below 2^-27 relative). */
  readonly radius: number;
}

export interface GuessSegment {
  /** The segment serves y ≥ yFrom (the piece's first segment every y of the piece below too). */
  readonly yFrom: number;
  readonly kind: Kind;
  readonly sign: 1 | -1;
  readonly yRef: number;
  readonly center: number;
  readonly scale: number;
  readonly factor: FactorKind;
  /** The anchor whose series is the residual (the iterate is then δ = x − anchor.x), or none. */
  readonly anchor: number | undefined;
  readonly coefficients: readonly number[];
}

export interface PiecePlan {
  readonly code: number;
  /** y ≤ yLow gives xAtLow (a critical point's x, or ±∞), y ≥ yHigh gives xAtHigh; g likewise. */
  readonly yLow: number;
  readonly yHigh: number;
  readonly xAtLow: number;
  readonly xAtHigh: number;
  readonly gAtLow: number;
  readonly gAtHigh: number;
  readonly segments: readonly GuessSegment[];
}

export interface ExpandedPlan {
  readonly alpha: number;
  readonly anchors: readonly Anchor[];
  /** By code: pieces[0] is code 0; absent codes repeat piece 0. */
  readonly pieces: readonly PiecePlan[];
}

export const GUESS_DEGREE = 6;
export const TAYLOR_DEGREE = 20;
/** Relative error the initial approximation must meet (checked at every segment's test points). */
export const GUESS_TOLERANCE = 2 ** -12;
export const MAX_SEGMENTS = 32;
/** Anchors at most: two critical points or the dip, and their continuations (anchorsOf). */
export const ANCHOR_SLOTS = 4;

/** Where the series of f at c stays accurate: its tail below 2^-27 of the value, capped at R/3. */
function anchorAt(inst: ExpandedInstance, c: number): Anchor {
  const a = 1 + 2 * inst.alpha;
  const g = inst.gate.taylor(c, 2 * TAYLOR_DEGREE + 1);
  const series = (k: number) => c * a * g[k]! + a * g[k - 1]! - (k === 1 ? inst.alpha : 0);
  const taylor = Array.from({ length: TAYLOR_DEGREE }, (_, i) => series(i + 1));
  const tail = Array.from({ length: TAYLOR_DEGREE + 1 }, (_, i) => series(TAYLOR_DEGREE + 1 + i));
  // Far out (arctan's minimum for small α lies at |c| ≈ (2/(3πα))^(1/3)) f varies on the scale of c.
  let radius = Math.min(inst.gate.radius(c) / 2.5, Math.max(2.5, Math.abs(c) / 2));
  const value = (r: number) => Math.max(Math.abs(evalMonomial([0, ...taylor], r)), Math.abs(evalMonomial([0, ...taylor], -r)));
  const rest = (r: number) => tail.reduce((s, t, i) => s + Math.abs(t) * r ** (TAYLOR_DEGREE + 1 + i), 0);
  while (rest(radius) > 2 ** -27 * value(radius)) radius *= 0.8;
  return { x: c, y: inst.f(c), taylor, radius };
}

/**
 * Σ|k·c_k·δ^(k−1)| / |T'(δ)|, δ = x − x_a: how many times the float32 rounding of the series' terms
 * is magnified in f' = T'(δ) (∞ at another critical point, where T' cancels to 0).
 */
function slopeCondition(a: Anchor, x: number): number {
  const d = x - a.x;
  if (d === 0) return 1;
  let sum = 0;
  let abs = 0;
  a.taylor.forEach((c, i) => {
    const term = (i + 1) * c * d ** i;
    sum += term;
    abs += Math.abs(term);
  });
  const r = abs / Math.abs(sum);
  return r === r ? r : Infinity;
}

/** y of v for a segment's variable. */
function yOfV(kind: Kind, sign: number, yRef: number, v: number): number {
  const w = kind === 'linear' ? v : kind === 'sqrt' ? v * v : kind === 'cbrt' ? v * v * v : kind === 'log' ? Math.exp(v) : 1 / (v * v);
  return yRef + sign * w;
}

function vOfY(kind: Kind, sign: number, yRef: number, y: number): number {
  const w = sign * (y - yRef);
  if (kind === 'linear') return w;
  if (kind === 'sqrt') return Math.sqrt(Math.max(w, 0));
  if (kind === 'cbrt') return Math.cbrt(w);
  return kind === 'log' ? Math.log(Math.max(w, 1e-300)) : 1 / Math.sqrt(Math.max(w, 1e-300));
}

export interface Candidate {
  readonly kind: Kind;
  readonly sign: 1 | -1;
  readonly yRef: number;
  readonly factor: FactorKind;
  readonly anchor: number | undefined;
}

/**
 * The guess on the x-interval [xa, xb] of one piece for one candidate: the interpolant of the
 * iterate (x, or δ from the anchor) divided by the factor, in t = (v − center)·scale. Its error
 * is measured at points spread in x (the forward function only), relative to the iterate.
 */
export function fitCandidate(inst: ExpandedInstance, anchors: readonly Anchor[], piece: Piece, xa: number, xb: number, cand: Candidate) {
  const ya = inst.f(xa);
  const yb = inst.f(xb);
  const va = vOfY(cand.kind, cand.sign, cand.yRef, ya);
  const vb = vOfY(cand.kind, cand.sign, cand.yRef, yb);
  if (!Number.isFinite(va) || !Number.isFinite(vb) || va === vb) return undefined;
  const center = 0.5 * (va + vb);
  const scale = 2 / Math.abs(vb - va);
  const [lo, hi] = xa < xb ? [xa, xb] : [xb, xa];
  const base = cand.anchor === undefined ? 0 : anchors[cand.anchor]!.x;
  const iterate = (x: number) => x - base;
  const factorOf = (y: number, v: number) => (cand.factor === 'one' ? 1 : cand.factor === 'v' ? v : cand.sign * (y - cand.yRef));
  const sign = piece.increasing ? 1 : -1;
  const xOfY = (y: number) => {
    const r = (x: number) => sign * (inst.f(x) - y);
    if (!(r(lo) <= 0 && r(hi) >= 0)) return y <= Math.min(ya, yb) === piece.increasing ? lo : hi;
    return findRoot((x) => [r(x), sign * inst.df(x)], lo, hi);
  };
  const coefficients = chebyshevInterpolant((t) => {
    const v = center + t / scale;
    const y = yOfV(cand.kind, cand.sign, cand.yRef, v);
    const f = factorOf(y, v);
    return f === 0 ? 0 : iterate(xOfY(y)) / f;
  }, GUESS_DEGREE);
  if (!coefficients.every(Number.isFinite)) return undefined;
  let error = 0;
  const checks = 4 * GUESS_DEGREE;
  const xs = Array.from({ length: checks + 1 }, (_, j) => lo + ((hi - lo) * j) / checks);
  // Where x itself passes through 0 the guess must keep its relative accuracy on the way in (near
  // an anchor the factor v gives δ that accuracy by construction, and float64 y − y_anchor could
  // not check it there).
  if (cand.anchor === undefined && lo <= 0 && 0 <= hi) {
    for (let k = 4; k <= 40; k += 4) for (const s of [-1, 1]) if (s * 2 ** -k * (hi - lo) > lo && s * 2 ** -k * (hi - lo) < hi) xs.push(s * 2 ** -k * (hi - lo));
  }
  // y within half a float32 ulp of a critical value rounds to it (or past it, onto the clamp):
  // no float32 input needs the guess there, and float64 could not check it.
  const resolution = cand.kind === 'sqrt' || cand.kind === 'cbrt' ? 2 ** -25 * Math.abs(cand.yRef) : 0;
  for (const x of xs) {
    const y = inst.f(x);
    if (Math.abs(y - cand.yRef) < resolution) continue;
    const v = vOfY(cand.kind, cand.sign, cand.yRef, y);
    const guess = factorOf(y, v) * evalMonomial(coefficients, (v - center) * scale);
    const exact = iterate(x);
    const e = exact === 0 ? (guess === 0 ? 0 : Infinity) : Math.abs(guess - exact) / Math.abs(exact);
    error = Math.max(error, Number.isFinite(e) ? e : Infinity);
  }
  return { center, scale, coefficients, error };
}

/** The largest float32 ≤ v (±∞ stay). */
function float32AtMost(v: number): number {
  const r = Math.fround(v);
  return r <= v ? r : -float32AtLeast(-v);
}

type End =
  | { readonly type: 'critical'; readonly x: number; readonly anchor: number }
  | { readonly type: 'linear'; readonly x: number; readonly slope: number; readonly intercept: number }
  | { readonly type: 'limit'; readonly x: number; readonly limit: number };

const FLOAT32_MAX = 3.4028234663852886e38;

function endOf(inst: ExpandedInstance, anchors: readonly Anchor[], x: number): End {
  if (Number.isFinite(x)) return { type: 'critical', x, anchor: anchors.findIndex((a) => a.x === x) };
  const y = inst.f(x);
  if (Number.isFinite(y)) return { type: 'limit', x, limit: y };
  // f = x·(a·g − α): slope 1 + α (+∞) or −α (−∞); intercept a·lim x(g − 1) or a·lim x·g.
  const a = 1 + 2 * inst.alpha;
  const slope = x > 0 ? 1 + inst.alpha : -inst.alpha;
  return { type: 'linear', x, slope, intercept: a * inst.gate.xgAtMinusInfinity };
}

/** The first x = from + direction·2^k (k ≥ 0) where `ok` holds there and at twice the distance. */
function outwardUntil(from: number, direction: 1 | -1, ok: (x: number) => boolean): number {
  for (let step = 1; step < 1e30; step *= 2) {
    const x = from + direction * step;
    if (ok(x) && ok(from + 2 * direction * step) && ok(from + 8 * direction * step)) return x;
  }
  throw new RangeError(`expanded plan: no tail start found from x = ${from}`);
}

/** An interval [xa, xb] of the piece with its candidate variables, to be fitted or split. */
interface Span {
  readonly xa: number;
  readonly xb: number;
}

function planPiece(inst: ExpandedInstance, anchors: readonly Anchor[], piece: Piece): PiecePlan {
  const tol = GUESS_TOLERANCE;
  const lowEnd = endOf(inst, anchors, piece.x.lo);
  const highEnd = endOf(inst, anchors, piece.x.hi);
  const segments: { xa: number; xb: number; seg: Omit<GuessSegment, 'yFrom'> }[] = [];
  // Tails: where the asymptote (y − intercept)/slope is the guess, and where y sits at its limit.
  let xa = lowEnd.x;
  let xb = highEnd.x;
  for (const end of [lowEnd, highEnd]) {
    if (end.type === 'critical') continue;
    const dir = end.x > 0 ? 1 : -1;
    // From the piece's other end where that is finite, else from 0.
    const other = dir > 0 ? piece.x.lo : piece.x.hi;
    const start = (Number.isFinite(other) ? other : 0) + dir;
    let cut: number;
    if (end.type === 'linear') {
      const asymptote = (y: number) => (y - end.intercept) / end.slope;
      cut = outwardUntil(start, dir, (x) => Math.abs(asymptote(inst.f(x)) - x) <= 0.25 * tol * Math.abs(x));
      segments.push({ xa: cut, xb: end.x, seg: { kind: 'linear', sign: 1, yRef: 0, center: 0, scale: 1, factor: 'one', anchor: undefined, coefficients: [-end.intercept / end.slope, 1 / end.slope] } });
    } else {
      // Beyond this x, |y − limit| is below float32's resolution there: y is the limit itself.
      const resolution = end.limit === 0 ? 2 ** -151 : 2 ** -27 * Math.abs(end.limit);
      cut = outwardUntil(start, dir, (x) => Math.abs(inst.f(x) - end.limit) < resolution);
    }
    if (dir > 0) xb = cut;
    else xa = cut;
  }
  // The rest, by bisection until every span has a guess within the tolerance.
  // Split first where an anchor's series ends, so the spans near it can iterate in δ.
  const cuts = [xa, xb];
  for (const a of anchors) for (const x of [a.x - a.radius, a.x + a.radius, 0.5 * a.x]) if (x > xa && x < xb) cuts.push(x);
  cuts.sort((p, q) => p - q);
  const pending: Span[] = cuts.slice(1).map((x, i) => ({ xa: cuts[i]!, xb: x }));
  while (pending.length > 0) {
    const span = pending.pop()!;
    // A span whose y all round to one or two float32 (where two critical points nearly meet, near α_c)
    // needs no interpolant: its middle x serves.
    const [ya, yb] = [inst.f(span.xa), inst.f(span.xb)];
    const best = bestFit(inst, anchors, piece, span, lowEnd, highEnd);
    if ((!best || best.error > tol) && Math.abs(ya - yb) <= 2 ** -25 * Math.max(Math.abs(ya), Math.abs(yb), 2 ** -126)) {
      // The Newton steps start from the middle x, in δ where an anchor is near.
      const x = 0.5 * (span.xa + span.xb);
      const near = anchors.findIndex((a) => Math.abs(a.x - x) <= a.radius);
      const base = near < 0 ? 0 : anchors[near]!.x;
      segments.push({ xa: span.xa, xb: span.xb, seg: { kind: 'linear', sign: 1, yRef: 0, center: 0, scale: 1, factor: 'one', anchor: near < 0 ? undefined : near, coefficients: [x - base] } });
      continue;
    }
    if (best && best.error <= tol) {
      segments.push({ xa: span.xa, xb: span.xb, seg: best.seg });
      continue;
    }
    if (segments.length + pending.length + 2 > 4 * MAX_SEGMENTS) {
      throw new RangeError(`${inst.family} at α = ${inst.alpha}: piece ${piece.code} needs more than ${MAX_SEGMENTS} segments (best error ${best?.error})`);
    }
    // Geometric where the span reaches far out (tails), arithmetic near 0.
    const ratio = span.xa / span.xb;
    const mid = ratio > 4 || (ratio > 0 && ratio < 0.25) ? Math.sign(span.xa) * Math.sqrt(span.xa * span.xb) : 0.5 * (span.xa + span.xb);
    pending.push({ xa: mid, xb: span.xb }, { xa: span.xa, xb: mid });
  }
  // Ordered by y; each serves from its lower y on.
  const withY = segments.map((s) => {
    const [y1, y2] = [inst.f(s.xa), inst.f(s.xb)];
    return { ...s.seg, yFrom: Math.min(y1, y2) };
  });
  withY.sort((p, q) => p.yFrom - q.yFrom);
  if (withY.length > MAX_SEGMENTS) throw new RangeError(`${inst.family} at α = ${inst.alpha}: piece ${piece.code} needs ${withY.length} segments, more than ${MAX_SEGMENTS}`);
  const limits = (end: End) => {
    if (end.type === 'critical') return { y: inst.f(end.x), x: end.x, g: 0 };
    if (end.type === 'limit') return { y: end.limit, x: end.x, g: 0 };
    // x itself overflows float32 beyond f(±FLOAT32_MAX).
    const yEdge = inst.f(end.x > 0 ? FLOAT32_MAX : -FLOAT32_MAX);
    return { y: Math.abs(yEdge) < FLOAT32_MAX ? yEdge : inst.f(end.x), x: end.x, g: end.slope };
  };
  const [atLow, atHigh] = piece.increasing ? [limits(lowEnd), limits(highEnd)] : [limits(highEnd), limits(lowEnd)];
  return {
    code: piece.code,
    yLow: float32AtMost(atLow.y),
    yHigh: float32AtLeast(atHigh.y),
    xAtLow: atLow.x,
    xAtHigh: atHigh.x,
    gAtLow: atLow.g,
    gAtHigh: atHigh.g,
    segments: withY.map((s, i) => ({ ...s, yFrom: i === 0 ? -Infinity : s.yFrom })),
  };
}

/** The candidates for a span and the one whose guess is closest. */
function bestFit(inst: ExpandedInstance, anchors: readonly Anchor[], piece: Piece, span: Span, lowEnd: End, highEnd: End) {
  const ySign = (yRef: number): 1 | -1 => (0.5 * (inst.f(span.xa) + inst.f(span.xb)) >= yRef ? 1 : -1);
  // An anchor serves a span it serves throughout: both ends and the point nearest 0 (nearer 0
  // the direct residual is well conditioned anyway).
  const nearest0 = Math.min(span.xa, span.xb) <= 0 && 0 <= Math.max(span.xa, span.xb) ? 0 : Math.abs(span.xa) < Math.abs(span.xb) ? span.xa : span.xb;
  const within = (a: number) => [span.xa, span.xb, nearest0].every((x) => serves(anchors[a]!, x, 1 + 1e-9));
  const near = anchors.map((_, i) => i).filter(within);
  // The one whose series for f' cancels least at the span's ends (g is T'(δ)), then the nearer to xa.
  const score = (i: number) => Math.max(slopeCondition(anchors[i]!, span.xa), slopeCondition(anchors[i]!, span.xb));
  const better = (p: number, q: number) => score(p) < score(q) || (score(p) === score(q) && Math.abs(anchors[p]!.x - span.xa) <= Math.abs(anchors[q]!.x - span.xa));
  const anchor = near.length > 0 ? near.reduce((p, q) => (better(p, q) ? p : q)) : undefined;
  // Another anchor's series may give the guess only where it cancels no worse (the two critical
  // points' series both vanish across the piece between them).
  const usable = near.filter((a) => score(a) <= Math.max(score(anchor!), SLOPE_CONDITION_MAX));
  const cands: Candidate[] = [];
  for (const end of [lowEnd, highEnd]) {
    if (end.type === 'critical' && (span.xa === end.x || span.xb === end.x) && !within(end.anchor)) {
      const a = anchors[end.anchor]!;
      for (const kind of ['sqrt', 'cbrt'] as const) cands.push({ kind, sign: ySign(a.y), yRef: a.y, factor: 'one', anchor: undefined });
    }
    if (end.type === 'limit') for (const kind of ['log', 'rsqrt'] as const) cands.push({ kind, sign: ySign(end.limit), yRef: end.limit, factor: 'one', anchor: undefined });
  }
  // Near an anchor that is not inside the span: δ ∝ √(y − y_a) at a critical point, ∝ ∛ where two meet.
  for (const a of usable) {
    const x = anchors[a]!.x;
    if (Math.min(span.xa, span.xb) < x && x < Math.max(span.xa, span.xb)) continue;
    for (const kind of ['sqrt', 'cbrt'] as const) cands.push({ kind, sign: ySign(anchors[a]!.y), yRef: anchors[a]!.y, factor: 'v', anchor: a });
  }
  // An anchor inside the span (the point of least slope, near α_c): δ crosses 0 there.
  const inside = anchor !== undefined && Math.min(span.xa, span.xb) < anchors[anchor]!.x && anchors[anchor]!.x < Math.max(span.xa, span.xb);
  if (inside) {
    const a = anchors[anchor!]!;
    cands.push({ kind: 'cbrt', sign: 1, yRef: a.y, factor: 'v', anchor }, { kind: 'linear', sign: 1, yRef: a.y, factor: 'w', anchor });
  } else {
    cands.push({ kind: 'linear', sign: 1, yRef: 0, factor: 'one', anchor });
    if (anchor === undefined && Math.min(span.xa, span.xb) <= 0 && 0 <= Math.max(span.xa, span.xb)) cands.push({ kind: 'linear', sign: 1, yRef: 0, factor: 'w', anchor });
  }
  let best: { error: number; seg: Omit<GuessSegment, 'yFrom'> } | undefined;
  for (const cand of cands) {
    const r = fitCandidate(inst, anchors, piece, span.xa, span.xb, cand);
    if (r && (!best || r.error < best.error)) best = { error: r.error, seg: { ...cand, center: r.center, scale: r.scale, coefficients: r.coefficients } };
  }
  return best;
}

/**
 * Past its radius a series hands over to the direct residual f(x) − y, whose float32 rounding
 * (a few ulp of y) moves the root κ(x) = |f(x)|/|x·f'(x)| times as many ulp of x. Near α_c, f'
 * stays small for units of x beyond the merging critical points (κ ≈ 3.4 at the dip's series edge,
 * where x was 11 ulp and g 40 ulp off), so the dip gets an anchor where κ exceeds this there, and
 * while κ at the edge of the anchors' reach exceeds it, one more anchor continues them outward.
 */
export const KAPPA_MAX = 2;
/** How many times a continuation's series for f' may cancel where it takes over (slopeCondition). */
export const SLOPE_CONDITION_MAX = 2;

/** Whether an anchor serves x: within its radius (times `slack`), and where x = x_a + δ cannot cancel (|x| ≥ |x_a|/2). */
function serves(a: Anchor, x: number, slack = 1): boolean {
  return Math.abs(x - a.x) <= slack * a.radius && Math.abs(x) >= 0.5 * Math.abs(a.x);
}

/** The x an anchor serves on its own side of 0, [lo, hi]. */
function reach(a: Anchor): [number, number] {
  const [lo, hi] = [a.x - a.radius, a.x + a.radius];
  return a.x < 0 ? [lo, Math.min(hi, 0.5 * a.x)] : [Math.max(lo, 0.5 * a.x), hi];
}

/** The anchors of f at α: its critical points, where f' is least when κ is large there (α below α_c), and their continuations. */
function anchorsOf(inst: ExpandedInstance): Anchor[] {
  const kappa = (x: number) => Math.abs(inst.f(x)) / Math.abs(x * inst.df(x));
  const xs = inst.critical.map((c) => c.x);
  if (xs.length === 0 && inst.dip && kappa(inst.dip.x) > KAPPA_MAX) xs.push(inst.dip.x);
  const anchors = xs.map((x) => anchorAt(inst, x));
  // Only beside a dip: arctan's f' tends to α over thousands of units of x, beyond any series.
  for (const dir of inst.dip && anchors.length > 0 ? ([-1, 1] as const) : []) {
    for (;;) {
      const ends = anchors.map((a) => reach(a)[dir < 0 ? 0 : 1]);
      const edge = (dir < 0 ? Math.min(...ends) : Math.max(...ends)) + dir * 2 ** -10;
      // Four serve every α of [−0.5, 2] (scanned at 700 values); were more needed, the direct residual would serve the rest.
      if (!(kappa(edge) > KAPPA_MAX) || anchors.length === ANCHOR_SLOTS) break;
      // The next one as far out as its reach still takes in the edge, with its f' series there
      // cancelling no more than SLOPE_CONDITION_MAX times (at s → 0 it is 1).
      let next: Anchor | undefined;
      for (let s = 0.9; !next; s *= 0.8) {
        const a = anchorAt(inst, edge + dir * s * anchorAt(inst, edge).radius);
        if (serves(a, edge) && slopeCondition(a, edge) <= SLOPE_CONDITION_MAX) next = a;
      }
      anchors.push(next);
    }
  }
  return anchors;
}

export function planExpanded(inst: ExpandedInstance): ExpandedPlan {
  const anchors = anchorsOf(inst);
  const byCode = inst.pieces.map((p) => planPiece(inst, anchors, p));
  const piece0 = byCode.find((p) => p.code === 0)!;
  const pieces = [0, 1, 2].map((code) => byCode.find((p) => p.code === code) ?? piece0);
  return { alpha: inst.alpha, anchors, pieces };
}

