import { getActivation } from '../../src/functions/catalogue.js';
import { backwardData, SIGMAS } from './data.js';
import { FUNCTIONS, GRAD_FROM_OUTPUT, PUBLISHED } from './functions.js';
import { arrayBackward, backwardLoop, compileUnique } from './loops.js';
import { backwardFunction, camel } from '../../src/codegen/names.js';
import type { BenchOptions } from './options.js';
import { printRatios, race } from './timing.js';

const BASELINE = "exact f'(x) from saved x (float64)";

/**
 * A Newton inverse iterated to float32 accuracy, then f'(x): the method without a fit. It starts
 * from the square-root law at the minimum (plus y on the right branch, where x ≈ y for large y).
 */
function newtonGrad(fn: string): (y: number, left: number) => number {
  const { f, df, xMin, yMin, d2fMin } = getActivation(fn);
  return compileUnique(`Newton ${fn}`, { f, df, xMin, yMin, d2fMin }, `return function newtonGrad(y, left) {
  let t = xMin + (left ? -1 : 1) * Math.sqrt(Math.max(2 * (y - yMin) / d2fMin, 0)) + (left ? 0 : Math.max(y, 0));
  for (let k = 0; k < 30; k++) {
    const d = (f(t) - y) / df(t);
    if (!Number.isFinite(d)) break;
    t -= d;
    if (Math.abs(d) <= 2 ** -25 * Math.abs(t)) break;
  }
  return df(t);
};`);
}

/**
 * Backward in V8: dx = dy·g(y, bit) with the generated code, per element (a loop calling g) and
 * over arrays (the generated <fn>Backward, g written out in its own loop), against f'(x) from x.
 */
export function runV8Backward(options: BenchOptions): void {
  const n = options.quick ? 1_000_000 : 10_000_000;
  const rounds = options.quick ? 5 : 7;
  console.log(`Times relative to ${BASELINE}, this package's reference formulas (erf/exp in float64).`);
  for (const sigma of SIGMAS) {
    for (const fn of FUNCTIONS) {
      const data = backwardData(fn, n, sigma);
      const exact = getActivation(fn).df;
      const candidates: Record<string, () => number> = {
        [BASELINE]: backwardLoop(`${fn} exact64`, 'fromInput', exact, data),
        "exact f'(x) from saved x, rounded to float32": backwardLoop(`${fn} exact32`, 'fromInput32', exact, data),
        'ours: generated g(y, bit) (float32 in and out)': backwardLoop(`${fn} ours`, 'fromOutput', GRAD_FROM_OUTPUT[fn], data),
        [`ours: generated ${camel(backwardFunction(fn))}(y, mask, dy), g in its loop`]: arrayBackward(fn, data),
      };
      const published = PUBLISHED[fn];
      if (published) candidates['published optiacts g(y, bit), our float32 port'] = backwardLoop(`${fn} optiacts`, 'fromOutput', published, data);
      if (!options.quick) candidates['Newton inverse to float32 accuracy, then f′'] = backwardLoop(`${fn} newton`, 'fromOutput', newtonGrad(fn), data);
      printRatios(`backward, ${fn}, ${n} elements, x ~ N(0, ${sigma}²), ${rounds} rounds`, race(candidates, rounds), BASELINE, n);
    }
  }
}
