import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('fit-inverse and the trainable families', () => {
  it('analyze xsilu --alpha -0.05 prints three branches with their codes', () => {
    const r = cli('analyze', 'xsilu', '--alpha', '-0.05');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 monotone pieces, branch code of 2 bits per element/);
    for (const line of [/code 2\s+increasing\s+x in \(-Infinity, -3\.9131/, /code 1\s+decreasing/, /code 0\s+increasing\s+x in \[-1\.5993/]) expect(r.stdout).toMatch(line);
  });

  it('rejects a parameter out of range, or given to a fixed activation, with exit 2 and the allowed range', () => {
    const bad = cli('analyze', 'xgelu', '--alpha', '2.5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/alpha must be in \[-0.5, 2\], got 2.5/);
    const misplaced = cli('analyze', 'gelu', '--alpha', '0.1');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/apply to the families/);
  });

  it('verify xielu at one (α_p, α_n) reports the error per piece and the end-to-end error beside the floor', () => {
    const r = cli('verify', 'xielu', '--alpha-p', '0.8', '--alpha-n', '0.8', '--sample', '1000', '--stride', '16777216', '--workers', '1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/alpha_p=0\.8 alpha_n=0\.8\s+2\s+\d/);
    expect(r.stdout).toMatch(/xielu: max [\d.]+ ulp \(f⁻¹, bound 16\), [\d.]+ ulp \(g, bound 8\)/);
  });
});
