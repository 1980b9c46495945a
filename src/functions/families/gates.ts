import { erf } from '../../numerics/erf.js';
import { sigmoid } from '../../numerics/logistic.js';
import { normalCdf, normalPdf } from '../../numerics/normal.js';

/**
 * The gates of the expanded-gating family (DESIGN §7): g rises from 0 at −∞ to 1 at +∞. Each
 * gives its derivatives in float64, 2g − 1 without cancellation (∂f/∂α needs it), its Taylor
 * series at a point (the host expands f there, where float32 cannot resolve f(x) − f(c)), and the
 * distance from a real point to its nearest complex singularity (which bounds that series).
 */
export interface Gate {
  readonly name: 'sigmoid' | 'normal' | 'arctan';
  readonly formula: string;
  g(x: number): number;
  dg(x: number): number;
  d2g(x: number): number;
  d3g(x: number): number;
  /** 2g(x) − 1. */
  twoGMinusOne(x: number): number;
  /** lim x·g(x) as x → −∞: 0 for an exponentially small tail, −1/π for arctan. */
  readonly xgAtMinusInfinity: number;
  /** g(c + δ) = Σ coefficients[k] δ^k, k = 0..degree. */
  taylor(c: number, degree: number): number[];
  /** Distance from the real point c to the nearest singularity of g in the complex plane. */
  radius(c: number): number;
}

const INV_PI = 1 / Math.PI;

export const sigmoidGate: Gate = {
  name: 'sigmoid',
  formula: 'σ(x) = 1/(1 + e^−x)',
  g: (x) => sigmoid(x),
  dg: (x) => sigmoid(x) * sigmoid(-x),
  d2g: (x) => -sigmoid(x) * sigmoid(-x) * Math.tanh(0.5 * x),
  d3g: (x) => {
    const d = sigmoid(x) * sigmoid(-x);
    return d * (1 - 6 * d);
  },
  twoGMinusOne: (x) => Math.tanh(0.5 * x),
  xgAtMinusInfinity: 0,
  // s' = s·q with q = 1 − s: (n + 1)s_{n+1} = Σ s_i q_{n−i}, q_0 = σ(−c) (no cancellation), q_j = −s_j.
  taylor: (c, degree) => {
    const s = [sigmoid(c)];
    const q = [sigmoid(-c)];
    for (let n = 0; n < degree; n++) {
      let sum = 0;
      for (let i = 0; i <= n; i++) sum += s[i]! * q[n - i]!;
      s.push(sum / (n + 1));
      q.push(-s[n + 1]!);
    }
    return s;
  },
  // Poles at ±iπ(2k + 1).
  radius: (c) => Math.hypot(c, Math.PI),
};

export const normalGate: Gate = {
  name: 'normal',
  formula: 'Φ(x), the standard normal CDF',
  g: normalCdf,
  dg: normalPdf,
  d2g: (x) => -x * normalPdf(x),
  d3g: (x) => (x * x - 1) * normalPdf(x),
  twoGMinusOne: (x) => erf(x * Math.SQRT1_2),
  xgAtMinusInfinity: 0,
  // φ(c + δ) = φ(c)·E(δ), E = exp(−cδ − δ²/2): (n + 1)E_{n+1} = −c·E_n − E_{n−1}; Φ' = φ.
  taylor: (c, degree) => {
    const pdf = normalPdf(c);
    const e = [1, -c];
    for (let n = 1; n < degree; n++) e.push((-c * e[n]! - e[n - 1]!) / (n + 1));
    const out = [normalCdf(c)];
    for (let n = 0; n < degree; n++) out.push((pdf * e[n]!) / (n + 1));
    return out;
  },
  radius: () => Infinity,
};

export const arctanGate: Gate = {
  name: 'arctan',
  formula: '1/2 + arctan(x)/π',
  // Left of −1 as arctan(−1/x)/π, which keeps the tail's relative accuracy.
  g: (x) => (x < -1 ? Math.atan(-1 / x) * INV_PI : 0.5 + Math.atan(x) * INV_PI),
  dg: (x) => INV_PI / (1 + x * x),
  d2g: (x) => (-2 * x * INV_PI) / ((1 + x * x) * (1 + x * x)),
  d3g: (x) => ((6 * x * x - 2) * INV_PI) / ((1 + x * x) ** 3),
  twoGMinusOne: (x) => 2 * Math.atan(x) * INV_PI,
  xgAtMinusInfinity: -INV_PI,
  // g' = 1/(π(1 + (c + δ)²)): the series of 1/(q0 + q1 δ + δ²) by division, then integrated.
  taylor: (c, degree) => {
    const q0 = 1 + c * c;
    const q1 = 2 * c;
    const r = [1 / q0];
    for (let n = 1; n < degree; n++) r.push(-(q1 * r[n - 1]! + (n >= 2 ? r[n - 2]! : 0)) / q0);
    const out = [arctanGate.g(c)];
    for (let n = 0; n < degree; n++) out.push((r[n]! * INV_PI) / (n + 1));
    return out;
  },
  // Branch points at ±i.
  radius: (c) => Math.hypot(c, 1),
};
