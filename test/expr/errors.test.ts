import { describe, expect, it } from 'vitest';
import { expressionActivation, expressionFunction } from '../../src/functions/expression/activation.js';
import { parseFit } from '../../src/fit/fit-file.js';
import { activationOf } from '../../src/fit/activation-of.js';
import { readFileSync } from 'node:fs';
import { cli } from '../helpers/cli.js';

describe('bad expressions are rejected with a message that names the problem', () => {
  const cases: [string, RegExp][] = [
    ['x*', /syntax error: Unexpected end of expression \(char 3\)/],
    ['x < 0 ? 1', /syntax error: .*\(char 10\)/],
    ['x + y', /unknown symbol "y"; allowed: the variable x, the constants pi and e, and the functions .*erf.*softplus/],
    ['foo(x)', /unknown function "foo"; allowed: /],
    ['erf(x, 2)', /erf takes 1 argument, got 2/],
    ['(x < 0) * x', /the comparison \(x < 0\) is used as a number/],
    ['[1, 2]', /unsupported construct/],
    ['log(x)', /f\(x\) is not finite at x = 0 \(-Infinity\)/],
    ['sqrt(x)', /f\(x\) is not finite at x = -0\.0078125 \(NaN\)/],
    ['abs(x)', /f'\(x\) is not finite at x = 0/],
    ['1/(x - 0.3)', /f jumps at x ≈ 0\.3 /],
    ['x < 0 ? x - 1 : x', /f jumps at x ≈ 0 \(from -1 to 0\)/],
    ['x < 0 ? x : (x < 1 ? 0 : x - 1)', /f is constant \(f = 0\) on about \[0, 0\.99\d*\]: y = 0 has no unique preimage there, so f has no inverse/],
    ['max(x, -x/2)', /corner minimum at x ≈ 0 \(f' jumps from -0\.5 to 1\)/],
  ];
  for (const [text, message] of cases) {
    it(text, () => {
      const e = (() => {
        try {
          expressionFunction(text);
        } catch (error) {
          return error as Error;
        }
        return undefined;
      })();
      expect(e).toBeInstanceOf(RangeError);
      expect(e!.message).toMatch(message);
    });
  }

  it('a non-string or empty expression is a TypeError', () => {
    expect(() => expressionFunction('  ')).toThrow(TypeError);
    expect(() => expressionFunction(3 as unknown as string)).toThrow(TypeError);
  });

  it('a monotone function is analysed as one branch; one not shaped like softplus is rejected with what was found', () => {
    const e = expressionFunction('tanh(x)');
    expect(e.analysis.criticalPoints).toEqual([]);
    expect(e.analysis.pieces).toHaveLength(1);
    expect(e.analysis.pieces[0]).toMatchObject({ code: 0, direction: 'increasing', y: { lo: -1, hi: 1 } });
    expect(() => expressionActivation('t', 'tanh(x)')).toThrow(/f is monotone \(increasing\) on the whole real line: one branch \(code 0\), no branch bit, and y → -1 as x → -∞ \(constant\); the one-branch fits need y → 0⁺ as x → −∞/);
    expect(() => expressionActivation('t', '-log(1+exp(x))')).toThrow(/monotone \(decreasing\).*need f increasing/);
    expect(() => expressionActivation('t', 'log(1+exp(2*x))')).toThrow(/y ~ 2·x as x → \+∞ .*one-branch fits need y − x → 0/);
  });

  it('shapes the fits cannot serve are named with what was found', () => {
    expect(() => expressionActivation('t', 'x^3 - x')).toThrow(/2 critical points \(maximum at x = -0\.577350269189625\d*, minimum at x = 0\.577350269189625\d*\), 3 monotone pieces/);
    expect(() => expressionActivation('t', 'x*x')).toThrow(/unbounded and not linear as x → -∞/);
    expect(() => expressionActivation('t', '2*x/(1+exp(-x))')).toThrow(/y ~ 2·x as x → \+∞ .*the fits need y − x → 0/);
    expect(() => expressionActivation('Bad-Name', 'x')).toThrow(/expression name must be lower-case/);
  });

  it('the CLI exits 2 with one line', () => {
    for (const args of [['--expr', 'x*', '--name', 'bad'], ['--expr', 'log(x)', '--name', 'bad'], ['--expr', 'x'], ['--expr', 'x', '--name', 'gelu']]) {
      const r = cli('fit', ...args, '--out', '/nonexistent-dir-not-written');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(cli('fit', '--expr', 'x*', '--name', 'bad').stderr).toMatch(/char 3/);
  });
});

describe('the expression in the fit file', () => {
  const text = readFileSync(new URL('../../fits/expr/mish.right.grad.float32.json', import.meta.url), 'utf8');

  it('is kept, and rebuilds the function from the file alone', () => {
    const fit = parseFit(text, 'mish');
    expect(fit.activation.expression).toBe('x*tanh(log(1+exp(x)))');
    expect(activationOf(fit).xMin).toBeCloseTo(-1.1924312145154952, 15);
  });

  it('a bad one is reported by its field path', () => {
    const doc = JSON.parse(text);
    doc.activation.expression = 5;
    expect(() => parseFit(JSON.stringify(doc), 'f.json')).toThrow(/f\.json: \$\.activation\.expression: expected a string, got 5/);
    doc.activation.expression = 'x + y';
    expect(() => activationOf(parseFit(JSON.stringify(doc), 'f.json'), 'f.json')).toThrow(/f\.json: \$\.activation\.expression: expression "x \+ y": unknown symbol "y"/);
  });
});
