import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as generated from '../../generated/ts/index.js';
import { camel, targetFunction } from '../../src/codegen/names.js';
import { compileToJs } from '../../src/codegen/typescript.js';
import { loadFits } from '../../src/fit/load.js';
import { compileFunction } from '../../src/ir/interpret.js';
import { lowerFit } from '../../src/ir/lower.js';
import { compileBatch } from '../../src/verify/model/asm-js.js';
import { denseYs, outputDigest } from '../helpers/dense-y.js';

/**
 * Any lowering of a fit must give the bits the fit was verified with. The digests were recorded
 * from the float32 evaluation of the comparison-tree lowering (test/fixtures/lowering-digests.json,
 * with its provenance); the by-shape lowering (segments of one shape sharing one path, see
 * src/ir/segment-groups.ts) must reproduce them in every float32 evaluator of the IR, and the
 * tree's bits in float64, the arithmetic of the shipped TypeScript.
 */
const fits = loadFits(new URL('../../fits', import.meta.url).pathname);
const recorded = JSON.parse(readFileSync(new URL('../fixtures/lowering-digests.json', import.meta.url), 'utf8')) as {
  digests: Record<string, { ys: number; digest: string }>;
};
const shipped = generated as unknown as Record<string, (y: number, branch: number) => number>;

describe('lowerings: the same bits as the verified comparison tree', () => {
  it('records every checked-in fit', () => {
    expect(Object.keys(recorded.digests).sort()).toEqual(fits.map((f) => f.name).sort());
  });

  it.each(fits.map((f) => [f.name, f.fit] as const))('%s: dense y, every evaluation of the IR', (name, fit) => {
    const ys = denseYs(fit);
    const want = recorded.digests[name]!;
    expect(ys.length).toBe(want.ys);
    const byShape = lowerFit(fit, 'by_shape', 'by-shape');
    const tree = compileToJs(lowerFit(fit, 'tree'), 'float32');
    const emitted = compileToJs(byShape, 'float32');
    // Element by element against the tree, to name the y where they part.
    const differ = Array.from(ys).filter((yv) => !Object.is(emitted(yv), tree(yv)));
    expect(differ.slice(0, 5)).toEqual([]);
    expect(outputDigest(ys, emitted)).toBe(want.digest);
    expect(outputDigest(ys, compileFunction(byShape))).toBe(want.digest);
    const tree64 = compileToJs(lowerFit(fit, 'tree'), 'float64');
    const g = shipped[camel(targetFunction(fit.activation.name, fit.target))]!;
    const byShape64 = compileFunction(byShape, 'float64');
    const differ64 = Array.from(ys).filter((yv) => !Object.is(byShape64(yv), tree64(yv)) || !Object.is(g(yv, fit.branch.code), tree64(yv)));
    expect(differ64.slice(0, 5)).toEqual([]);
    const model = compileBatch([byShape], ys.length);
    model.y.set(ys);
    model.run(ys.length);
    let j = 0;
    expect(outputDigest(ys, () => model.outputs[0]![j++]!)).toBe(want.digest);
  });
});
