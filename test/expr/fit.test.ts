import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fitExpression } from '../../src/fit/fit-expression.js';
import { fitToJson } from '../../src/fit/fit-file.js';

describe('fitting an expression', () => {
  it('is deterministic: a refit of a checked-in expression fit gives the same bytes', () => {
    const fit = fitExpression('mish', 'x*tanh(log(1+exp(x)))', 'right', 'grad');
    expect(fitToJson(fit)).toBe(readFileSync(new URL('../../fits/expr/mish.right.grad.float32.json', import.meta.url), 'utf8'));
    expect(Math.max(...fit.segments.map((s) => s.error.ulps))).toBeLessThanOrEqual(2);
  });
});
