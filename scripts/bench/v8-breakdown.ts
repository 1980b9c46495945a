import { compileToJs, SHIPPED_ARITHMETIC } from '../../src/codegen/typescript.js';
import { branchFunction } from '../../src/codegen/names.js';
import type { Fit } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { ret, y } from '../../src/ir/ir.js';
import { backwardData, SIGMAS, sortedByOutput } from './data.js';
import { FUNCTIONS, GRAD_FROM_OUTPUT } from './functions.js';
import { FULL, sameFunctions, BY_SHAPE, VARIANTS, type Variant } from './ir-variants.js';
import { backwardLoop, compileUnique } from './loops.js';
import type { BenchOptions } from './options.js';
import { describeCounts, meanPathCounts } from './path-cost.js';
import { median, race, ratios, spread } from './timing.js';

type Grad = (y: number, branch: number) => number;

/** The dispatcher of the generated code, over two compiled branch functions. */
function dispatcher(label: string, left: (y: number) => number, right: (y: number) => number): Grad {
  return compileUnique(label, { left, right }, 'return function g(y, branch) { return branch === 1 ? left(y) : right(y); };');
}

/**
 * Where the time of the generated g(y, bit) goes: each variant replaces one part by something
 * nearly free (built from the same IR), and the time it saves is that part's cost. Parts overlap
 * in an out-of-order core, so the savings need not add up to the whole.
 */
export function runV8Breakdown(options: BenchOptions): void {
  const n = options.quick ? 1_000_000 : 4_000_000;
  const rounds = options.quick ? 5 : 9;
  const fits = loadFits(new URL('../../fits', import.meta.url).pathname).map((f) => f.fit);
  for (const sigma of SIGMAS) {
    for (const fn of FUNCTIONS) {
      const grad = (branch: 'left' | 'right'): Fit => fits.find((f) => f.activation.name === fn && f.branch.id === branch && f.target === 'grad')!;
      const build = (variant: Variant, tag: string) => ({
        left: variant.build(grad('left'), `${branchFunction(fn, 'grad', 'left')}_${tag}`),
        right: variant.build(grad('right'), `${branchFunction(fn, 'grad', 'right')}_${tag}`),
      });
      const compiled = (variant: Variant, tag: string): Grad => {
        const { left, right } = build(variant, tag);
        return dispatcher(`${fn} ${variant.label}`, compileToJs(left, SHIPPED_ARITHMETIC), compileToJs(right, SHIPPED_ARITHMETIC));
      };
      const data = backwardData(fn, n, sigma);
      const full = build(FULL, 'full');
      const shipped = { left: compileToJs(full.left, SHIPPED_ARITHMETIC), right: compileToJs(full.right, SHIPPED_ARITHMETIC) };
      const exactLabel = "exact f'(x) from saved x (float64)";
      const fullLabel = 'ours: g(y, bit) compiled from the IR';
      /** Candidate → the part whose cost the time it saves against ours measures. */
      const parts: Record<string, string> = {};
      const candidates: Record<string, () => number> = {
        [exactLabel]: backwardLoop(`${fn} exact64`, 'fromInput', getActivation(fn).df, data),
        'ours: generated g(y, bit) (generated/ts)': backwardLoop(`${fn} generated`, 'fromOutput', GRAD_FROM_OUTPUT[fn], data),
        [fullLabel]: backwardLoop(`${fn} full`, 'fromOutput', dispatcher(`${fn} full`, shipped.left, shipped.right), data),
        // Not a part removed but one added: what emulating float32 at every step would cost.
        'same, float32 arithmetic (Math.fround at every step, the WGSL\'s)': backwardLoop(`${fn} float32`, 'fromOutput', dispatcher(`${fn} float32`, compileToJs(full.left, 'float32'), compileToJs(full.right, 'float32')), data),
      };
      const add = (label: string, part: string, run: () => number) => {
        candidates[label] = run;
        parts[label] = part;
      };
      candidates[BY_SHAPE.label] = backwardLoop(`${fn} by shape`, 'fromOutput', compiled(BY_SHAPE, 'by_shape'), data);
      add('same loop, g(y, bit) = y + bit: loads, stores and loop only', 'g itself', backwardLoop(`${fn} no g`, 'fromOutput', compileUnique(`${fn} y + bit`, {}, 'return function (y, bit) { return y + bit; };'), data));
      add('same, inputs sorted by (bit, y): branches predictable', 'mispredicted segment-selection branches', backwardLoop(`${fn} sorted`, 'fromOutput', compiled(FULL, 'sorted'), sortedByOutput(data)));
      // Which branch's fit the time goes to: one branch's g returns y at once, the other is as shipped.
      for (const branch of ['left', 'right'] as const) {
        const g = { ...shipped, [branch]: compileToJs({ ...full[branch], body: [ret(y)] }, SHIPPED_ARITHMETIC) };
        add(`same, the ${branch} branch's g(y) = y (the other branch as is)`, `the ${branch} branch's fit`, backwardLoop(`${fn} no ${branch}`, 'fromOutput', dispatcher(`${fn} no ${branch}`, g.left, g.right), data));
      }
      const absent: string[] = [];
      VARIANTS.forEach((v, k) => {
        if (sameFunctions(build(v, 'full'), full)) absent.push(v.part);
        else add(`same, ${v.label}`, v.part, backwardLoop(`${fn} ${v.label}`, 'fromOutput', compiled(v, `variant${k}`), data));
      });

      const times = race(candidates, rounds);
      console.log(`\n${fn}: where the time of g(y, bit) goes, ${n} elements, x ~ N(0, ${sigma}²), ${rounds} rounds`);
      console.log(`  IR cost model along each element's path, mean per element: ${describeCounts(meanPathCounts(full.left, full.right, data.y, data.mask, 1 << 16))}`);
      const width = Math.max(...Object.keys(candidates).map((k) => k.length));
      console.log(`  ${''.padEnd(width)}  ${'× exact f′(x)'.padEnd(18)}  ${'× ours from the IR'.padEnd(18)}  cost of the part removed, share of ours`);
      const shares: string[] = [];
      for (const k of Object.keys(candidates)) {
        const toFull = ratios(times, k, fullLabel);
        const part = parts[k];
        const share = part === undefined ? '' : `${part}: ${(100 * (1 - median(toFull))).toFixed(0)}%`;
        if (part !== undefined) shares.push(share);
        console.log(`  ${k.padEnd(width)}  ${spread(ratios(times, k, exactLabel)).padEnd(18)}  ${(k === fullLabel ? '1' : spread(toFull)).padEnd(18)}  ${share}`);
      }
      if (absent.length > 0) console.log(`  not in these fits, so not measured: ${absent.join(', ')}`);
      console.log(`  ${fn}: ours is ×${median(ratios(times, fullLabel, exactLabel)).toFixed(2)} of the exact f′(x); of ours, ${shares.join('; ')}`);
    }
  }
}
