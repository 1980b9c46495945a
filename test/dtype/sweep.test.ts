import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel } from '../../src/codegen/names.js';
import { fitFileName } from '../../src/fit/fit-file.js';
import { loadFits } from '../../src/fit/load.js';
import { halfToNumber } from '../../src/numerics/half.js';
import { halfBranchValues, sweepHalfFit } from '../../src/verify/half-sweep.js';
import { ARITHMETICS } from '../../src/verify/sweep/stats.js';

const fits = loadFits(new URL('../../fits', import.meta.url).pathname, ['bf16', 'fp16']);
const api = generated as unknown as Record<string, (v: number, branch: number) => number>;

describe('bf16 and fp16 fits, every value of the dtype', () => {
  it('are the 24 of the catalogue: 3 activations, both branches and targets, bf16 and fp16', () => {
    expect(fits.map((f) => f.name)).toEqual(fits.map((f) => fitFileName(f.fit)));
    expect(fits).toHaveLength(24);
  });

  describe.each(fits.map((f) => [f.name, f.fit] as const))('%s', (_name, fit) => {
    it('meets its bound at every value y can take on the branch (exhaustive)', () => {
      const stats = sweepHalfFit(fit);
      const count = stats.float32.reduce((n, s) => n + s.count, 0);
      expect(count).toBe(halfBranchValues(fit).length);
      expect(count).toBeGreaterThan(12_000);
      for (const arithmetic of ARITHMETICS) {
        for (const s of stats[arithmetic]) expect(s.over, `${arithmetic} ${s.region}: first over at y = ${s.firstOver}`).toBe(0);
      }
    });

    it('gives no NaN for any of the 65,536 patterns but NaN, on either branch code', () => {
      const name = camel(`${fit.activation.name}_${fit.target === 'inverse' ? 'inverse' : 'grad_from_output'}_${fit.dtype}_bits`);
      const run = api[name]!;
      for (let p = 0; p < 0x10000; p++) {
        const isNaN = Number.isNaN(halfToNumber(fit.dtype as 'bf16' | 'fp16', p));
        for (const code of [0, 1]) {
          const v = run(p, code);
          if (Number.isNaN(v) !== isNaN) throw new Error(`${name}(0x${p.toString(16)}, ${code}) = ${v}`);
          if (fit.target === 'grad' && !isNaN && !Number.isFinite(v)) throw new Error(`${name}(0x${p.toString(16)}, ${code}) = ${v}`);
        }
      }
    });
  });
});
