import type { IrDispatch, IrFunction } from '../../ir/ir.js';
import { helpersCalledBy } from '../../ir/prune.js';
import { pascal } from '../names.js';
import { wgslDispatch, wgslFunction } from '../wgsl.js';
import { elementKernel, index, kernel } from '../wgsl-kernels.js';
import type { FamilyCode } from './family-code.js';

/**
 * A family's WGSL: a composable file (the parameter block's struct, the helpers, the per-element
 * functions; no bindings) and complete forward and backward compute shaders. The functions read
 * the block from a module-scope uniform `<prefix><name>_params`, which the including shader
 * declares (`@group(g) @binding(b) var<uniform> fi_xsilu_params: FiXsiluParams;`): the composable
 * file itself binds nothing.
 */

const comment = (lines: readonly string[]) => lines.map((l) => `// ${l}`.trimEnd());

export function structName(prefix: string, code: FamilyCode): string {
  return pascal(`${prefix}${code.params.name}`);
}

/** Which of the family's functions a file carries (the helpers they call come with them). */
interface Parts {
  readonly inverse: boolean;
  readonly grad: boolean;
  readonly forward: boolean;
  readonly dParams: boolean;
}

const ALL: Parts = { inverse: true, grad: true, forward: true, dParams: true };
const NONE: Parts = { inverse: false, grad: false, forward: false, dParams: false };

function composable(code: FamilyCode, prefix: string, parts: Parts = ALL): string[] {
  const p = prefix;
  const block = `${p}${code.params.name}`;
  const vec4s = Math.ceil(code.params.names.length / 4);
  const own = (fns: readonly IrFunction[]) => fns.flatMap((f) => [...wgslFunction(f, p), '']);
  const dispatch = (d: IrDispatch, on: boolean) => (on ? [...own(d.branches.map((b) => b.fn)), ...wgslDispatch(d, p), ''] : []);
  const pointwise = [...(parts.forward ? [code.forward, code.code] : []), ...(parts.dParams ? code.dParams : [])];
  const callers = [...(parts.inverse ? code.inverse.branches : []), ...(parts.grad ? code.grad.branches : [])].map((b) => b.fn);
  return [
    `// The parameter block: ${code.params.names.length} float32 values in the order of the host function's`,
    `// Float32Array (${code.host.name}), padded to whole vec4s. Declare the uniform in the including shader:`,
    `//   @group(0) @binding(N) var<uniform> ${block}: ${structName(p, code)};`,
    `struct ${structName(p, code)} {`,
    `  v: array<vec4<f32>, ${vec4s}>,`,
    '}',
    '',
    `fn ${block}_at(i: u32) -> f32 {`,
    `  return ${block}.v[i >> 2u][i & 3u];`,
    '}',
    '',
    ...own(helpersCalledBy([...callers, ...pointwise], code.helpers)),
    ...dispatch(code.inverse, parts.inverse),
    ...dispatch(code.grad, parts.grad),
    ...own(pointwise),
  ];
}

/** x → y and the packed branch codes (codeBits per element, element i at bit i·k of the mask). */
function forwardKernel(code: FamilyCode, prefix: string): string[] {
  const k = code.codeBits;
  const per = 32 / k;
  return kernel(
    [
      '@group(0) @binding(0) var<storage, read> x_in: array<f32>;',
      '@group(0) @binding(1) var<storage, read_write> y_out: array<f32>;',
      '@group(0) @binding(2) var<storage, read_write> mask_out: array<u32>;',
      '@group(0) @binding(3) var<uniform> params: Params;',
      `@group(0) @binding(4) var<uniform> ${prefix}${code.params.name}: ${structName(prefix, code)};`,
      '',
      `// One mask word (${per} elements of ${k} bit${k > 1 ? 's' : ''}) per invocation: one writer per word, no atomics.`,
    ],
    [
      index('word'),
      `  let first = word * ${per}u;`,
      '  if (first >= params.n) {',
      '    return;',
      '  }',
      '  var bits = 0u;',
      `  for (var j = 0u; j < ${per}u; j++) {`,
      '    let i = first + j;',
      '    if (i >= params.n) {',
      '      break;',
      '    }',
      '    let xi = x_in[i];',
      `    y_out[i] = ${prefix}${code.forward.name}(xi);`,
      `    bits |= u32(${prefix}${code.code.name}(xi)) << (j * ${k}u);`,
      '  }',
      '  mask_out[word] = bits;',
    ],
  );
}

/**
 * y, the packed codes and dy → dx = dy·g(y, code), and per element dy·∂f/∂θ(x) for each parameter
 * (x = f⁻¹(y, code)), which the caller sums: dparams_out[i·P + j] for parameter j of P.
 */
function backwardKernel(code: FamilyCode, prefix: string): string[] {
  const k = code.codeBits;
  const count = code.dParams.length;
  return elementKernel(
    [
      '@group(0) @binding(0) var<storage, read> y_in: array<f32>;',
      '@group(0) @binding(1) var<storage, read> mask_in: array<u32>;',
      '@group(0) @binding(2) var<storage, read> dy_in: array<f32>;',
      '@group(0) @binding(3) var<storage, read_write> dx_out: array<f32>;',
      '@group(0) @binding(4) var<storage, read_write> dparams_out: array<f32>;',
      '@group(0) @binding(5) var<uniform> params: Params;',
      `@group(0) @binding(6) var<uniform> ${prefix}${code.params.name}: ${structName(prefix, code)};`,
    ],
    [
      `  let branch = (mask_in[(i * ${k}u) >> 5u] >> ((i * ${k}u) & 31u)) & ${(1 << k) - 1}u;`,
      '  let yi = y_in[i];',
      '  let dy = dy_in[i];',
      `  dx_out[i] = dy * ${prefix}${code.grad.name}(yi, branch);`,
      `  let x = ${prefix}${code.inverse.name}(yi, branch);`,
      ...code.dParams.map((f, j) => `  dparams_out[i * ${count}u + ${j}u] = dy * ${prefix}${f.name}(x);`),
    ],
  );
}

export function wgslFamilyFiles(code: FamilyCode, prefix: string, header: readonly string[]): { path: string; text: string }[] {
  const file = (lines: string[]) => `${[...header.map((l) => `// ${l}`.trimEnd()), '', ...lines].join('\n')}\n`;
  const functions = composable(code, prefix);
  return [
    { path: `wgsl/families/${code.name}.wgsl`, text: file([...comment(['Composable: no bindings. Include this text in a shader, declare the uniform above, call the functions below.']), ...functions]) },
    { path: `wgsl/families/${code.name}_forward.wgsl`, text: file([...composable(code, prefix, { ...NONE, forward: true }), ...forwardKernel(code, prefix)]) },
    { path: `wgsl/families/${code.name}_backward.wgsl`, text: file([...composable(code, prefix, { ...ALL, forward: false }), ...backwardKernel(code, prefix)]) },
  ];
}
