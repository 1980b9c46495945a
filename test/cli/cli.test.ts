import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.js';
import expressions from '../fixtures/expressions.json' with { type: 'json' };

describe('fit-inverse CLI', () => {
  it('list prints the catalogue, and --json parses', () => {
    const text = cli('list');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/gelu_tanh/);
    const json = cli('list', '--json');
    expect(JSON.parse(json.stdout).map((r: { name: string }) => r.name)).toEqual(['gelu', 'gelu_tanh', 'silu']);
  });

  it('analyze gelu prints the minimum, the branches and the float32 thresholds', () => {
    const r = cli('analyze', 'gelu');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/x_min = -0\.75179152469356/);
    expect(r.stdout).toMatch(/y_min = -0\.16997120747990/);
    expect(r.stdout).toMatch(/left\s+code 1/);
    expect(r.stdout).toMatch(/f⁻¹\(y\) rounds to y for y ≥ 5\.3475156\n/);
    expect(r.stdout).toMatch(/rounds to 1 for y ≥ 5\.910161\n/);
  });

  it('analyze --json gives the same facts, machine-readable', () => {
    const r = JSON.parse(cli('analyze', 'silu', '--json').stdout);
    expect(r.minimum.yMin - r.minimum.xMin).toBeCloseTo(1, 15);
    expect(r.branches[0].x.lo).toBe('-Infinity');
    expect(r.float32.inverseIsIdentityFrom).toBeCloseTo(16.676973, 5);
  });

  it('an unknown function or option prints one line naming the allowed values and exits 2', () => {
    const fn = cli('analyze', 'relu');
    expect(fn.code).toBe(2);
    expect(fn.stderr.trim().split('\n')).toHaveLength(1);
    expect(fn.stderr).toMatch(/relu/);
    expect(fn.stderr).toMatch(/"gelu", "gelu_tanh", "silu"/);
    const opt = cli('analyze', 'gelu', '--bogus');
    expect(opt.code).toBe(2);
    expect(opt.stderr).toMatch(/Unknown argument: bogus .*--help/);
    expect(cli().code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
  });

  it('analyze --expr prints the critical points (mish\'s minimum as mpmath gives it), asymptotes and branches', () => {
    const mish = expressions.functions.mish;
    const r = JSON.parse(cli('analyze', '--expr', mish.expression, '--json').stdout);
    expect(r.criticalPoints).toHaveLength(1);
    expect(r.criticalPoints[0].kind).toBe('minimum');
    expect(Math.abs(r.criticalPoints[0].x - Number(mish.x_min))).toBeLessThan(1e-14);
    expect(Math.abs(r.criticalPoints[0].y - Number(mish.y_min))).toBeLessThan(1e-15);
    expect(r.pieces.map((p: { code: number }) => p.code)).toEqual([1, 0]);
    const softplus = cli('analyze', '--expr', 'log(1+exp(x))');
    expect(softplus.code).toBe(0);
    expect(softplus.stdout).toMatch(/monotone: one branch \(code 0\), no branch bit/);
    expect(softplus.stdout).toMatch(/y → 0⁺ as x → -∞/);
  });

  it('analyze wants a name or --expr, exactly one, and names a bad expression\'s problem (exit 2, one line)', () => {
    for (const [args, message] of [
      [['analyze'], /not neither/],
      [['analyze', 'gelu', '--expr', 'x'], /not both/],
      [['analyze', '--expr', 'x*foo(x)'], /unknown function "foo"/],
      [['analyze', '--expr', 'log(x)'], /not finite at x = 0/],
      [['analyze', '--expr', 'x*tanh(log(1+exp(x)))', '--alpha', '1'], /apply to the families/],
    ] as const) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('analyze --expr gives the y-range of a piece that grows without bound as ±∞', () => {
    const r = cli('analyze', '--expr', 'x^2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/code 1 +decreasing +x in \(-Infinity, 0\) +y in \(0, Infinity\)/);
    expect(r.stdout).toMatch(/code 0 +increasing +x in \[0, Infinity\) +y in \[0, Infinity\)/);
  });

  it('--help works on every command', () => {
    for (const args of [[], ['list'], ['analyze']]) {
      const r = cli(...args, '--help');
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/--help/);
    }
  });
});

describe('fit-inverse fit', () => {
  const tmp = () => mkdtempSync(join(tmpdir(), 'fit-inverse-'));

  it('writes one fit file per branch and target, and prints each segment', () => {
    const out = tmp();
    const r = cli('fit', 'silu', '--branch', 'left', '--target', 'grad', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['silu.left.grad.float32.json']);
    expect(r.stdout).toMatch(/silu\.left\.grad\.float32\.json: \d+ segments, max [\d.]+ ulp/);
    expect(r.stdout).toMatch(/sqrt-min \(unmapped\), poly \d/);
    expect(readFileSync(join(out, 'silu.left.grad.float32.json'), 'utf8')).toBe(readFileSync(new URL('../../fits/silu.left.grad.float32.json', import.meta.url), 'utf8'));
  });

  it('refits a checked-in fit byte for byte with the level cost it was made with (silu right grad: 6)', () => {
    const out = tmp();
    const r = cli('fit', 'silu', '--branch', 'right', '--target', 'grad', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'silu.right.grad.float32.json'), 'utf8')).toBe(readFileSync(new URL('../../fits/silu.right.grad.float32.json', import.meta.url), 'utf8'));
  });

  it('rejects bad input with exit code 2 and writes nothing', () => {
    const out = tmp();
    for (const args of [['relu'], ['gelu', '--tol', '-1'], ['gelu', '--max-degree', '1.5'], ['gelu', '--kind', 'spline'], ['gelu', '--branch', 'middle'], ['gelu', '--level-cost', '0'], ['gelu', '--level-cost', 'many']]) {
      const r = cli('fit', ...args, '--out', out);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(readdirSync(out)).toEqual([]);
  });
});

describe('fit-inverse report', () => {
  it('--check passes on the checked-in report', () => {
    const r = cli('report', '--check');
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('bad input to any command: one line, exit 2, before any work', () => {
  const oneLine = (args: string[], pattern: RegExp) => {
    const r = cli(...args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
    expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    expect(r.stderr, args.join(' ')).toMatch(pattern);
  };

  it('an --out that is a file, or below one', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fit-inverse-')), 'a-file');
    writeFileSync(file, 'mine');
    for (const args of [['fit', 'silu', '--out', file], ['generate', '--out', join(file, 'sub')], ['report', '--out', file]]) {
      oneLine(args, /--out must be a directory \(made if missing\), but .*a-file is a file/);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });

  it('a --fits directory that does not exist, or holds no fit of the names given', () => {
    const empty = mkdtempSync(join(tmpdir(), 'fit-inverse-'));
    oneLine(['generate', '--fits', join(empty, 'none')], /fits directory .*none does not exist/);
    oneLine(['report', '--check', '--fits', join(empty, 'none')], /fits directory .*none does not exist/);
    oneLine(['verify', '--fits', empty, '--sample', '1000'], /verify: no fit files in /);
    oneLine(['verify', 'gelu', '--fits', empty, '--sample', '1000'], /verify: no fit files for gelu in /);
  });

  it('a number option given text names the text, not NaN', () => {
    oneLine(['analyze', 'xsilu', '--alpha', 'abc'], /--alpha must be a number \(see --help for its range\), got "abc"/);
    oneLine(['verify', '--sample=lots'], /--sample must be a number \(see --help for its range\), got "lots"/);
  });

  it('an option that none of the named functions reads', () => {
    oneLine(['verify', 'silu', '--sample', '1000', '--alphas', '0.1'], /--alphas: only for the trainable families/);
    oneLine(['verify', 'xielu', '--alphas', '0.5'], /--alphas sets α of xsilu, xgelu, xatlu, and none of them is named/);
    oneLine(['verify', 'xsilu', '--alpha-p', '1'], /--alpha-p: xielu's parameters, and xielu is not named/);
    oneLine(['memory', '--layers', '2'], /--layers: the mlp model is one MLP block/);
  });
});
