import { familyCodes } from '../../codegen/families/registry.js';
import { compileFamily, type CompiledFamily } from '../../codegen/families/typescript.js';
import { xatluParams, xgeluParams, xsiluParams } from '../../codegen/families/expanded-host.js';
import { xieluParams } from '../../codegen/families/xielu-params.js';
import { getFamily } from '../../functions/families/catalogue.js';
import type { Parameters } from '../../functions/families/family.js';
import { familyEndToEnd, type EndToEndResult } from './end-to-end.js';
import { ABS, sweepFamily, type PieceStats } from './sweep.js';

/** One parameter value of one family, verified: the sweep of every piece and the end-to-end error. */
export interface PointResult {
  readonly params: Parameters;
  readonly pieces: PieceStats[];
  readonly endToEnd: EndToEndResult;
  /** Milliseconds the host took to build the parameter block. */
  readonly hostMs: number;
}

export interface PointOptions {
  readonly fitsDir: string;
  /** float32 y per piece. */
  readonly count: number;
  readonly newtonSteps?: number;
  /** Every `stride`-th float32 x of [−20, 20], and every one within `near` (0.01) of each critical point. */
  readonly stride: number;
  readonly near?: number;
}

/** The host function of a family: its parameter block at these parameters. */
export function hostParams(name: string, params: Parameters): Float32Array {
  switch (name) {
    case 'xsilu':
      return xsiluParams(params.alpha!);
    case 'xgelu':
      return xgeluParams(params.alpha!);
    case 'xatlu':
      return xatluParams(params.alpha!);
    default:
      return xieluParams(params.alpha_p!, params.alpha_n!);
  }
}

const compiled = new Map<string, CompiledFamily>();

/** The family's generated code compiled to JavaScript (once per family, fits directory and step count). */
export function compiledFamily(name: string, fitsDir: string, newtonSteps?: number): CompiledFamily {
  const key = `${name}:${fitsDir}:${newtonSteps ?? ''}`;
  let run = compiled.get(key);
  if (!run) {
    const code = familyCodes(fitsDir, newtonSteps).find((c) => c.name === name);
    if (!code) throw new RangeError(`no generated code for family ${name}`);
    run = compileFamily(code);
    compiled.set(key, run);
  }
  return run;
}

export function verifyPoint(name: string, params: Parameters, options: PointOptions): PointResult {
  const inst = getFamily(name).at(params);
  const run = compiledFamily(name, options.fitsDir, options.newtonSteps);
  const start = performance.now();
  const p = hostParams(name, params);
  const hostMs = performance.now() - start;
  return {
    params,
    pieces: sweepFamily(inst, run, p, options.count, { ulps: Infinity, abs: ABS }),
    endToEnd: familyEndToEnd(inst, run, p, { lo: -20, hi: 20, stride: options.stride, near: options.near ?? 0.01 }),
    hostMs,
  };
}
