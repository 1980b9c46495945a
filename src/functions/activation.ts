/**
 * What every activation in the catalogue provides. The rest of the pipeline (fitting,
 * code generation, verification) sees activations only through this interface.
 */

/** `left`: x < x_min (branch code 1); `right`: x ≥ x_min (branch code 0). */
export type BranchId = 'left' | 'right';

export const BRANCH_IDS: readonly BranchId[] = ['left', 'right'];

/** A closed or half-open real interval; `loOpen`/`hiOpen` say which ends are excluded. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

export interface Branch {
  readonly id: BranchId;
  /** The code stored per element: 1 for left (x < x_min), 0 for right. */
  readonly code: 0 | 1;
  /** Inputs x on this branch. */
  readonly x: Interval;
  /** Outputs y = f(x) for x on this branch. */
  readonly y: Interval;
}

/** An activation's definition: its names and f, f', f'' in float64. */
export interface Definition {
  readonly name: string;
  /** Human-readable name, e.g. "GELU (exact erf)". */
  readonly label: string;
  /** The definition, as a formula. */
  readonly formula: string;
  f(x: number): number;
  df(x: number): number;
  d2f(x: number): number;
}

export interface Activation extends Definition {
  /**
   * The unique minimum: f'(x_min) = 0. Computed from f', not typed in. A monotone (one-branch)
   * function has its infimum at x_min = −∞: y_min = f(−∞), which no x attains.
   */
  readonly xMin: number;
  readonly yMin: number;
  /** f''(x_min) > 0: sets the square-root law of the inverse near the minimum (f''(−∞) for a monotone f). */
  readonly d2fMin: number;
  /** [left, right]; a monotone function has the right branch only (code 0, every x): no branch bit. */
  readonly branches: readonly [Branch, Branch] | readonly [Branch];
  /**
   * x = f⁻¹(y) on `branch`, in float64. y below y_min (where rounding can put it) gives
   * x_min; y = ±0 on the left branch gives −Infinity (the tail limit); y with no preimage
   * on the branch (y > 0 on the left) gives NaN.
   */
  inverse(y: number, branch: BranchId): number;
  /** g(y) = f'(f⁻¹(y)) on `branch`: what backward multiplies dy by. */
  gradFromOutput(y: number, branch: BranchId): number;
  /** The branch of x: `left` when x < x_min. */
  branchOf(x: number): BranchId;
}

/** Reject anything that is not a branch id, naming the allowed values. */
export function assertBranchId(branch: unknown, where: string): asserts branch is BranchId {
  if (branch !== 'left' && branch !== 'right') {
    throw new RangeError(`${where}: branch must be 'left' or 'right', got ${JSON.stringify(branch)}`);
  }
}

/** Whether f is monotone: one branch (the right one, code 0, every x), so backward needs no branch bit. */
export function isOneBranch(a: Pick<Activation, 'branches'>): boolean {
  return a.branches.length === 1;
}
