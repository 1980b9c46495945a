import { resolve } from 'node:path';
import type { Parameters } from '../../functions/families/family.js';
import { formatFloat32 } from '../../numerics/float32.js';
import { familyGrid, parseList } from '../../verify/families/grid.js';
import { verifyGrid } from '../../verify/families/pool.js';
import type { PointResult } from '../../verify/families/point.js';
import { table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { writeFileAtomic } from '../write-atomic.js';

/**
 * `verify <family>`: the generated code of a trainable family over its parameter grid (or the
 * values given), every piece at `sample` float32 y, and the end-to-end error beside the floor.
 * Exits 1 when an error exceeds the family's bound, naming the parameter, piece and y.
 */

export interface FamilyVerifyOptions {
  readonly families: readonly string[];
  readonly sample: number;
  readonly newton?: number;
  readonly stride: number;
  readonly workers?: number;
  readonly fits: string;
  readonly alphas?: string;
  readonly alphaP?: string;
  readonly alphaN?: string;
  readonly out?: string;
}

/**
 * The bounds the families are held to (ulps of the float32 reference; absolute 2^-40 near 0), set
 * from the grid runs: the float32 residual of f, not the number of Newton steps, limits them.
 */
export const FAMILY_BOUNDS: Readonly<Record<string, { inverse: number; grad: number }>> = {
  xsilu: { inverse: 8, grad: 16 },
  xgelu: { inverse: 8, grad: 32 },
  xatlu: { inverse: 8, grad: 16 },
  xielu: { inverse: 16, grad: 8 },
};

/** The parameter values to verify: the given ones, or the family's grid. */
export function gridFor(name: string, options: Pick<FamilyVerifyOptions, 'alphas' | 'alphaP' | 'alphaN'>): Parameters[] {
  if (name === 'xielu') {
    if (!options.alphaP && !options.alphaN) return familyGrid(name);
    const ap = options.alphaP ? parseList(options.alphaP, '--alpha-p') : [0.8];
    const an = options.alphaN ? parseList(options.alphaN, '--alpha-n') : [0.8];
    return ap.flatMap((alpha_p) => an.map((alpha_n) => ({ alpha_p, alpha_n })));
  }
  return options.alphas ? parseList(options.alphas, '--alphas').map((alpha) => ({ alpha })) : familyGrid(name);
}

const label = (params: Parameters) => Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ');
const ulps = (u: number) => (Number.isFinite(u) ? u.toFixed(2) : String(u));

export async function verifyFamilies(options: FamilyVerifyOptions): Promise<number> {
  let failures = 0;
  const report: Record<string, PointResult[]> = {};
  for (const name of options.families) {
    const grid = gridFor(name, options);
    const bar = new ProgressBar();
    const start = Date.now();
    const results = await verifyGrid(
      name,
      grid,
      { fitsDir: options.fits, count: options.sample, stride: options.stride, ...(options.newton !== undefined ? { newtonSteps: options.newton } : {}) },
      options.workers,
      (done, total) => bar.update(done / total, `verify ${name}: ${done}/${total} parameter values`),
    );
    bar.done();
    report[name] = results;
    const bound = FAMILY_BOUNDS[name]!;
    const rows: string[][] = [['  parameters', 'pieces', 'max ulp f⁻¹', 'at y', 'max ulp g', 'at y', '|y| < 2^-120: f⁻¹', 'g', 'end-to-end', 'floor', 'ratio', 'host ms']];
    let worstInverse = 0;
    let worstGrad = 0;
    let worstTiny = 0;
    // Over the grid, not per α: where a piece is monotone the floor (exact g of the rounded y)
    // falls to 0, and a ratio to it says nothing of the fit.
    let worstOurs = { abs: 0, at: '' };
    let worstFloor = 0;
    for (const r of results) {
      const inv = r.pieces.reduce((a, p) => (p.inverse.maxUlps > a.maxUlps ? p.inverse : a), r.pieces[0]!.inverse);
      const grad = r.pieces.reduce((a, p) => (p.grad.maxUlps > a.maxUlps ? p.grad : a), r.pieces[0]!.grad);
      const tinyInverse = Math.max(...r.pieces.map((p) => p.tiny.inverse.maxUlps));
      const tinyGrad = Math.max(...r.pieces.map((p) => p.tiny.grad.maxUlps));
      worstTiny = Math.max(worstTiny, tinyInverse);
      const ratio = r.endToEnd.floor.abs > 0 ? (r.endToEnd.ours.abs / r.endToEnd.floor.abs).toFixed(3) : '— (floor 0)';
      worstInverse = Math.max(worstInverse, inv.maxUlps);
      worstGrad = Math.max(worstGrad, grad.maxUlps);
      if (r.endToEnd.ours.abs > worstOurs.abs) worstOurs = { abs: r.endToEnd.ours.abs, at: label(r.params) };
      worstFloor = Math.max(worstFloor, r.endToEnd.floor.abs);
      rows.push([
        `  ${label(r.params)}`,
        String(r.pieces.length),
        ulps(inv.maxUlps),
        formatFloat32(inv.atY),
        ulps(grad.maxUlps),
        formatFloat32(grad.atY),
        ulps(tinyInverse),
        ulps(tinyGrad),
        r.endToEnd.ours.abs.toExponential(3),
        r.endToEnd.floor.abs.toExponential(3),
        ratio,
        r.hostMs.toFixed(1),
      ]);
      for (const p of r.pieces) {
        for (const [what, s, b] of [['f⁻¹', p.inverse, bound.inverse], ['g', p.grad, bound.grad]] as const) {
          if (!(s.maxUlps <= b)) {
            failures++;
            console.error(`fit-inverse: ${name} ${label(r.params)}: piece ${p.code}: ${what} error ${ulps(s.maxUlps)} ulp at y = ${formatFloat32(s.atY)} exceeds the bound of ${b} ulp`);
          }
        }
      }
    }
    const values = results.reduce((n, r) => n + r.pieces.reduce((m, p) => m + p.count, 0), 0);
    console.log(`\n${name}: ${grid.length} parameter values, ${values} y (${options.sample} per piece), ${((Date.now() - start) / 1000).toFixed(0)} s`);
    console.log(table(rows));
    console.log(`${name}: max ${ulps(worstInverse)} ulp (f⁻¹, bound ${bound.inverse}), ${ulps(worstGrad)} ulp (g, bound ${bound.grad}) over normal y; ${ulps(worstTiny)} ulp (f⁻¹) at |y| < 2^-120; end-to-end: ours at most ${worstOurs.abs.toExponential(3)} (${worstOurs.at}), the floor at most ${worstFloor.toExponential(3)}`);
  }
  if (options.out) {
    writeFileAtomic(resolve(options.out), `${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 1)}\n`);
    console.log(`\nwrote ${options.out}`);
  }
  return failures;
}
