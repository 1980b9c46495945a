import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { familyCodes } from '../../src/codegen/families/registry.js';
import { add, c, call, ifStmt, lt, ret, y, type IrFunction } from '../../src/ir/ir.js';
import { helpersCalledBy } from '../../src/ir/prune.js';

const fn = (name: string, ...calls: string[]): IrFunction => ({
  name,
  doc: [],
  body: [ifStmt(lt(y, c(0)), [ret(calls.reduce((e, h) => add(e, call(h, y)), c(1)))], [ret(y)])],
});

describe('helpersCalledBy', () => {
  const inner = fn('inner');
  const outer = fn('outer', 'inner');
  const unused = fn('unused');
  const helpers = [inner, unused, outer];

  it('takes the helpers called directly and through other helpers, in the list order', () => {
    expect(helpersCalledBy([fn('f', 'outer')], helpers).map((h) => h.name)).toEqual(['inner', 'outer']);
    expect(helpersCalledBy([fn('f', 'unused'), fn('g', 'inner')], helpers).map((h) => h.name)).toEqual(['inner', 'unused']);
    expect(helpersCalledBy([fn('f')], helpers)).toEqual([]);
  });

  it('names a call of a function that is not among the helpers', () => {
    expect(() => helpersCalledBy([fn('f', 'missing')], helpers)).toThrow('IR: f calls "missing", which is not among the helpers');
  });
});

describe('family kernels carry only what they run', () => {
  const wgsl = (name: string) => readFileSync(new URL(`../../generated/wgsl/families/${name}`, import.meta.url), 'utf8');
  for (const code of familyCodes(new URL('../../fits', import.meta.url).pathname)) {
    it(`${code.name}: the forward kernel has no inverse or g; the backward kernel no forward`, () => {
      const forward = wgsl(`${code.name}_forward.wgsl`);
      const backward = wgsl(`${code.name}_backward.wgsl`);
      expect(forward).toContain(`fn fi_${code.forward.name}(`);
      expect(forward).not.toContain(`fn fi_${code.inverse.name}(`);
      expect(forward).not.toContain(`fn fi_${code.grad.name}(`);
      expect(backward).toContain(`fn fi_${code.grad.name}(`);
      expect(backward).toContain(`fn fi_${code.inverse.name}(`);
      expect(backward).not.toContain(`fn fi_${code.forward.name}(`);
    });
  }
});
