/**
 * Exact float32 constants as C99/WGSL hexadecimal floats ("-0x1.8p-3"): fit files, TypeScript
 * and WGSL all carry the same digits, so no decimal round trip can move a coefficient.
 */

/** The hexadecimal form of a float32 value: "0x1.<hex>p<exp>" (normalised, subnormals too). */
export function toHexFloat32(x: number): string {
  if (Math.fround(x) !== x || !Number.isFinite(x)) {
    throw new RangeError(`toHexFloat32: ${x} is not a finite float32 value`);
  }
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  let a = Math.abs(x);
  if (a === 0) return `${sign}0x0p+0`;
  let e = 0;
  while (a >= 2) {
    a /= 2;
    e++;
  }
  while (a < 1) {
    a *= 2;
    e--;
  }
  // a in [1, 2): 23 fraction bits (24 with room for subnormal shifts) fit in 6 hex digits.
  const frac = Math.round((a - 1) * 2 ** 24);
  let digits = frac.toString(16).padStart(6, '0').replace(/0+$/, '');
  digits = digits ? `.${digits}` : '';
  return `${sign}0x1${digits}p${e >= 0 ? '+' : ''}${e}`;
}

const HEX = /^([+-]?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i;

/**
 * Parse a hexadecimal float that must be exactly a float32 value. Returns undefined when the text
 * is not a hex float or not exactly representable, so callers can name the offending field.
 */
export function parseHexFloat32(text: string): number | undefined {
  const m = HEX.exec(text);
  if (!m) return undefined;
  const [, sign, int, frac = '', exp] = m;
  let value = parseInt(int!, 16);
  for (let i = 0; i < frac.length; i++) value += parseInt(frac[i]!, 16) * 16 ** -(i + 1);
  value *= 2 ** Number(exp);
  if (sign === '-') value = -value;
  if (!Number.isFinite(value) || Math.fround(value) !== value) return undefined;
  return value;
}
