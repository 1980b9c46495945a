import * as generated from '../../generated/ts/index.js';
import { activationCode } from '../../src/codegen/generate.js';
import { camel } from '../../src/codegen/names.js';
import { STORAGE_DTYPES } from '../../src/fit/fit-file.js';
import { loadFitTree } from '../../src/fit/load.js';
import { compileDispatch } from '../../src/ir/interpret.js';

type Api = Record<string, (y: number, branch: number) => number>;

const DECODE = { bf16: generated.bf16ToFloat32, fp16: generated.fp16ToFloat32 } as const;

/**
 * The checked-in fits' functions in float32 arithmetic, the WGSL's, under the names the generated
 * TypeScript exports them by (which computes in float64): `<fn>Inverse`, `<fn>GradFromOutput`,
 * and for bf16/fp16 also the `…Bits` forms that take the 16-bit pattern. What the WGSL tests
 * compare the GPU's results with.
 */
export function float32Api(): Api {
  const entries = loadFitTree(new URL('../../fits', import.meta.url).pathname, STORAGE_DTYPES);
  const api: Api = {};
  for (const dtype of STORAGE_DTYPES) {
    for (const a of activationCode(entries, dtype)) {
      for (const d of Object.values(a.targets)) {
        const run = compileDispatch(d, 'float32');
        api[camel(d.name)] = run;
        if (dtype !== 'float32') api[`${camel(d.name)}Bits`] = (bits, branch) => run(DECODE[dtype](bits), branch);
      }
    }
  }
  return api;
}
