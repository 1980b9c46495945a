/**
 * npm run bench: ratios measured side by side in one run. Candidates alternate, each is timed
 * several times after a warm-up, and the median ratio is printed with its spread (min–max).
 * Nothing here asserts a time.
 *
 *   npm run bench [-- --quick]
 */
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { getActivation } from '../../src/functions/catalogue.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32Ordinal, fround } from '../../src/numerics/float32.js';
import { sweepChunk } from '../../src/verify/sweep/chunk.js';
import { optiactsGeluGrad, optiactsSiluGrad } from '../../src/verify/published/optiacts.js';
import * as generated from '../../generated/ts/index.js';

const quick = process.argv.includes('--quick');
const N = quick ? 1_000_000 : 10_000_000;
const REPS = quick ? 3 : 7;

/** Deterministic normal samples (Box–Muller on a fixed LCG). */
function normals(n: number, sigma: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  for (let i = 0; i < n; i++) out[i] = fround(sigma * Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()));
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Time each candidate REPS times, alternating; returns seconds per run per candidate. */
function race(candidates: Record<string, () => number>): Record<string, number[]> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
  let sink = 0;
  for (const run of Object.values(candidates)) sink += run(); // warm-up
  for (let r = 0; r < REPS; r++) {
    for (const [k, run] of Object.entries(candidates)) {
      const t0 = performance.now();
      sink += run();
      times[k]!.push((performance.now() - t0) / 1000);
    }
  }
  if (sink === 42) console.log('');
  return times;
}

function report(title: string, times: Record<string, number[]>, baseline: string, n: number): void {
  console.log(`\n${title}`);
  const base = times[baseline]!;
  for (const [k, t] of Object.entries(times)) {
    const ratios = t.map((v, i) => v / base[i]!);
    console.log(`  ${k.padEnd(44)} ${(n / median(t) / 1e6).toFixed(1).padStart(7)} M elem/s   ratio to ${baseline}: ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  }
}

// 1. Backward per element in V8: from (y, bit) with the generated code, against f'(x) from a saved x.
const grads: Record<string, { exact: (x: number) => number; ours: (y: number, b: number) => number; xMin: number; published?: (y: number, b: number) => number }> = {
  gelu: { exact: getActivation('gelu').df, ours: generated.geluGradFromOutput, xMin: generated.geluXMin, published: optiactsGeluGrad },
  gelu_tanh: { exact: getActivation('gelu_tanh').df, ours: generated.geluTanhGradFromOutput, xMin: generated.geluTanhXMin },
  silu: { exact: getActivation('silu').df, ours: generated.siluGradFromOutput, xMin: generated.siluXMin, published: optiactsSiluGrad },
};
for (const sigma of [1, 3]) {
  const x = normals(N, sigma, 12345 + sigma);
  const dy = normals(N, 1, 777);
  const out = new Float32Array(N);
  for (const [name, g] of Object.entries(grads)) {
    const a = getActivation(name);
    const y = Float32Array.from(x, (v) => fround(a.f(v)));
    const mask = generated.packBranchBits(x, g.xMin);
    const fromOutput = () => {
      for (let i = 0; i < N; i++) out[i] = dy[i]! * g.ours(y[i]!, (mask[i >>> 5]! >>> (i & 31)) & 1);
      return out[N >> 1]!;
    };
    const exact64 = () => {
      for (let i = 0; i < N; i++) out[i] = dy[i]! * g.exact(x[i]!);
      return out[N >> 1]!;
    };
    const exact32 = () => {
      for (let i = 0; i < N; i++) out[i] = fround(dy[i]! * fround(g.exact(x[i]!)));
      return out[N >> 1]!;
    };
    const newton = () => {
      // Newton on f from x_min ± √(2(y − y_min)/f''), to float32 accuracy: the inverse without a fit.
      for (let i = 0; i < N; i++) {
        const left = (mask[i >>> 5]! >>> (i & 31)) & 1;
        let t = a.xMin + (left ? -1 : 1) * Math.sqrt(Math.max(2 * (y[i]! - a.yMin) / a.d2fMin, 0)) + (left ? 0 : Math.max(y[i]!, 0));
        for (let k = 0; k < 30; k++) {
          const d = (a.f(t) - y[i]!) / a.df(t);
          if (!Number.isFinite(d)) break;
          t -= d;
          if (Math.abs(d) <= 2 ** -25 * Math.abs(t)) break;
        }
        out[i] = dy[i]! * a.df(t);
      }
      return out[N >> 1]!;
    };
    const candidates: Record<string, () => number> = {
      'exact f\'(x) from saved x (float64)': exact64,
      'exact f\'(x) from saved x, rounded to float32': exact32,
      'ours: generated g(y, bit) (float32)': fromOutput,
    };
    if (g.published) {
      const p = g.published;
      candidates['published optiacts g(y, bit), our float32 port'] = () => {
        for (let i = 0; i < N; i++) out[i] = dy[i]! * p(y[i]!, (mask[i >>> 5]! >>> (i & 31)) & 1);
        return out[N >> 1]!;
      };
    }
    if (!quick) candidates['Newton inverse to float32 accuracy'] = newton;
    report(`backward, ${name}, ${N} elements, x ~ N(0, ${sigma}²)`, race(candidates), 'exact f\'(x) from saved x (float64)', N);
  }
}

// 2. Exhaustive-sweep throughput per core: reference and both targets' approximations per y.
console.log('\nexhaustive sweep throughput, one core (reference + inverse + grad per y)');
const fits = loadFits(new URL('../../fits', import.meta.url).pathname);
for (const name of ['gelu', 'gelu_tanh', 'silu']) {
  for (const branch of ['left', 'right'] as const) {
    const branchFits = fits.filter((f) => f.fit.activation.name === name && f.fit.branch.id === branch).map((f) => f.fit);
    const approx = { fits: branchFits.map((fit) => ({ fit, run: compileToJs(lowerFit(fit, 'a')) })) };
    const first = float32Ordinal(fround(branch === 'left' ? -0.05 : 0.5));
    const n = quick ? 1 << 20 : 1 << 22;
    sweepChunk(getActivation(name), approx, { first, last: first + 65535, stride: 1 });
    const t = race({ sweep: () => sweepChunk(getActivation(name), approx, { first, last: first + n - 1, stride: 1 })[0]![0]!.count });
    console.log(`  ${`${name} ${branch}`.padEnd(16)} ${(n / median(t.sweep!) / 1e6).toFixed(2)} M y/s per core`);
  }
}
