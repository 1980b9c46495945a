import { docComment } from './typescript.js';

/** The TypeScript of the packed branch mask (DESIGN §1): word i >>> 5, bit i & 31, LSB first. */
export function tsBranchBitsModule(header: readonly string[]): string {
  return [
    ...header.map((l) => `// ${l}`.trimEnd()),
    '',
    ...docComment([
      'One bit per element: 1 when x < xMin (the left branch). Element i lives in word i >>> 5,',
      'bit i & 31, least significant bit first; the last word is zero-padded. NaN gets 0.',
    ]),
    'export function packBranchBits(x: Float32Array, xMin: number): Uint32Array {',
    "  if (!(x instanceof Float32Array)) throw new TypeError('packBranchBits: x must be a Float32Array');",
    "  if (typeof xMin !== 'number' || !Number.isFinite(xMin)) throw new RangeError(`packBranchBits: xMin must be a finite number, got ${String(xMin)}`);",
    '  const words = new Uint32Array((x.length + 31) >>> 5);',
    '  for (let i = 0; i < x.length; i++) {',
    '    if (x[i]! < xMin) words[i >>> 5]! |= 1 << (i & 31);',
    '  }',
    '  return words;',
    '}',
    '',
    ...docComment(['The branch codes (0 or 1) of the first `length` elements of a packed mask.']),
    'export function unpackBranchBits(words: Uint32Array, length: number): Uint8Array {',
    "  if (!(words instanceof Uint32Array)) throw new TypeError('unpackBranchBits: words must be a Uint32Array');",
    '  if (!Number.isInteger(length) || length < 0 || length > words.length * 32) {',
    '    throw new RangeError(`unpackBranchBits: length must be an integer in [0, ${words.length * 32}] for ${words.length} words, got ${length}`);',
    '  }',
    '  const codes = new Uint8Array(length);',
    '  for (let i = 0; i < length; i++) codes[i] = (words[i >>> 5]! >>> (i & 31)) & 1;',
    '  return codes;',
    '}',
    '',
  ].join('\n');
}
