import type { BackwardLayout } from '../../src/codegen/wgsl-kernels.js';
import { wgslForward } from '../../src/codegen/wgsl-forward.js';
import type { BenchFunction } from './functions.js';

/**
 * The standard kernels ours are timed against, written as a framework would: backward reads the
 * saved x and computes f'(x); forward writes y only (x is kept anyway). One element per
 * invocation (the backward also with 32 contiguous elements per invocation, as ours can run),
 * workgroups of 64, the same indexing as the generated kernels, no vec4: per element the work is
 * what ours does, apart from the formula. Bindings (group 0):
 *   forward:  0 x_in (read), 1 y_out (write), 2 params {n}
 *   backward: 0 x_in (read), 1 dy_in (read), 2 dx_out (write), 3 params {n}
 */

const PREFIX = 'std_';

/** f'(x) in WGSL, float32, per activation. */
const GRAD: Record<BenchFunction, { readonly doc: string; readonly lines: readonly string[] }> = {
  gelu: {
    doc: "Φ(x) + x·φ(x) with erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7), the erf that ONNX Runtime's WebGPU Gelu kernel uses",
    lines: [
      'fn std_erf(v: f32) -> f32 {',
      '  let a = abs(v);',
      '  let t = 1.0f / (1.0f + 0.3275911f * a);',
      '  let p = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;',
      '  return sign(v) * (1.0f - p * exp(-a * a));',
      '}',
      '',
      'fn std_grad(x: f32) -> f32 {',
      '  return 0.5f * (1.0f + std_erf(x * 0.70710678f)) + x * (0.39894228f * exp(-0.5f * x * x));',
      '}',
    ],
  },
  gelu_tanh: {
    doc: "PyTorch's gelu_backward, tanh approximation: 0.5(1 + t) + 0.5x(1 − t²)·k(1 + 3·0.044715x²), t = tanh(k(x + 0.044715x³)), k = √(2/π); WGSL's tanh",
    lines: [
      'fn std_grad(x: f32) -> f32 {',
      '  let k = 0.7978845608f;',
      '  let x2 = x * x;',
      '  let t = tanh(k * (x + 0.044715f * x2 * x));',
      '  return 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * (k * (1.0f + 0.134145f * x2));',
      '}',
    ],
  },
  silu: {
    doc: "PyTorch's silu_backward: σ(x)·(1 + x·(1 − σ(x))), σ(x) = 1/(1 + exp(−x))",
    lines: ['fn std_grad(x: f32) -> f32 {', '  let s = 1.0f / (1.0f + exp(-x));', '  return s * (1.0f + x * (1.0f - s));', '}'],
  },
};

const HEAD = ['struct Params {', '  n: u32,', '}', ''];

/** The entry point: `body` on element i, one element per invocation or 32 contiguous ones (see BackwardLayout). */
function main(body: string, layout: BackwardLayout): string[] {
  const perElement = ['  let i = gid.x + gid.y * (nwg.x * 64u);', '  if (i >= params.n) {', '    return;', '  }', `  ${body}`];
  const perWord = [
    '  let first = (gid.x + gid.y * (nwg.x * 64u)) * 32u;',
    '  if (first >= params.n) {',
    '    return;',
    '  }',
    '  let count = min(params.n - first, 32u);',
    '  for (var j = 0u; j < count; j++) {',
    '    let i = first + j;',
    `    ${body}`,
    '  }',
  ];
  return [
    '@compute @workgroup_size(64)',
    'fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {',
    ...(layout === 'element' ? perElement : perWord),
    '}',
  ];
}

export function standardBackwardDoc(fn: BenchFunction): string {
  return GRAD[fn].doc;
}

export function standardBackwardKernel(fn: BenchFunction, layout: BackwardLayout = 'element'): string {
  return [
    `// Standard backward of ${fn}: dx = dy·f'(x) from the saved x; ${GRAD[fn].doc}.`,
    ...HEAD,
    '@group(0) @binding(0) var<storage, read> x_in: array<f32>;',
    '@group(0) @binding(1) var<storage, read> dy_in: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> dx_out: array<f32>;',
    '@group(0) @binding(3) var<uniform> params: Params;',
    '',
    ...GRAD[fn].lines,
    '',
    ...main('dx_out[i] = dy_in[i] * std_grad(x_in[i]);', layout),
  ].join('\n');
}

/** The forward formula of our forward kernel (src/codegen/wgsl-forward.ts), writing y only: no mask. */
export function standardForwardKernel(fn: BenchFunction): string {
  return [
    `// Standard forward of ${fn}: y only, the same formula as the generated forward kernel.`,
    ...HEAD,
    '@group(0) @binding(0) var<storage, read> x_in: array<f32>;',
    '@group(0) @binding(1) var<storage, read_write> y_out: array<f32>;',
    '@group(0) @binding(2) var<uniform> params: Params;',
    '',
    ...wgslForward(fn, PREFIX),
    '',
    ...main(`y_out[i] = ${PREFIX}${fn}(x_in[i]);`, 'element'),
  ].join('\n');
}
