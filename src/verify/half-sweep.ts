import { compileToJs } from '../codegen/typescript.js';
import type { Fit } from '../fit/fit-file.js';
import { activationOf } from '../fit/activation-of.js';
import { errorAt, overBound } from '../fit/measure.js';
import { BranchReference } from '../fit/reference.js';
import { compileFunction } from '../ir/interpret.js';
import { lowerFit } from '../ir/lower.js';
import { formatFloat32 } from '../numerics/float32.js';
import { halfFloor, halfValuesIn, type HalfDtype } from '../numerics/half.js';
import { regionOf } from './sweep/chunk.js';
import { ARITHMETICS, emptyFitStats, type FitStats } from './sweep/stats.js';

/**
 * The exhaustive sweep of a bf16 or fp16 fit: every value of the dtype that y can take on the
 * fit's branch (at most 65,536, so no sampling and no interpolated reference): from the largest
 * dtype value at or below y_min (rounding can put y there) to −0 on the left, to +Inf on the
 * right. Each runs through the interpreter of the fit's IR and the emitted TypeScript, in both
 * arithmetics (each pair must agree bit for bit), against the activation's float64 inverse
 * (fit/reference.ts).
 */
export function halfBranchValues(fit: Fit): Float64Array {
  const dtype = halfDtypeOf(fit);
  const a = activationOf(fit);
  return halfValuesIn(dtype, halfFloor(dtype, a.yMin), fit.branch.id === 'left' ? -0 : Infinity).values.filter((v) => fit.branch.id === 'right' || !Object.is(v, 0));
}

function halfDtypeOf(fit: Fit): HalfDtype {
  if (fit.dtype === 'float32') throw new RangeError(`half sweep: ${fit.activation.name} ${fit.branch.id} ${fit.target} is a float32 fit; sweep it with verify`);
  return fit.dtype;
}

export function sweepHalfFit(fit: Fit): FitStats {
  halfDtypeOf(fit);
  const ys = halfBranchValues(fit);
  const fn = lowerFit(fit, 'shipped');
  const references = new BranchReference(activationOf(fit), fit.branch.id).values(fit.target, ys);
  const stats = emptyFitStats(fit);
  for (const arithmetic of ARITHMETICS) {
    const model = compileFunction(fn, arithmetic);
    const emitted = compileToJs(fn, arithmetic);
    for (let i = 0; i < ys.length; i++) {
      const yv = ys[i]!;
      const got = model(yv);
      if (!Object.is(got, emitted(yv))) {
        throw new Error(`half sweep: the IR model and the emitted TypeScript (${arithmetic}) differ for ${fit.activation.name} ${fit.branch.id} ${fit.target} ${fit.dtype} at y = ${formatFloat32(yv)}`);
      }
      const r = references[i]!;
      const e = errorAt(got, r, fit.bound.abs);
      const s = stats[arithmetic][regionOf(fit, yv)]!;
      s.count++;
      if (e.ulps > s.maxUlps || Number.isNaN(s.atUlps)) [s.maxUlps, s.atUlps] = [e.ulps, yv];
      if (e.abs > s.maxAbs || Number.isNaN(s.atAbs)) [s.maxAbs, s.atAbs] = [e.abs, yv];
      if (overBound(e.ulps, e.abs, r, fit.bound)) {
        if (s.over === 0) s.firstOver = yv;
        s.over++;
      }
    }
  }
  return stats;
}
