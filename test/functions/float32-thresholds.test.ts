import { describe, expect, it } from 'vitest';
import { float32Thresholds, fround, getActivation, nextDown32 } from '../../src/index.js';

// Thresholds measured independently and given in shared/DESIGN.md §6 ("Facts measured in float32").
const DESIGN = {
  gelu: { inverse: 5.3475156, grad: 5.910161, underflow: -14.356 },
  gelu_tanh: { inverse: 4.9941373, grad: 5.46786, underflow: -10.771 },
  silu: { inverse: 16.676973, grad: 19.556345, underflow: -108.66 },
} as const;

describe.each(Object.keys(DESIGN) as (keyof typeof DESIGN)[])('%s float32 thresholds', (name) => {
  const a = getActivation(name);
  const t = float32Thresholds(a);
  const d = DESIGN[name];

  it('match the values measured in DESIGN §6', () => {
    expect(t.inverseIsIdentityFrom).toBeCloseTo(d.inverse, 6);
    expect(t.gradIsOneFrom).toBeCloseTo(d.grad, 5);
    expect(t.leftOutputUnderflowsBelow).toBeCloseTo(d.underflow, 2);
  });

  it('are sharp: the predicate switches exactly there', () => {
    const below = nextDown32(t.inverseIsIdentityFrom);
    expect(fround(a.inverse(t.inverseIsIdentityFrom, 'right'))).toBe(t.inverseIsIdentityFrom);
    expect(fround(a.inverse(below, 'right'))).not.toBe(below);
    expect(fround(a.gradFromOutput(t.gradIsOneFrom, 'right'))).toBe(1);
    expect(fround(a.gradFromOutput(nextDown32(t.gradIsOneFrom), 'right'))).not.toBe(1);
    expect(fround(a.f(t.leftOutputUnderflowsBelow)) === 0).toBe(false);
    expect(fround(a.f(t.leftOutputUnderflowsBelow - 1e-9)) === 0).toBe(true);
  });

  it('fl32(y_min) lies below the true minimum (DESIGN §6)', () => {
    expect(t.yMinFloat32).toBeLessThan(a.yMin);
  });
});
