import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xatlu, xgelu, xsilu } from '../../src/functions/families/expanded.js';
import { getFamily, listFamilies } from '../../src/functions/families/catalogue.js';
import { inverseSoftplus, xielu, xieluFromRaw } from '../../src/functions/families/xielu.js';

/** test/fixtures/families.json: mpmath 1.3.0 (see its provenance and scripts/fixtures/families.py). */
interface Fixture {
  expanded: Record<string, { alphaCritical: { x: string; gMin: string; alpha: string } | null; rows: { alpha: string; points: Record<string, string>[]; critical: { kind: string; x: string; y: string }[] }[] }>;
  expandedInverse: { family: string; alpha: string; code: number; y: string; x: string; df: string }[];
  xielu: { alpha_p: string; alpha_n: string; xStar: string; yMin: string; points: Record<string, string>[]; inverse: { code: number; y: string; x: string }[] }[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/families.json', import.meta.url), 'utf8')) as Fixture;
const FAMILIES = { xsilu, xgelu, xatlu } as const;

const rel = (a: number, r: number, floor = 0) => (a === r ? 0 : Math.abs(a - r) / Math.max(Math.abs(r), floor));

describe('family catalogue', () => {
  it('lists xsilu, xgelu, xatlu, xielu and rejects unknown names and bad parameters', () => {
    expect(listFamilies().map((f) => f.name)).toEqual(['xsilu', 'xgelu', 'xatlu', 'xielu']);
    expect(() => getFamily('xrelu')).toThrow(/unknown family "xrelu"; allowed: xsilu, xgelu, xatlu, xielu/);
    expect(() => xsilu.at({ alpha: 2.5 })).toThrow(/alpha must be in \[-0.5, 2\], got 2.5/);
    expect(() => xsilu.at({ alpha: NaN })).toThrow(/alpha must be a number/);
    expect(() => xsilu.at({ alpha: 0, beta: 1 } as never)).toThrow(/unknown parameter "beta"/);
    expect(() => xielu.at({ alpha_p: 0.8, alpha_n: 0.5 })).toThrow(/alpha_n must be in \(0.5, 10\]/);
  });
});

describe.each(Object.keys(FAMILIES))('%s against mpmath', (name) => {
  const fam = FAMILIES[name as keyof typeof FAMILIES];
  const ref = fixture.expanded[name]!;

  it("f, f', f'' and ∂f/∂α at every fixture point and α: relative error ≤ 1e-13 (f', f'' relative to max(|v|, 1e-3))", () => {
    for (const row of ref.rows) {
      const inst = fam.at({ alpha: Number(row.alpha) });
      for (const p of row.points) {
        const x = Number(p.x);
        const at = `α = ${row.alpha}, x = ${p.x}`;
        expect(rel(inst.f(x), Number(p.f), 1e-300), `f ${at}`).toBeLessThanOrEqual(1e-13);
        expect(rel(inst.df(x), Number(p.df), 1e-3), `f' ${at}`).toBeLessThanOrEqual(1e-13);
        expect(rel(inst.d2f(x), Number(p.d2f), 1e-3), `f'' ${at}`).toBeLessThanOrEqual(1e-9);
        expect(rel(inst.dParams(x).alpha!, Number(p.dalpha), 1e-300), `∂f/∂α ${at}`).toBeLessThanOrEqual(1e-13);
      }
    }
  });

  it('finds the same critical points (kinds, x to 1e-12, y to 1e-14) and orders the pieces by code', () => {
    for (const row of ref.rows) {
      const inst = fam.at({ alpha: Number(row.alpha) });
      expect(inst.critical.map((c) => c.kind), `α = ${row.alpha}`).toEqual(row.critical.map((c) => c.kind));
      inst.critical.forEach((c, i) => {
        expect(Math.abs(c.x - Number(row.critical[i]!.x))).toBeLessThanOrEqual(1e-12 * Math.abs(c.x));
        expect(rel(c.y, Number(row.critical[i]!.y))).toBeLessThanOrEqual(1e-14);
      });
      expect(inst.pieces.map((p) => p.code)).toEqual(inst.critical.length === 2 ? [2, 1, 0] : inst.critical.length === 1 ? [1, 0] : [0]);
      // Every piece's code is what codeOf gives inside it.
      for (const p of inst.pieces) {
        const x = Number.isFinite(p.x.lo) ? (Number.isFinite(p.x.hi) ? 0.5 * (p.x.lo + p.x.hi) : p.x.lo + 1) : (Number.isFinite(p.x.hi) ? p.x.hi - 1 : 0);
        expect(inst.codeOf(x)).toBe(p.code);
      }
    }
  });

  it('α_c, where the number of pieces changes, matches mpmath', () => {
    if (!ref.alphaCritical) {
      expect(fam.dip).toBeUndefined();
      return;
    }
    expect(Math.abs(fam.dip!.alphaCritical - Number(ref.alphaCritical.alpha))).toBeLessThanOrEqual(1e-15);
    expect(Math.abs(fam.dip!.x - Number(ref.alphaCritical.x))).toBeLessThanOrEqual(1e-9);
    const ac = fam.dip!.alphaCritical;
    expect(fam.at({ alpha: ac * (1 - 1e-9) }).pieces.length).toBe(3);
    expect(fam.at({ alpha: ac * (1 + 1e-9) }).pieces.length).toBe(1);
  });

  it('the reference inverse gives mpmath x = f⁻¹(y) on each piece to 1e-13, and f at it', () => {
    for (const r of fixture.expandedInverse.filter((row) => row.family === name)) {
      const inst = fam.at({ alpha: Number(r.alpha) });
      const x = inst.inverse(Number(r.y), r.code);
      expect(rel(x, Number(r.x)), `α = ${r.alpha}, code ${r.code}, y = ${r.y}`).toBeLessThanOrEqual(1e-13);
      expect(rel(inst.gradFromOutput(Number(r.y), r.code), Number(r.df), 1e-3)).toBeLessThanOrEqual(1e-12);
    }
  });
});

describe('xielu against mpmath', () => {
  it('f (as Apertus computes it, with the clamp), f′ off the clamp (relative to max(|f′|, 0.1)), x* and y_min', () => {
    for (const row of fixture.xielu) {
      const inst = xielu.at({ alpha_p: Number(row.alpha_p), alpha_n: Number(row.alpha_n) });
      expect(rel(inst.xStar, Number(row.xStar))).toBeLessThanOrEqual(1e-14);
      expect(rel(inst.yMin, Number(row.yMin))).toBeLessThanOrEqual(1e-13);
      for (const p of row.points) {
        expect(rel(inst.f(Number(p.x)), Number(p.f), 1e-300), `f at x = ${p.x}`).toBeLessThanOrEqual(1e-14);
        if (p.df !== undefined) expect(rel(inst.df(Number(p.x)), Number(p.df), 0.1), `f' at x = ${p.x}`).toBeLessThanOrEqual(1e-14);
      }
    }
  });

  it('the reference inverse on both pieces (quadratic right of 0, root solve left of it)', () => {
    for (const row of fixture.xielu) {
      const inst = xielu.at({ alpha_p: Number(row.alpha_p), alpha_n: Number(row.alpha_n) });
      for (const r of row.inverse) {
        const got = inst.inverse(Number(r.y), r.code);
        expect(Math.abs(got - Number(r.x)), `(${row.alpha_p}, ${row.alpha_n}) code ${r.code} y = ${r.y}`).toBeLessThanOrEqual(1e-13 * Math.max(Math.abs(Number(r.x)), 1e-300));
      }
    }
  });

  it('the softplus reparametrisation: a_p, a_n → α_p, α_n and back, with dα/da = σ(a)', () => {
    const raw = xieluFromRaw(inverseSoftplus(0.8), inverseSoftplus(0.3));
    expect(raw.alpha_p).toBeCloseTo(0.8, 14);
    expect(raw.alpha_n).toBeCloseTo(0.8, 14);
    // σ(softplus⁻¹(v)) = 1 − e^(−v)
    expect(raw.dAlphaPdAP).toBeCloseTo(1 - Math.exp(-0.8), 14);
    expect(raw.dAlphaNdAN).toBeCloseTo(1 - Math.exp(-0.3), 14);
  });
});
