import { findRoot } from '../../numerics/root.js';
import { checkParameters, pieceOf, type CriticalPoint, type FamilyInstance, type ParameterSpec, type Parameters, type ParametricFamily, type Piece } from './family.js';
import { arctanGate, normalGate, sigmoidGate, type Gate } from './gates.js';
import { pieceInverse } from './piece-inverse.js';

/**
 * Expanded gating (DESIGN §7): f(x) = x·(g(x)·(1 + 2α) − α), with a = 1 + 2α:
 *   f'  = a·G(x) − α,  G = g + x·g' (the α = 0 activation's derivative),
 *   f'' = a·(2g' + x·g''),
 *   ∂f/∂α = x·(2g(x) − 1).
 * The critical points solve G(x) = s with s = α/a. G runs from 0 at −∞ to 1 at +∞; for σ and Φ
 * it dips to a minimum G_min < 0 first (at x_g), so s in (G_min, 0) gives a maximum and a
 * minimum (three monotone pieces), s ≥ 0 one minimum and s ≤ G_min none. For arctan G is
 * increasing (f is convex), so s > 0 gives one minimum and s ≤ 0 none.
 */

export const ALPHA: ParameterSpec = {
  name: 'alpha',
  describe: 'the gate expansion α, one trainable scalar per layer (f = x·g(x) at α = 0)',
  min: -0.5,
  max: 2,
  minOpen: false,
  maxOpen: false,
  initial: 0,
};

/** Where f' = a·G − α is least for α < 0: G's minimum (x_g, G_min); absent when G is increasing. */
export interface GateDip {
  readonly x: number;
  readonly gMin: number;
  /** The α at which the number of pieces changes from one to three: G_min/(1 − 2·G_min). */
  readonly alphaCritical: number;
}

const G = (gate: Gate, x: number) => gate.g(x) + x * gate.dg(x);
const dG = (gate: Gate, x: number) => 2 * gate.dg(x) + x * gate.d2g(x);
const d2G = (gate: Gate, x: number) => 3 * gate.d2g(x) + x * gate.d3g(x);

function gateDip(gate: Gate): GateDip | undefined {
  if (gate.name === 'arctan') return undefined;
  const x = findRoot((t) => [dG(gate, t), d2G(gate, t)], -4, -1);
  const gMin = G(gate, x);
  return { x, gMin, alphaCritical: gMin / (1 - 2 * gMin) };
}

export interface ExpandedInstance extends FamilyInstance {
  readonly alpha: number;
  readonly gate: Gate;
  readonly dip: GateDip | undefined;
}

/** The zero of G − s on the increasing stretch of G right of `from` (G(from) < s). */
function rightRoot(gate: Gate, s: number, from: number): number {
  let hi = from + 1;
  while (G(gate, hi) < s) hi = from + 2 * (hi - from);
  return findRoot((t) => [G(gate, t) - s, dG(gate, t)], from, hi);
}

/** The zero of G − s left of `from` on the decreasing stretch of G (G(from) < s < 0 = G(−∞)). */
function leftRoot(gate: Gate, s: number, from: number): number {
  let lo = from - 1;
  while (G(gate, lo) < s) lo = from - 2 * (from - lo);
  return findRoot((t) => [G(gate, t) - s, dG(gate, t)], lo, from);
}

function criticalXs(gate: Gate, dip: GateDip | undefined, a: number, alpha: number): { xMax?: number; xMin?: number } {
  if (a === 0) return {};
  const s = alpha / a;
  if (!dip) {
    if (!(s > 0)) return {};
    // G is increasing; G(x) ≈ 2/(3π|x|³) far left, so the root lies right of −(2/(3πs))^(1/3) − 1.
    let lo = -Math.cbrt(2 / (3 * Math.PI * s)) - 1;
    while (G(gate, lo) > s) lo *= 2;
    return { xMin: rightRoot(gate, s, lo) };
  }
  if (s >= 0) return { xMin: alpha === 0 ? rightRoot(gate, 0, dip.x) : rightRoot(gate, s, dip.x) };
  // Three pieces exactly when G dips below s; rounding decides at α_c itself.
  if (!(G(gate, dip.x) < s)) return {};
  return { xMax: leftRoot(gate, s, dip.x), xMin: rightRoot(gate, s, dip.x) };
}

export interface ExpandedFamily extends ParametricFamily {
  readonly gate: Gate;
  readonly dip: GateDip | undefined;
  at(params: Parameters): ExpandedInstance;
}

function expandedFamily(name: string, label: string, gate: Gate): ExpandedFamily {
  const dip = gateDip(gate);
  const formula = `x·(g(x)·(1 + 2α) − α), g = ${gate.formula}`;
  return {
    name,
    label,
    formula,
    parameters: [ALPHA],
    codeBits: dip ? 2 : 1,
    gate,
    dip,
    at(params) {
      checkParameters(name, [ALPHA], params);
      const alpha = params.alpha!;
      const a = 1 + 2 * alpha;
      const f = (x: number) => {
        if (x === Infinity) return Infinity;
        if (x === -Infinity) return alpha > 0 ? Infinity : alpha < 0 ? -Infinity : a * gate.xgAtMinusInfinity;
        return x * (a * gate.g(x) - alpha);
      };
      const df = (x: number) => (Number.isFinite(x) ? a * G(gate, x) - alpha : x > 0 ? 1 + alpha : -alpha);
      const d2f = (x: number) => (Number.isFinite(x) ? a * dG(gate, x) : 0);
      const { xMax, xMin } = criticalXs(gate, dip, a, alpha);
      const critical: CriticalPoint[] = [];
      if (xMax !== undefined) critical.push({ kind: 'max', x: xMax, y: f(xMax), d2f: d2f(xMax) });
      if (xMin !== undefined) critical.push({ kind: 'min', x: xMin, y: f(xMin), d2f: d2f(xMin) });
      const fMinusInf = f(-Infinity);
      const pieces: Piece[] = [];
      if (xMin === undefined) {
        pieces.push({ code: 0, x: open(-Infinity, Infinity), y: open(fMinusInf, Infinity), increasing: true });
      } else {
        const yMin = f(xMin);
        if (xMax === undefined) {
          pieces.push({ code: 1, x: open(-Infinity, xMin), y: open(yMin, fMinusInf), increasing: false });
        } else {
          const yMax = f(xMax);
          pieces.push({ code: 2, x: open(-Infinity, xMax), y: open(-Infinity, yMax), increasing: true });
          pieces.push({ code: 1, x: { lo: xMax, hi: xMin, loOpen: false, hiOpen: true }, y: { lo: yMin, hi: yMax, loOpen: true, hiOpen: false }, increasing: false });
        }
        pieces.push({ code: 0, x: { lo: xMin, hi: Infinity, loOpen: false, hiOpen: true }, y: { lo: yMin, hi: Infinity, loOpen: false, hiOpen: true }, increasing: true });
      }
      const lowMin = xMin ?? -Infinity;
      const lowMax = xMax ?? -Infinity;
      const inverse = (y: number, code: number) => pieceInverse(f, df, pieceOf(pieces, code), y);
      return {
        family: name,
        params: { alpha },
        alpha,
        gate,
        dip,
        f,
        df,
        d2f,
        inverted: { f, df },
        dParams: (x) => ({ alpha: Number.isFinite(x) ? x * gate.twoGMinusOne(x) : Infinity }),
        critical,
        pieces,
        codeOf: (x) => (x < lowMin ? (x < lowMax ? 2 : 1) : 0),
        inverse,
        gradFromOutput: (y, code) => df(inverse(y, code)),
      };
    },
  };
}

function open(lo: number, hi: number) {
  return { lo, hi, loOpen: true, hiOpen: true };
}

export const xsilu = expandedFamily('xsilu', 'xSiLU (expanded sigmoid gate)', sigmoidGate);
export const xgelu = expandedFamily('xgelu', 'xGELU (expanded normal-CDF gate)', normalGate);
export const xatlu = expandedFamily('xatlu', 'xATLU (expanded arctan gate)', arctanGate);
