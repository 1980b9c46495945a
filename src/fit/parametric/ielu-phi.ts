import type { BranchId } from '../../functions/activation.js';
import { ieluPhi } from '../../functions/families/ielu-phi.js';
import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal, FLOAT32_MAX, FLOAT32_MIN_SUBNORMAL, fround } from '../../numerics/float32.js';
import type { Family } from '../families.js';
import type { Fit, Target, TailRegion } from '../fit-file.js';
import { fitBranch, type FitOptions } from '../planner.js';
import type { BranchPlan } from '../tails.js';

/**
 * The fits of φ⁻¹ and φ'∘φ⁻¹ (φ(t) = e^t − 1 − t, xIELU's negative side): Lambert W₀ and W₋₁ in
 * log space, fitted by the same planner as the catalogue with the families and tails φ's
 * unbounded branches need. s runs over every float32 ≥ 0:
 *   right (t ≥ 0): t ≈ √(2s), then t ≈ ln s (u = ln s); g = e^t − 1 = s + t, which rounds to s;
 *   left (t < 0):  t ≈ −√(2s), then t = −s − 1 + e^(−1−s) (lead −s); g = e^t − 1 rounds to −1.
 */

// Mapped, unlike the catalogue's: the planner tries the first segment on ranges down to a few
// float32 above s = 0 (u ≈ 1e-22), where monomial coefficients in u itself would overflow.
/** The fit command's name for φ; its fits live in fits/families/. */
export const IELU_PHI = 'ielu_phi';

const atMinimum = (lead: Family['lead']): Family => ({ transform: 'sqrt-min', mapped: true, firstOnly: true, lead, factor: 'u', outer: 'none' });
const nearMinimum = (lead: Family['lead']): Family => ({ transform: 'sqrt-hi', mapped: true, firstOnly: false, lead, factor: 'u', outer: 'none' });

export function ieluPhiFamilies(branch: BranchId, target: Target): readonly Family[] {
  const sqrtLead = target === 'inverse' ? 'constant' : 'u';
  const start = [atMinimum(sqrtLead), nearMinimum(sqrtLead)];
  if (branch === 'right') {
    return target === 'inverse'
      ? [...start, { transform: 'identity', mapped: true, firstOnly: false, lead: 'y', factor: 'y', outer: 'none' }, { transform: 'log', mapped: true, firstOnly: false, lead: 'none', factor: 'one', outer: 'none' }]
      : [...start, { transform: 'identity', mapped: true, firstOnly: false, lead: 'y', factor: 'y', outer: 'none' }, { transform: 'log', mapped: true, firstOnly: false, lead: 'y', factor: 'one', outer: 'none' }];
  }
  // Inverse: ±2^k·s leads, which reach s = 3e38 (t ≈ −1 − s there; a constant lead would need
  // coefficients beyond float32, and measured no better in the middle). g → −1: a constant lead.
  return [...start, { transform: 'identity', mapped: true, firstOnly: false, lead: target === 'inverse' ? 'scaled-y' : 'constant', factor: 'one', outer: 'none' }];
}

/** The first float32 s ≥ 1 from which `exact(s)` holds (it holds from there on). */
function from(exact: (s: number) => boolean): number {
  return float32FromOrdinal(firstOrdinalWhere(float32Ordinal(1), float32Ordinal(FLOAT32_MAX), exact));
}

export function ieluPhiPlan(branch: BranchId, target: Target): BranchPlan {
  const value = (s: number) => (target === 'inverse' ? ieluPhi.inverse(s, branch) : ieluPhi.gradFromOutput(s, branch));
  let tails: TailRegion[];
  if (target === 'grad') {
    tails =
      branch === 'right'
        ? [{ from: from((s) => fround(value(s)) === s), value: 'y', reason: "φ'(φ⁻¹(s)) = s + φ⁻¹(s) rounds to s in float32" }]
        : [{ from: from((s) => fround(value(s)) === -1), value: -1, reason: "φ'(φ⁻¹(s)) = e^t − 1 rounds to −1 in float32" }];
  } else {
    const top = fround(value(FLOAT32_MAX));
    tails = [
      { from: Infinity, value: branch === 'left' ? -Infinity : Infinity, reason: 's = +∞: the tail limit' },
      { from: FLOAT32_MAX, value: top, reason: 'the largest finite float32 s' },
    ];
  }
  // From the smallest positive s: s = 0 (and any s below) falls to the first segment, where t = 0.
  return { lo: FLOAT32_MIN_SUBNORMAL, end: Math.min(...tails.map((t) => t.from)), tails };
}

/**
 * The least tolerance φ is fitted to: its square-root form u·P(u) measures 2.3–2.9 ulp in float32
 * on segments of any length (u = √s, P and the product each round), so a 2-ulp target only
 * splits segments (measured: 64 segments at 3 ulp, over 9000 at 2 on the left inverse).
 */
export const IELU_PHI_MIN_TOL = 3;

/** Fit one branch and target of φ (to at least IELU_PHI_MIN_TOL); the fit files go to fits/families/. */
export function fitIeluPhi(branch: BranchId, target: Target, options: FitOptions = {}): Fit {
  const tol = Math.max(options.tol ?? IELU_PHI_MIN_TOL, IELU_PHI_MIN_TOL);
  return fitBranch(ieluPhi, branch, target, { ...options, tol, families: ieluPhiFamilies(branch, target), plan: ieluPhiPlan(branch, target) });
}
