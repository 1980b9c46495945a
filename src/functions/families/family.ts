import type { Interval } from '../activation.js';

/**
 * Parametric activations (DESIGN §7): f(x; θ) with θ trained, one scalar per layer. Fixed fits
 * cannot serve them, so everything here is a function of the parameters: the monotone pieces,
 * their branch codes (1 or 2 bits per element, DESIGN §1) and a float64 reference inverse.
 */

export interface ParameterSpec {
  readonly name: string;
  /** What it is, in a sentence. */
  readonly describe: string;
  /** The supported (and verified) range; `open` ends are excluded. */
  readonly min: number;
  readonly max: number;
  readonly minOpen: boolean;
  readonly maxOpen: boolean;
  /** The value a layer starts from. */
  readonly initial: number;
}

export type Parameters = Readonly<Record<string, number>>;

/** A critical point of f: f'(x) = 0, a local minimum or maximum. */
export interface CriticalPoint {
  readonly kind: 'min' | 'max';
  readonly x: number;
  readonly y: number;
  readonly d2f: number;
}

/** A maximal interval of x on which f is strictly monotone, with its branch code. */
export interface Piece {
  /** The code stored per element for x on this piece (0 = the piece that ends at +∞). */
  readonly code: number;
  readonly x: Interval;
  readonly y: Interval;
  readonly increasing: boolean;
}

/** A family at one parameter value: everything float64 and exact to rounding. */
export interface FamilyInstance {
  readonly family: string;
  readonly params: Parameters;
  f(x: number): number;
  df(x: number): number;
  d2f(x: number): number;
  /**
   * The function the inverse inverts and its derivative: f and f' themselves, but for xIELU, whose
   * forward clamps on (−1e−6, 0] (see xielu.ts).
   */
  readonly inverted: { f(x: number): number; df(x: number): number };
  /** ∂f/∂θ for every parameter θ: what a trainable layer needs x for. */
  dParams(x: number): Record<string, number>;
  /** Ordered by x. */
  readonly critical: readonly CriticalPoint[];
  /** Ordered by x, left to right (so by descending code). */
  readonly pieces: readonly Piece[];
  /** The branch code of x. */
  codeOf(x: number): number;
  /**
   * x = f⁻¹(y) on the piece with this code, by a bracketed root solve of f(x) = y. y beyond an end
   * of the piece's range gives that end's x (a critical point, or ±∞ at a limit); NaN gives NaN.
   */
  inverse(y: number, code: number): number;
  /** f'(f⁻¹(y)) on that piece. */
  gradFromOutput(y: number, code: number): number;
}

export interface ParametricFamily {
  readonly name: string;
  readonly label: string;
  readonly formula: string;
  readonly parameters: readonly ParameterSpec[];
  /** Bits per element of the branch code: 1 (at most two pieces) or 2 (three). */
  readonly codeBits: 1 | 2;
  /** The family at these parameters; a RangeError names any missing or out-of-range one. */
  at(params: Parameters): FamilyInstance;
}

/** Reject parameters that are missing, unknown, not finite or outside their range. */
export function checkParameters(family: string, specs: readonly ParameterSpec[], params: Parameters): void {
  const names = specs.map((s) => s.name);
  for (const key of Object.keys(params)) {
    if (!names.includes(key)) throw new RangeError(`${family}: unknown parameter "${key}"; allowed: ${names.join(', ')}`);
  }
  for (const s of specs) {
    const v = params[s.name];
    const range = `${s.minOpen ? '(' : '['}${s.min}, ${s.max}${s.maxOpen ? ')' : ']'}`;
    if (typeof v !== 'number' || Number.isNaN(v)) throw new RangeError(`${family}: parameter ${s.name} must be a number in ${range}, got ${String(v)}`);
    const below = s.minOpen ? !(v > s.min) : !(v >= s.min);
    const above = s.maxOpen ? !(v < s.max) : !(v <= s.max);
    if (below || above) throw new RangeError(`${family}: parameter ${s.name} must be in ${range}, got ${v}`);
  }
}

/** The piece with this code; codes no piece has take piece 0, as the generated code does. */
export function pieceOf(pieces: readonly Piece[], code: number): Piece {
  return pieces.find((p) => p.code === code) ?? pieces.find((p) => p.code === 0)!;
}
