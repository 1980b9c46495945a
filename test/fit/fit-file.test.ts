import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitToJson, parseFit } from '../../src/fit/fit-file.js';
import { parseHexFloat32, toHexFloat32 } from '../../src/ir/hex-float.js';

const SOURCE = new URL('../../fits/gelu.right.grad.float32.json', import.meta.url);
const text = readFileSync(SOURCE, 'utf8');

/** A copy of the checked-in fit with one edit applied to its JSON. */
function edited(edit: (doc: any) => void): string {
  const doc = JSON.parse(text);
  edit(doc);
  return JSON.stringify(doc);
}

describe('hexadecimal float32 constants', () => {
  it('round-trip exactly, subnormals and signed zero included', () => {
    for (const x of [1, -0.1875, Math.fround(0.1), 2 ** -149, -(2 ** -126), 3.4028234663852886e38, -0, 0]) {
      const h = toHexFloat32(x);
      expect(Object.is(parseHexFloat32(h), x), `${x} → ${h}`).toBe(true);
    }
    expect(toHexFloat32(-0.1875)).toBe('-0x1.8p-3');
    expect(parseHexFloat32('0x1.000001p+0')).toBeUndefined(); // 25 significant bits: not a float32
    expect(parseHexFloat32('1.5')).toBeUndefined();
    expect(() => toHexFloat32(0.1)).toThrow(/not a finite float32/);
  });
});

describe('fit files', () => {
  it('parse and serialise back to the same bytes', () => {
    expect(fitToJson(parseFit(text, 'gelu.right.grad'))).toBe(text);
  });

  it('name the path of a missing field', () => {
    const bad = edited((d) => delete d.segments[2].form.coefficients);
    expect(() => parseFit(bad, 'bad.json')).toThrow('bad.json: $.segments[2].form.coefficients: missing');
  });

  it('reject a coefficient that is not a float32 hex float', () => {
    const decimal = edited((d) => (d.segments[1].form.coefficients[3] = '0.25'));
    expect(() => parseFit(decimal, 'bad.json')).toThrow(/\$\.segments\[1\]\.form\.coefficients\[3\]: expected a float32 hexadecimal float/);
    const tooPrecise = edited((d) => (d.segments[0].form.coefficients[0] = '0x1.0000001p+0'));
    expect(() => parseFit(tooPrecise, 'bad.json')).toThrow(/\$\.segments\[0\]\.form\.coefficients\[0\]/);
  });

  it('reject overlapping or gapped segments, naming the segment', () => {
    const overlap = edited((d) => (d.segments[3].lo = d.segments[2].lo));
    expect(() => parseFit(overlap, 'bad.json')).toThrow(/\$\.segments\[3\]\.lo: overlaps segment 2/);
    const gap = edited((d) => (d.segments[3].lo = d.segments[3].hi));
    expect(() => parseFit(gap, 'bad.json')).toThrow(/\$\.segments\[3\]/);
  });

  it('read the planner\'s level cost where a file records one, and reject one out of range', () => {
    const recorded = edited((d) => (d.settings.levelCost = 6));
    expect(parseFit(recorded, 'lc.json').settings.levelCost).toBe(6);
    expect(parseFit(fitToJson(parseFit(recorded, 'lc.json')), 'lc.json').settings.levelCost).toBe(6);
    expect(parseFit(text, 'gelu.right.grad').settings.levelCost).toBeUndefined();
    expect(() => parseFit(edited((d) => (d.settings.levelCost = 0)), 'bad.json')).toThrow(/\$\.settings\.levelCost: expected a number of operations in \(0, 64\], got 0/);
  });

  it('reject bad enumerations and non-JSON with the allowed values', () => {
    expect(() => parseFit(edited((d) => (d.target = 'hessian')), 'bad.json')).toThrow(/\$\.target: expected one of "inverse", "grad", got "hessian"/);
    expect(() => parseFit('{ nope', 'bad.json')).toThrow(/bad\.json: \$: not valid JSON/);
    expect(() => parseFit(edited((d) => (d.segments[0].lead = { kind: 'u', scale: '0x1.8p+0' })), 'bad.json')).toThrow(/lead\.scale: must be ± a power of two/);
    expect(() => parseFit(edited((d) => (d.segments[0].outer = 'cbrt')), 'bad.json')).toThrow(/\$\.segments\[0\]\.outer: expected one of "none", "sqrt", "neg-sqrt", got "cbrt"/);
  });

  it('reject the radicand d as a factor where no √ transform computes it', () => {
    const i = JSON.parse(text).segments.findIndex((s: { transform: string }) => s.transform === 'identity');
    const bad = edited((d) => (d.segments[i].factor = 'd'));
    expect(() => parseFit(bad, 'bad.json')).toThrow(`bad.json: $.segments[${i}].factor: "d" (the radicand of a √ transform) needs transform "sqrt-min" or "sqrt-hi", got "identity"`);
  });
});
