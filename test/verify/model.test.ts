import { describe, expect, it } from 'vitest';
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { measurementSamples } from '../../src/fit/measure.js';
import { lowerFit } from '../../src/ir/lower.js';
import { float32FromOrdinal, float32Ordinal, fround } from '../../src/numerics/float32.js';
import { compileBatch } from '../../src/verify/model/asm-js.js';
import { asmJsWarnings } from './asm-warnings.js';

const fits = loadFits(new URL('../../fits', import.meta.url).pathname);

/** Every segment's ends ±3 float32, 2^12 y inside each segment, and the special values. */
function probes(fit: (typeof fits)[number]['fit']): number[] {
  const ys = [NaN, -0, 0, Infinity, -Infinity, 2 ** -149, -(2 ** -149), 2 ** -126, -(2 ** -126), 3.4028234663852886e38, -3.4028234663852886e38, fround(fit.yMin.hi)];
  for (const s of fit.segments) {
    for (const edge of [s.lo, s.hi]) {
      if (!Number.isFinite(edge)) continue;
      const k = float32Ordinal(edge);
      for (let d = -3; d <= 3; d++) ys.push(float32FromOrdinal(k + d));
    }
    ys.push(...measurementSamples(s.lo, s.hi, 1 << 12));
  }
  for (const t of fit.tails) if (Number.isFinite(t.from)) ys.push(t.from, float32FromOrdinal(float32Ordinal(t.from) - 1), float32FromOrdinal(float32Ordinal(t.from) + 1));
  return ys;
}

describe('asm.js float32 model of the IR', () => {
  it('is valid asm.js for every checked-in fit (V8 warns and falls back to plain JavaScript otherwise)', async () => {
    const warnings = await asmJsWarnings(() => {
      const model = compileBatch(fits.map((f) => lowerFit(f.fit, 'model')), 16);
      model.fillOrdinals(float32Ordinal(fround(-0.1)), 1, 16);
      model.run(16);
    });
    expect(warnings).toEqual([]);
  });

  it.each(fits.map((f) => [f.name, f.fit] as const))('%s: equals the float32 TypeScript emission bit for bit', (_name, fit) => {
    const ys = probes(fit);
    const model = compileBatch([lowerFit(fit, 'model')], ys.length);
    model.y.set(ys);
    model.run(ys.length);
    const emitted = compileToJs(lowerFit(fit, 'shipped'), 'float32');
    const differences = ys.filter((yv, j) => !Object.is(model.outputs[0]![j], emitted(Math.fround(yv))));
    expect(differences).toEqual([]);
  });

  it('fills y from ordinals across −0 and +0, with a stride', () => {
    const model = compileBatch([lowerFit(fits[0]!.fit, 'model')], 8);
    model.fillOrdinals(-4, 1, 8);
    expect(Array.from(model.y.subarray(0, 8), (v) => float32Ordinal(v))).toEqual([-4, -3, -2, -1, 0, 1, 2, 3]);
    expect(Object.is(model.y[3], -0)).toBe(true);
    const top = float32Ordinal(Infinity);
    model.fillOrdinals(top - 2 * 1000, 1000, 3);
    expect(Array.from(model.y.subarray(0, 3), (v) => float32Ordinal(v))).toEqual([top - 2000, top - 1000, top]);
  });

  it('rejects bad input', () => {
    expect(() => compileBatch([], 16)).toThrow(/no functions/);
    expect(() => compileBatch([lowerFit(fits[0]!.fit, 'm')], 0)).toThrow(/capacity/);
  });
});
