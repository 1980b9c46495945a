import { xatlu, xgelu, xsilu } from '../../functions/families/expanded.js';
import { getFamily } from '../../functions/families/catalogue.js';
import type { Parameters } from '../../functions/families/family.js';

/**
 * The parameter grids the families are verified on. Expanded gates: 57 α evenly over [−0.5, 2]
 * and the places where the structure changes: 0 and ±10^−k (the left tail's limit changes), and
 * α_c with 10^−k either side (one piece ↔ three): 66 (xATLU) or 77 in all. xIELU: 8 × 8 over α_p and
 * α_n, k = α_n − β from 10^−4 up.
 */
export function familyGrid(name: string): Parameters[] {
  const family = getFamily(name);
  if (family.name === 'xielu') {
    const ap = [0.01, 0.05, 0.2, 0.5, 0.8, 1.5, 4, 10];
    const an = [0.5001, 0.501, 0.51, 0.6, 0.8, 1.5, 4, 10];
    return ap.flatMap((alpha_p) => an.map((alpha_n) => ({ alpha_p, alpha_n })));
  }
  const alphas = new Set<number>();
  for (let i = 0; i <= 56; i++) alphas.add(-0.5 + (2.5 * i) / 56);
  for (const k of [2, 3, 4, 6]) for (const s of [-1, 1]) alphas.add(s * 10 ** -k);
  alphas.add(0);
  const dip = ({ xsilu, xgelu, xatlu } as const)[name as 'xsilu' | 'xgelu' | 'xatlu']?.dip;
  if (dip) {
    alphas.add(dip.alphaCritical);
    for (const k of [2, 3, 4, 6, 9]) for (const s of [-1, 1]) alphas.add(dip.alphaCritical * (1 + s * 10 ** -k));
  }
  return [...alphas].sort((a, b) => a - b).map((alpha) => ({ alpha }));
}

/** "a,b,c" → numbers, naming the bad entry. */
export function parseList(text: string, option: string): number[] {
  return text.split(',').map((s) => {
    const v = Number(s.trim());
    if (s.trim() === '' || !Number.isFinite(v)) throw new RangeError(`${option}: expected comma-separated numbers, got ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
    return v;
  });
}
