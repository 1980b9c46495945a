import { wgslNumber } from './wgsl.js';

/**
 * Complete compute shaders. Bindings (group 0):
 *   forward:  0 x_in (read), 1 y_out (write), 2 mask_out (write, u32 words), 3 params {n}
 *   backward: 0 y_in (read), 1 mask_in (read), 2 dy_in (read), 3 dx_out (write), 4 params {n}
 * A monotone (one-branch) function has no mask: its kernels keep the other bindings' numbers and
 * leave the mask's out (forward: 0, 1, 3; backward: 0, 2, 3, 4), one element per invocation.
 * Workgroups of 64; the index is gid.x + gid.y·(num_workgroups.x·64), so more than 65535
 * workgroups can be spread over y. The forward kernel gives each invocation one mask word
 * (32 elements): every word has one writer, so there are no races and no atomics.
 */

export const WORKGROUP_SIZE = 64;

export const PARAMS = ['struct Params {', '  n: u32,', '}'];

export function index(name: string): string {
  return `  let ${name} = gid.x + gid.y * (nwg.x * ${WORKGROUP_SIZE}u);`;
}

export function forwardKernel(prefix: string, forward: string, xMin32: number): string[] {
  const declarations = [
    '@group(0) @binding(0) var<storage, read> x_in: array<f32>;',
    '@group(0) @binding(1) var<storage, read_write> y_out: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> mask_out: array<u32>;',
    '@group(0) @binding(3) var<uniform> params: Params;',
    '',
    `// The smallest float32 ≥ x_min: x < this exactly when x < x_min.`,
    `const ${prefix}x_min: f32 = ${wgslNumber(xMin32)};`,
  ];
  return kernel(declarations, [
    index('word'),
    '  let first = word * 32u;',
    '  if (first >= params.n) {',
    '    return;',
    '  }',
    '  var bits = 0u;',
    '  for (var j = 0u; j < 32u; j++) {',
    '    let i = first + j;',
    '    if (i >= params.n) {',
    '      break;',
    '    }',
    '    let xi = x_in[i];',
    `    y_out[i] = ${prefix}${forward}(xi);`,
    `    bits |= select(0u, 1u << j, xi < ${prefix}x_min);`,
    '  }',
    '  mask_out[word] = bits;',
  ]);
}

/** The backward kernel's bindings, y_in an array of `yType`. */
export function backwardBindings(yType: string): string[] {
  return [
    `@group(0) @binding(0) var<storage, read> y_in: array<${yType}>;`,
    '@group(0) @binding(1) var<storage, read> mask_in: array<u32>;',
    '@group(0) @binding(2) var<storage, read> dy_in: array<f32>;',
    '@group(0) @binding(3) var<storage, read_write> dx_out: array<f32>;',
    '@group(0) @binding(4) var<uniform> params: Params;',
  ];
}

/** A compute kernel: its bindings, then `body`, which computes its own index from gid and nwg. */
export function kernel(bindings: readonly string[], body: readonly string[]): string[] {
  return [
    ...PARAMS,
    '',
    ...bindings,
    '',
    `@compute @workgroup_size(${WORKGROUP_SIZE})`,
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
    ...body,
    '}',
  ];
}

/** A kernel with one element per invocation: its bindings, then `body` for element i < n. */
export function elementKernel(bindings: readonly string[], body: readonly string[]): string[] {
  return kernel(bindings, [index('i'), '  if (i >= params.n) {', '    return;', '  }', ...body]);
}

/** How y_in's elements are typed and widened to f32 (f32 itself by default; f16 for fp16 storage). */
export interface BackwardY {
  readonly type: string;
  readonly widen: (v: string) => string;
}

const F32_Y: BackwardY = { type: 'f32', widen: (v) => v };

/**
 * Elements per invocation of a backward kernel: 'element' gives each invocation one element (it
 * reads that element's mask word); 'word' gives it the 32 elements of one mask word, which it
 * reads once, as the forward kernel does. Dispatch n/64 or n/(32·64) workgroups accordingly.
 */
export type BackwardLayout = 'element' | 'word';

export function backwardKernel(prefix: string, grad: string, y: BackwardY = F32_Y, layout: BackwardLayout = 'element'): string[] {
  const call = (branch: string) => `dx_out[i] = dy_in[i] * ${prefix}${grad}(${y.widen('y_in[i]')}, ${branch});`;
  const bindings = backwardBindings(y.type);
  if (layout === 'element') return elementKernel(bindings, ['  let branch = (mask_in[i >> 5u] >> (i & 31u)) & 1u;', `  ${call('branch')}`]);
  return kernel(bindings, [
    index('word'),
    '  let first = word * 32u;',
    '  if (first >= params.n) {',
    '    return;',
    '  }',
    '  let bits = mask_in[word];',
    '  let count = min(params.n - first, 32u);',
    '  for (var j = 0u; j < count; j++) {',
    '    let i = first + j;',
    `    ${call('(bits >> j) & 1u')}`,
    '  }',
  ]);
}

/** The forward kernel of a one-branch function: y only, no mask (binding 2 is unused). */
export function oneBranchForwardKernel(prefix: string, forward: string): string[] {
  const bindings = ['@group(0) @binding(0) var<storage, read> x_in: array<f32>;', '@group(0) @binding(1) var<storage, read_write> y_out: array<f32>;', '@group(0) @binding(3) var<uniform> params: Params;'];
  return elementKernel(bindings, [`  y_out[i] = ${prefix}${forward}(x_in[i]);`]);
}

/** The backward kernel of a one-branch function: dx = dy·g(y), no mask (binding 1 is unused). */
export function oneBranchBackwardKernel(prefix: string, grad: string): string[] {
  return elementKernel(backwardBindings('f32').filter((b) => !b.includes('mask_in')), [`  dx_out[i] = dy_in[i] * ${prefix}${grad}(y_in[i]);`]);
}
