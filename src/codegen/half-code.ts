import type { HalfDtype } from '../numerics/half.js';
import type { IrDispatch } from '../ir/ir.js';
import type { ActivationCode, GeneratedFile } from './generate.js';
import { camel } from './names.js';
import { arithmeticPreamble, docComment, SHIPPED_ARITHMETIC, tsDispatch, tsFunction } from './typescript.js';
import { backwardBindings, backwardKernel, index, kernel } from './wgsl-kernels.js';

/**
 * Code for y stored as bf16 or fp16. The fits of a 16-bit dtype are float32 code like any other
 * (the same IR, the same emitters); what is added here is only how y arrives: as a 16-bit pattern,
 * widened to float32 exactly (both dtypes are subsets of float32) before the fit's code runs.
 *
 * TypeScript: `<fn><Target><Dtype>(y, branch)` on the widened y, `…Bits(bits, branch)` on the
 * pattern, `…Batch(ys: Uint16Array, mask, out)` over an array. WGSL: the same functions on the
 * widened f32, and backward kernels that read the patterns: bf16 two per u32 word (element 2k in
 * the low half), widened by a shift; fp16 either as array<f16> (`enable f16`, where the adapter has
 * 'shader-f16') or two per u32 word through unpack2x16float.
 */
const DECODE: Record<HalfDtype, string> = { bf16: 'bf16ToFloat32', fp16: 'fp16ToFloat32' };
const STORED: Record<HalfDtype, string> = { bf16: 'bfloat16', fp16: 'IEEE binary16 (fp16)' };

function half(a: ActivationCode): HalfDtype {
  if (a.dtype === 'float32') throw new RangeError(`half-code: ${a.name} is float32, not a 16-bit dtype`);
  return a.dtype;
}

/** The dispatcher with a note on how y is stored, and how the fit was measured. */
function storedDispatch(d: IrDispatch, dtype: HalfDtype): IrDispatch {
  const note = `y stored as ${STORED[dtype]}, widened to float32 (exactly); measured on every ${dtype} value of each branch.`;
  return { ...d, doc: [...d.doc, note], branches: d.branches.map((b) => ({ ...b, fn: { ...b.fn, doc: [...b.fn.doc, note] } })) };
}

/** The TypeScript names an activation's dtype module exports. */
export function halfTsExports(a: ActivationCode): string[] {
  return (['inverse', 'grad'] as const).flatMap((t) => {
    const name = camel(a.targets[t].name);
    return [name, `${name}Bits`, `${name}Batch`];
  });
}

function tsPatternForms(d: IrDispatch, dtype: HalfDtype): string[] {
  const name = camel(d.name);
  const decode = DECODE[dtype];
  const what = d.branches[0]!.fn.doc[0]!.includes('f⁻¹') ? 'x = f⁻¹(y)' : "g = f'(f⁻¹(y))";
  return [
    ...docComment([`${name} of a ${dtype} bit pattern (an integer in [0, 65535]): ${what} on the branch of the code (1 = left, 0 = right).`]),
    `export function ${name}Bits(bits: number, branch: number): number {`,
    `  return ${name}(${decode}(bits), branch);`,
    '}',
    '',
    '/** Every value of the function of the pattern, indexed by branch code << 16 | pattern: built from it on first use (512 KiB). */',
    `let ${name}Values: Float32Array | undefined;`,
    '',
    `function ${name}Table(): Float32Array {`,
    `  if (!${name}Values) {`,
    `    const t = new Float32Array(1 << 17);`,
    '    for (let p = 0; p < 0x10000; p++) {',
    `      t[p] = ${name}(${decode}(p), 0);`,
    `      t[0x10000 | p] = ${name}(${decode}(p), 1);`,
    '    }',
    `    ${name}Values = t;`,
    '  }',
    `  return ${name}Values;`,
    '}',
    '',
    ...docComment([
      `${name}Bits over arrays: out[i] for the ${dtype} pattern ys[i] and the branch code of element i in the packed mask`,
      '(word i >>> 5, bit i & 31, as packBranchBits writes it). Returns out. The same bits as the scalar forms: a 16-bit y has',
      'few enough values that every one is evaluated once, by the code above, and looked up: one array read per element.',
    ]),
    `export function ${name}Batch(ys: Uint16Array, mask: Uint32Array, out: Float32Array = new Float32Array(ys.length)): Float32Array {`,
    `  if (!(ys instanceof Uint16Array)) throw new TypeError('${name}Batch: ys must be a Uint16Array of ${dtype} bit patterns');`,
    '  const words = (ys.length + 31) >>> 5;',
    `  if (!(mask instanceof Uint32Array) || mask.length < words) throw new RangeError(\`${name}Batch: mask must be a Uint32Array of at least \${words} words for \${ys.length} elements\`);`,
    `  if (!(out instanceof Float32Array) || out.length < ys.length) throw new RangeError(\`${name}Batch: out must be a Float32Array of at least \${ys.length} elements\`);`,
    `  const t = ${name}Table();`,
    '  for (let i = 0; i < ys.length; i++) out[i] = t[(((mask[i >>> 5]! >>> (i & 31)) & 1) << 16) | ys[i]!]!;',
    '  return out;',
    '}',
  ];
}

export function tsHalfModule(a: ActivationCode, header: readonly string[]): string {
  const dtype = half(a);
  const body: string[] = [
    ...header.map((l) => `// ${l}`.trimEnd()),
    '',
    `import { ${DECODE[dtype]} } from './half.js';`,
    '',
    ...arithmeticPreamble(SHIPPED_ARITHMETIC),
  ];
  for (const target of ['inverse', 'grad'] as const) {
    const d = storedDispatch(a.targets[target], dtype);
    for (const b of d.branches) body.push('', ...tsFunction(b.fn, SHIPPED_ARITHMETIC));
    body.push('', ...tsDispatch(d), '', ...tsPatternForms(d, dtype));
  }
  return `${body.join('\n')}\n`;
}

/** bf16 and fp16 patterns to float32 values, exactly (no fit: the formats' definitions). */
export function tsHalfDecodeModule(header: readonly string[]): string {
  return [
    ...header.map((l) => `// ${l}`.trimEnd()),
    '',
    'const f32 = new Float32Array(1);',
    'const u32 = new Uint32Array(f32.buffer);',
    '',
    ...docComment(['The float32 value of a bf16 bit pattern (an integer in [0, 65535]): bf16 is the upper half of a float32.']),
    'export function bf16ToFloat32(bits: number): number {',
    '  u32[0] = bits << 16;',
    '  return f32[0]!;',
    '}',
    '',
    '/** 2^(max(e, 1) − 25): the weight of the last significand bit for exponent field e. */',
    'const FP16_SCALE = Float64Array.from({ length: 31 }, (_, e) => 2 ** (Math.max(e, 1) - 25));',
    '',
    ...docComment(['The value of an IEEE binary16 bit pattern (an integer in [0, 65535]), exactly: every fp16 value is a float32.']),
    'export function fp16ToFloat32(bits: number): number {',
    '  const e = (bits >>> 10) & 0x1f;',
    '  const m = bits & 0x3ff;',
    '  const v = e === 0x1f ? (m === 0 ? Infinity : NaN) : (e === 0 ? m : m + 0x400) * FP16_SCALE[e]!;',
    '  return bits & 0x8000 ? -v : v;',
    '}',
    '',
  ].join('\n');
}

/** Backward over two 16-bit y per u32 word (element 2k in the low half): one word per invocation. */
function pairKernel(grad: string, unpack: (w: string) => string): string[] {
  return kernel(backwardBindings('u32'), [
    index('word'),
    '  let i = word * 2u;',
    '  if (i >= params.n) {',
    '    return;',
    '  }',
    `  let y = ${unpack('y_in[word]')};`,
    '  let bits = mask_in[i >> 5u] >> (i & 31u);',
    `  dx_out[i] = dy_in[i] * ${grad}(y.x, bits & 1u);`,
    '  if (i + 1u < params.n) {',
    `    dx_out[i + 1u] = dy_in[i + 1u] * ${grad}(y.y, (bits >> 1u) & 1u);`,
    '  }',
  ]);
}

/** The bf16 pair, widened exactly: a bf16 pattern is the upper half of its float32. */
export const unpackBf16 = (w: string) => `vec2<f32>(bitcast<f32>(${w} << 16u), bitcast<f32>(${w} & 0xffff0000u))`;

/**
 * The WGSL files of one activation and 16-bit dtype: the composable functions (f32 in: the
 * widened y), and the backward kernels. `target` writes a dispatcher and its branch functions.
 */
export function wgslHalfFiles(a: ActivationCode, prefix: string, header: readonly string[], target: (d: IrDispatch) => string[]): GeneratedFile[] {
  const dtype = half(a);
  const file = (lines: string[]) => `${[...header, '', ...lines].join('\n')}\n`;
  const inverse = target(storedDispatch(a.targets.inverse, dtype));
  const grad = target(storedDispatch(a.targets.grad, dtype));
  const gradName = `${prefix}${a.targets.grad.name}`;
  const base = `wgsl/${a.name}_${dtype}`;
  const composable = [
    `// Composable: no bindings. y arrives as ${STORED[dtype]}; widen it to f32 (exact) and call the functions below.`,
    dtype === 'bf16'
      ? '// bf16 pair in a u32 word w (element 2k in the low half): vec2<f32>(bitcast<f32>(w << 16u), bitcast<f32>(w & 0xffff0000u)).'
      : "// fp16: f32(h) for an f16 h (enable f16), or unpack2x16float(w) for two fp16 in a u32 word (element 2k in the low half).",
    '',
    ...inverse,
    '',
    ...grad,
  ];
  const comment = (text: string) => [`// ${text}`, ''];
  const files: GeneratedFile[] = [
    { path: `${base}.wgsl`, text: file(composable) },
    {
      path: `${base}_backward.wgsl`,
      text:
        dtype === 'bf16'
          ? file([...comment('Backward (y, mask, dy → dx) with y as bf16 patterns, two per u32 word (element 2k in the low half).'), ...grad, '', ...pairKernel(gradName, unpackBf16)])
          : file(['enable f16;', '', ...comment("Backward (y, mask, dy → dx) with y as array<f16>: needs the adapter feature 'shader-f16' (else use the _unpack kernel)."), ...grad, '', ...backwardKernel(prefix, a.targets.grad.name, { type: 'f16', widen: (v) => `f32(${v})` })]),
    },
  ];
  if (dtype === 'fp16') {
    files.push({
      path: `${base}_backward_unpack.wgsl`,
      text: file([...comment('Backward with y as fp16 patterns, two per u32 word (element 2k in the low half), widened by unpack2x16float: no f16 feature needed.'), ...grad, '', ...pairKernel(gradName, (w) => `unpack2x16float(${w})`)]),
    });
  }
  return files;
}
