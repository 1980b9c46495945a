/**
 * End-to-end error of g(fl32(f(x)), bit) against f'(x), ours beside the floor and the published
 * approximations (optiacts, reproduced from their constants), over float32 x:
 * every x within 0.5 of the minimum, and every `stride`-th float32 in [−20, 20].
 *
 *   npx tsx scripts/end-to-end.ts [stride=64]
 */
import { loadFits } from '../src/fit/load.js';
import { getActivation } from '../src/functions/catalogue.js';
import { compileFunction } from '../src/ir/interpret.js';
import { lowerFit } from '../src/ir/lower.js';
import { endToEnd, type GradFromOutput } from '../src/verify/end-to-end.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../src/verify/published/optiacts.js';

const stride = Number(process.argv[2] ?? 64);
const fits = loadFits(new URL('../fits', import.meta.url).pathname);
const published: Record<string, GradFromOutput> = { gelu: optiactsGeluGrad, silu: optiactsSiluGrad };
console.log('activation  region                  floor      ours       ours/floor  published (optiacts)');
for (const name of ['gelu', 'gelu_tanh', 'silu']) {
  const a = getActivation(name);
  const grad = (id: string) => compileFunction(lowerFit(fits.find((f) => f.name === `${name}.${id}.grad.float32.json`)!.fit, 'g'));
  const [left, right] = [grad('left'), grad('right')];
  const candidates: Record<string, GradFromOutput> = { ours: (yv, bit) => (bit ? left : right)(yv) };
  if (published[name]) candidates.published = published[name];
  for (const [label, lo, hi, s] of [
    ['|x - x_min| <= 0.5, all', a.xMin - 0.5, a.xMin + 0.5, 1],
    [`[-20, 20], every ${stride}th`, -20, 20, stride],
  ] as const) {
    const r = endToEnd(a, candidates, lo, hi, s);
    const m = r.max;
    const pub = m.published ? `${m.published.abs.toExponential(3)} at x = ${m.published.atX.toPrecision(5)}` : '-';
    console.log(`${name.padEnd(11)} ${label.padEnd(23)} ${m.floor!.abs.toExponential(3)}  ${m.ours!.abs.toExponential(3)}  ${(m.ours!.abs / m.floor!.abs).toFixed(4).padEnd(10)}  ${pub}`);
  }
}
