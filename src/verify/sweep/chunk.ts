import type { Activation } from '../../functions/activation.js';
import type { Fit } from '../../fit/fit-file.js';
import { overBound, ulpsError } from '../../fit/measure.js';
import { regionNames, type RegionStats } from './stats.js';

/**
 * The inner loop of the exhaustive sweep: every float32 y of an ordinal range (or every
 * `stride`-th), the float32 model of the generated code against a float64 reference.
 *
 * The reference is x = f⁻¹(y) refined by Newton on f from the previous y's x. A step of
 * relative size d leaves an error of about |x f''/(2 f')|·d² (below 1e-10 relative for the
 * steps accepted here, d ≤ 1e-6: a thousandth of a float32 ulp), so it is as accurate as a
 * full solve and many times cheaper. Near the minimum (f' → 0), at ±0 and ±∞, and whenever a
 * step is not small, it takes the activation's own bracketed inverse instead. The approximation
 * never feeds the reference.
 *
 * Written for speed (it runs 10^10 times): no allocation in the loop, float32 bits through
 * typed arrays, ulps from the exponent field.
 */
export interface ChunkTask {
  readonly first: number;
  readonly last: number;
  readonly stride: number;
}

export interface Approximations {
  /** The fits of one branch, and their compiled float32 code. */
  readonly fits: readonly { readonly fit: Fit; readonly run: (y: number) => number }[];
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** Per region: max ulps, its y, max abs, its y, values over the bound, first y over, count. */
const FIELDS = 7;

function regionOf(fit: Fit, yv: number): number {
  const tails = fit.tails;
  for (let k = 0; k < tails.length; k++) if (yv >= tails[k]!.from) return fit.segments.length + k;
  const segments = fit.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (yv >= segments[mid]!.lo) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function sweepChunk(activation: Activation, approx: Approximations, task: ChunkTask): RegionStats[][] {
  const branch = approx.fits[0]!.fit.branch.id;
  const left = branch === 'left';
  const { f, df, xMin, yMin } = activation;
  const nearMinimum = yMin + 1e-3 * -yMin;
  const fits = approx.fits.map((a) => a.fit);
  const runs = approx.fits.map((a) => a.run);
  const tables = fits.map((fit) => {
    const t = new Float64Array(FIELDS * (fit.segments.length + fit.tails.length));
    for (let r = 0; r < t.length; r += FIELDS) [t[r + 1], t[r + 3], t[r + 5]] = [NaN, NaN, NaN];
    return t;
  });
  // The current x with f(x) and f'(x): each Newton step evaluates f and f' once, at the new x;
  // they serve as g's reference and as the next y's first step.
  let x = NaN;
  let fx = NaN;
  let dfx = NaN;
  for (let k = task.first; k <= task.last; k += task.stride) {
    U32[0] = k >= 0 ? k : 0x80000000 + (-1 - k);
    const yv = F32[0]!;
    let solved = false;
    if (x === x && yv > nearMinimum && yv !== 0 && yv < Infinity) {
      for (let step = 0; step < 3; step++) {
        const d = (fx - yv) / dfx;
        const next = x - d;
        if (!(next - next === 0) || (left ? next >= xMin : next < xMin)) break;
        x = next;
        fx = f(x);
        dfx = df(x);
        if (Math.abs(d) <= 1e-6 * Math.abs(x)) {
          solved = true;
          break;
        }
      }
    }
    if (!solved) {
      x = activation.inverse(yv, branch);
      fx = f(x);
      dfx = df(x);
    }
    for (let i = 0; i < fits.length; i++) {
      const fit = fits[i]!;
      const reference = fit.target === 'inverse' ? x : dfx;
      const got = runs[i]!(yv);
      const abs = got === reference ? 0 : Math.abs(got - reference);
      const ulps = ulpsError(got, reference, fit.bound.abs);
      const t = tables[i]!;
      const r = FIELDS * regionOf(fit, yv);
      t[r + 6]!++;
      if (ulps > t[r]!) [t[r], t[r + 1]] = [ulps, yv];
      if (abs > t[r + 2]!) [t[r + 2], t[r + 3]] = [abs, yv];
      if (overBound(ulps, abs, reference, fit.bound)) {
        if (t[r + 4]!++ === 0) t[r + 5] = yv;
      }
    }
  }
  return fits.map((fit, i) => {
    const t = tables[i]!;
    return regionNames(fit).map((region, j) => {
      const r = FIELDS * j;
      return { region, maxUlps: t[r]!, atUlps: t[r + 1]!, maxAbs: t[r + 2]!, atAbs: t[r + 3]!, over: t[r + 4]!, firstOver: t[r + 5]!, count: t[r + 6]! };
    });
  });
}
