import { describe, expect, it } from 'vitest';
import { firstOrdinalWhere, float32FromOrdinal, float32Ordinal, fround } from '../../src/numerics/float32.js';
import { optiactsGeluGrad, optiactsSiluGrad, publishedBatch } from '../../src/verify/published/optiacts.js';
import { asmJsWarnings } from './asm-warnings.js';

/**
 * The asm.js port of the optiacts approximations against the formulas written plainly in
 * JavaScript (every operation rounded with Math.fround, Math.pow and Math.exp as they stand),
 * from the constants of PgLoLo/optiacts (gelu_impl.py, silu_impl.py, commit 9b50ea8).
 */
const fr = Math.fround;

function plainGelu(y: number, left: number): number {
  if (left) {
    const u = Math.min(Math.max(fr(fr(fr(y) - fr(-0.16997120747990369)) / fr(0.16997120747990369)), 0), 1);
    return fr(fr(0.0012176597919768537) + fr(fr(fr(-0.2964121012745849) * fr(u ** fr(0.44236329315571304))) * fr(fr(1 - u) ** fr(0.8312705290392689))));
  }
  const v = Math.max(fr(fr(y) - fr(-0.16997120747990369)), 0);
  const e = fr(Math.exp(fr(fr(fr(fr(-2.1198850898439496) - v) ** 3) * fr(0.03214673676937606))));
  const poly = fr(fr(fr(-1.383717971214795) + fr(fr(1.5584201843500274) * fr(Math.sqrt(v)))) + fr(fr(0.04404574801811055) * v));
  return fr(1 + fr(poly * e));
}

function plainSilu(y: number, left: number): number {
  const d = fr(fr(y) - fr(-0.2784645427610738));
  let sigma: number;
  if (left) {
    sigma = fr(fr(fr(-0.5076843705082636) * fr(Math.sqrt(d))) + fr(fr(fr(fr(fr(0.3574942048593756) * d) + fr(0.07963139766917564)) * d) + fr(0.21717700759576886)));
  } else {
    const e = fr(Math.exp(fr(fr(fr(fr(-5.770613302664509) - d) ** 3) * fr(0.0026961639850448835))));
    const poly = fr(fr(fr(-1.3108564021309803) + fr(fr(0.8485896470316523) * fr(Math.sqrt(d)))) + fr(fr(-0.16299051259510922) * d));
    sigma = fr(1 + fr(poly * e));
  }
  return fr(fr(sigma * fr(1 - fr(y))) + fr(y));
}

/** y near the minimum, spread over both branches' ranges, the right tail, and special values. */
function probes(): number[] {
  const ys = [NaN, -0, 0, Infinity, -Infinity, 2 ** -149, -(2 ** -149), 3.4028234663852886e38, -0.2784645, -0.1699712];
  for (let k = float32Ordinal(fround(-0.28)); k < float32Ordinal(fround(-0.28)) + 20000; k++) ys.push(float32FromOrdinal(k));
  for (let k = float32Ordinal(fround(-0.17)); k < float32Ordinal(fround(-0.17)) + 20000; k++) ys.push(float32FromOrdinal(k));
  for (let k = -0x7f800000; k <= 0x7f800000; k += 104729) ys.push(float32FromOrdinal(k));
  // Around where the right branches' exp reaches 0 (the asm.js port skips exp from there on).
  for (const [mean, std, yMin] of [
    [-2.1198850898439496, 0.03214673676937606, -0.16997120747990369],
    [-5.770613302664509, 0.0026961639850448835, -0.2784645427610738],
  ]) {
    const z = firstOrdinalWhere(0, float32Ordinal(1e6), (v) => fr(Math.exp(fr(fr(fr(fr(mean!) - v) ** 3) * fr(std!)))) === 0);
    for (let k = z - 3000; k < z + 3000; k++) ys.push(fr(float32FromOrdinal(k) + yMin!));
  }
  return ys;
}

describe('optiacts, reproduced in asm.js', () => {
  it('is valid asm.js (V8 warns and falls back to plain JavaScript otherwise)', async () => {
    const warnings = await asmJsWarnings(() => {
      const b = publishedBatch('gelu', 16)!;
      b.y[0] = -0.1;
      b.run(1, 1);
    });
    expect(warnings).toEqual([]);
  });

  it.each([
    ['gelu', optiactsGeluGrad, plainGelu],
    ['silu', optiactsSiluGrad, plainSilu],
  ] as const)('%s equals the formulas written plainly, bit for bit, one at a time and in batches', (name, port, plain) => {
    const ys = probes();
    const batch = publishedBatch(name, ys.length)!;
    for (const left of [0, 1]) {
      batch.y.set(ys);
      batch.run(ys.length, left);
      const bad = ys.filter((yv, j) => !Object.is(port(yv, left), plain(yv, left)) || !Object.is(batch.out[j], plain(fr(yv), left)));
      expect(bad).toEqual([]);
    }
  });

  it('has no batch for GELU-tanh (none was published)', () => {
    expect(publishedBatch('gelu_tanh', 16)).toBeUndefined();
  });
});
