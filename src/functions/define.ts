import { findRoot } from '../numerics/root.js';
import { assertBranchId, type Activation, type BranchId, type Definition } from './activation.js';
import { solveInverse } from './solve-inverse.js';

/** What an activation's module supplies; everything else is derived here. */
export interface ActivationSpec extends Definition {
  /** f, f', f'' at −∞ and +∞: their limits, which the formulas would give as ∞·0. */
  readonly atInfinity: {
    readonly f: readonly [number, number];
    readonly df: readonly [number, number];
    readonly d2f: readonly [number, number];
  };
  /**
   * An interval holding the minimum, where f' changes sign from − to +. Absent: f is increasing on
   * the whole line, with one branch (x_min = −∞, y_min = f(−∞) from atInfinity).
   */
  readonly minimumBracket?: readonly [number, number];
  /** A closed-form inverse for y strictly inside the branch's range; the generic solver otherwise. */
  inverse?(y: number, branch: BranchId, minimum: Minimum): number;
}

export interface Minimum {
  readonly xMin: number;
  readonly yMin: number;
  readonly d2fMin: number;
}

/** The minimum, from a safeguarded Newton solve of f'(x) = 0; for an increasing f, its infimum at −∞. */
export function findMinimum(spec: Pick<ActivationSpec, 'f' | 'df' | 'd2f' | 'minimumBracket' | 'atInfinity'>): Minimum {
  if (!spec.minimumBracket) return { xMin: -Infinity, yMin: spec.atInfinity.f[0], d2fMin: spec.atInfinity.d2f[0] };
  const [lo, hi] = spec.minimumBracket;
  const xMin = findRoot((x) => [spec.df(x), spec.d2f(x)], lo, hi);
  return { xMin, yMin: spec.f(xMin), d2fMin: spec.d2f(xMin) };
}

/** Extend a formula to ±∞ by its limits. */
function withLimits(formula: (x: number) => number, [atMinus, atPlus]: readonly [number, number]) {
  return (x: number): number => (x === Infinity ? atPlus : x === -Infinity ? atMinus : formula(x));
}

export function defineActivation(definition: ActivationSpec): Activation {
  const spec: ActivationSpec = {
    ...definition,
    f: withLimits(definition.f, definition.atInfinity.f),
    df: withLimits(definition.df, definition.atInfinity.df),
    d2f: withLimits(definition.d2f, definition.atInfinity.d2f),
  };
  const minimum = findMinimum(spec);
  const { xMin, yMin, d2fMin } = minimum;
  const solve = spec.inverse ?? ((y: number, branch: BranchId) => solveInverse(spec, minimum, y, branch));

  const oneBranch = !spec.minimumBracket;
  const inverse = (y: number, branch: BranchId): number => {
    assertBranchId(branch, `${spec.name}.inverse`);
    if (oneBranch && branch === 'left') throw new RangeError(`${spec.name}.inverse: ${spec.name} is monotone, with one branch ('right', code 0); there is no 'left' branch`);
    if (Number.isNaN(y)) return NaN;
    if (y <= yMin) return xMin;
    if (branch === 'left') {
      if (y > 0) return NaN;
      if (y === 0) return -Infinity;
    } else if (y === Infinity) {
      return Infinity;
    }
    return solve(y, branch, minimum);
  };

  return {
    name: spec.name,
    label: spec.label,
    formula: spec.formula,
    f: spec.f,
    df: spec.df,
    d2f: spec.d2f,
    xMin,
    yMin,
    d2fMin,
    branches: oneBranch
      ? [{ id: 'right', code: 0, x: { lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true }, y: { lo: yMin, hi: Infinity, loOpen: true, hiOpen: true } }]
      : [
          { id: 'left', code: 1, x: { lo: -Infinity, hi: xMin, loOpen: true, hiOpen: true }, y: { lo: yMin, hi: 0, loOpen: true, hiOpen: true } },
          { id: 'right', code: 0, x: { lo: xMin, hi: Infinity, loOpen: false, hiOpen: true }, y: { lo: yMin, hi: Infinity, loOpen: false, hiOpen: true } },
        ],
    inverse,
    // f' is defined at ±Infinity by every spec (its tail limits), so the tails need no case here.
    gradFromOutput: (y, branch) => spec.df(inverse(y, branch)),
    branchOf: (x) => (x < xMin ? 'left' : 'right'),
  };
}
