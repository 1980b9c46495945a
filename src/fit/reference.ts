import type { Activation, BranchId } from '../functions/activation.js';
import type { Target } from './fit-file.js';

/**
 * The exact values a fit is measured against, for one branch: x = f⁻¹(y) in float64 and
 * g = f'(x). Sweeps over sorted y warm-start Newton from the previous x, which needs two or
 * three steps instead of a bracketed solve; any step that does not converge cleanly falls back
 * to the activation's own inverse, so the values are the same to float64 rounding.
 */
export class BranchReference {
  constructor(
    readonly activation: Activation,
    readonly branch: BranchId,
  ) {}

  value(target: Target, yv: number): number {
    return this.fromX(target, this.activation.inverse(yv, this.branch));
  }

  /** Values at every y of `ys`; fastest when ys is sorted. */
  values(target: Target, ys: ArrayLike<number>): Float64Array {
    const out = new Float64Array(ys.length);
    let previous = NaN;
    for (let i = 0; i < ys.length; i++) {
      const x = this.warmInverse(ys[i]!, previous);
      out[i] = this.fromX(target, x);
      previous = x;
    }
    return out;
  }

  private fromX(target: Target, x: number): number {
    return target === 'inverse' ? x : this.activation.df(x);
  }

  /** Newton from `guess` on f(x) = y (ln(f(x)/y) = 0 on the left), or the full inverse. */
  private warmInverse(yv: number, guess: number): number {
    const a = this.activation;
    // Near the minimum f' → 0 and Newton from a neighbour can jump branches; the tails are exact cases.
    if (!Number.isFinite(guess) || !(yv - a.yMin > 1e-3 * -a.yMin) || yv === 0 || !Number.isFinite(yv)) {
      return a.inverse(yv, this.branch);
    }
    const left = this.branch === 'left';
    let x = guess;
    for (let k = 0; k < 8; k++) {
      const fx = a.f(x);
      const step = left ? (Math.log(fx / yv) * fx) / a.df(x) : (fx - yv) / a.df(x);
      const next = x - step;
      if (!Number.isFinite(next) || (left ? next >= a.xMin : next < a.xMin)) break;
      // A step of relative size d leaves an error of about |x f''/(2 f')|·d²: below 1e-12 here.
      if (Math.abs(step) <= 1e-7 * Math.abs(next)) return next;
      x = next;
    }
    return a.inverse(yv, this.branch);
  }
}
