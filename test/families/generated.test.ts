import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/families/index.js';
import { familyCodes } from '../../src/codegen/families/registry.js';
import { compileFamily } from '../../src/codegen/families/typescript.js';
import { compileFunction } from '../../src/ir/interpret.js';
import { hostParams } from '../../src/verify/families/point.js';
import { camel } from '../../src/codegen/names.js';
import { float32FromOrdinal } from '../../src/numerics/float32.js';

const codes = familyCodes(new URL('../../fits', import.meta.url).pathname);
const api = generated as unknown as Record<string, unknown>;
const PARAMS: Record<string, Record<string, number>[]> = {
  xsilu: [{ alpha: -0.05 }, { alpha: 0 }, { alpha: 0.7 }],
  xgelu: [{ alpha: -0.09 }, { alpha: 1e-4 }],
  xatlu: [{ alpha: -0.2 }, { alpha: 0.3 }],
  xielu: [{ alpha_p: 0.8, alpha_n: 0.8 }, { alpha_p: 0.05, alpha_n: 4 }],
};

/** Deterministic float32 inputs: spread over every binade of both signs, and the specials. */
function inputs(n: number): number[] {
  const out = [0, -0, Infinity, -Infinity, NaN, 2 ** -149, -(2 ** -149)];
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    // Ordinals within ±0x4a000000 (|y| up to 2^21), biased to the middle binades.
    const k = (seed % 0x4a000000) - (i % 2 ? 0x4a000000 : 0);
    out.push(float32FromOrdinal(k));
  }
  return out;
}

describe.each(codes.map((c) => [c.name, c] as const))('%s generated code', (name, code) => {
  const compiled = compileFamily(code);
  const n = camel(name);
  const modelInverse = api[camel(code.inverse.name)] as (y: number, c: number, p: Float32Array) => number;
  const modelGrad = api[camel(code.grad.name)] as (y: number, c: number, p: Float32Array) => number;
  const host = api[code.host.name] as (...a: number[]) => Float32Array;

  it('exports its host function, layout, code bits and per-element functions; the layout is the block the IR reads', () => {
    expect(api[`${n}ParamNames`]).toEqual(code.params.names);
    expect(api[`${n}CodeBits`]).toBe(code.codeBits);
    for (const f of [code.forward, code.code, ...code.dParams]) expect(typeof api[camel(f.name)]).toBe('function');
    expect(host(...Object.values(PARAMS[name]![0]!)).length).toBe(code.params.names.length);
  });

  it('the generated module, the compiled emitted code and the IR interpreter agree bit for bit', () => {
    const interpret = (fn: (typeof code.inverse.branches)[number]['fn']) => compileFunction(fn, 'float32', code.helpers);
    const pieces = code.inverse.branches.map((b, i) => ({ code: b.code, inverse: interpret(b.fn), grad: interpret(code.grad.branches[i]!.fn) }));
    const forward = interpret(code.forward);
    const ys = inputs(1000);
    const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
    const mismatches: string[] = [];
    for (const params of PARAMS[name]!) {
      const p = hostParams(name, params);
      expect(Array.from(host(...Object.values(params)))).toEqual(Array.from(p));
      for (const piece of pieces) {
        for (const y of ys) {
          const [a, b, c] = [piece.inverse(y, p), compiled.inverse(y, piece.code, p), modelInverse(y, piece.code, p)];
          const [ga, gb, gc] = [piece.grad(y, p), compiled.grad(y, piece.code, p), modelGrad(y, piece.code, p)];
          if (!same(a, b) || !same(b, c) || !same(ga, gb) || !same(gb, gc)) mismatches.push(`${JSON.stringify(params)} code ${piece.code} y = ${y}: ${a} ${b} ${c} / ${ga} ${gb} ${gc}`);
        }
      }
      for (const x of ys) if (!same(forward(x, p), compiled.forward(x, p))) mismatches.push(`forward ${JSON.stringify(params)} x = ${x}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('codes other than the pieces’ take piece 0, as DESIGN §1 has it for unknown codes', () => {
    const p = hostParams(name, PARAMS[name]![0]!);
    for (const y of [-0.01, 0.5, 3]) expect(modelGrad(y, 3, p)).toBe(modelGrad(y, 0, p));
  });
});
