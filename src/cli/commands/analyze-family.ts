import type { Interval } from '../../functions/activation.js';
import type { ParametricFamily, Parameters } from '../../functions/families/family.js';
import { xatlu, xgelu, xsilu } from '../../functions/families/expanded.js';
import { XIELU_EPS, type XieluInstance } from '../../functions/families/xielu.js';
import { num, table, toJson } from '../format.js';

/** `analyze <family> --alpha …`: the pieces, branch codes and critical points at these parameters. */

function interval(i: Interval): string {
  return `${i.loOpen ? '(' : '['}${num(i.lo)}, ${num(i.hi)}${i.hiOpen ? ')' : ']'}`;
}

export function analyzeFamily(family: ParametricFamily, params: Parameters, json: boolean): void {
  const inst = family.at(params);
  const dip = ({ xsilu, xgelu, xatlu } as Record<string, typeof xsilu>)[family.name]?.dip;
  if (json) {
    console.log(toJson({ name: family.name, label: family.label, formula: family.formula, params, codeBits: family.codeBits, critical: inst.critical, pieces: inst.pieces, ...(dip ? { alphaCritical: dip.alphaCritical } : {}) }));
    return;
  }
  const shown = Object.entries(params).map(([k, v]) => `${k} = ${num(v)}`).join(', ');
  console.log(`${family.name}: ${family.label}, f(x) = ${family.formula}`);
  console.log(`at ${shown}: ${inst.pieces.length} monotone piece${inst.pieces.length > 1 ? 's' : ''}, branch code of ${family.codeBits} bit${family.codeBits > 1 ? 's' : ''} per element\n`);
  if (inst.critical.length > 0) {
    console.log('critical points');
    console.log(table(inst.critical.map((c) => [`  ${c.kind}`, `x = ${num(c.x)}`, `y = ${num(c.y)}`, `f'' = ${num(c.d2f)}`])));
    console.log('');
  }
  console.log('branches');
  console.log(table(inst.pieces.map((p) => [`  code ${p.code}`, p.increasing ? 'increasing' : 'decreasing', `x in ${interval(p.x)}`, `y in ${interval(p.y)}`])));
  if (dip) {
    console.log(`\nthree pieces for α in (${num(dip.alphaCritical)}, 0), one for α ≤ ${num(dip.alphaCritical)}, two for α ≥ 0 (f' is least at x = ${num(dip.x)} when α < 0)`);
  }
  if (family.name === 'xielu') {
    const xi = inst as XieluInstance;
    console.log(`\nk = α_n − β = ${num(xi.k)}; on x ≤ 0, f = y_min + k·φ(x − x*), φ(t) = e^t − 1 − t, so x = x* + φ⁻¹((y − y_min)/k)`);
    console.log(`the forward clamps expm1 at ε = ${XIELU_EPS}: on (ε, 0] f is the line α_n(expm1(ε) − x) + βx, branch code 2, inverted exactly`);
  }
}
