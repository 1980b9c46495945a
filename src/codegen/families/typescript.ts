import { posix } from 'node:path';
import type { IrDispatch, IrFunction } from '../../ir/ir.js';
import { camel } from '../names.js';
import type { Precision } from '../../ir/interpret.js';
import { arithmeticPreamble, docComment, jsFunction, tsFunction } from '../typescript.js';
import type { FamilyCode } from './family-code.js';

/**
 * A family's TypeScript module: per-element float32 functions of (y, code, p), p the parameter
 * block from the host function (re-exported here), and the same code compiled to JavaScript for
 * the verifier, from the same emitted statements.
 */

/**
 * The families' TypeScript stays in float32 arithmetic, the WGSL's: their verifier (verify/families)
 * sweeps the compiled TypeScript as the model of both.
 */
const FAMILY_ARITHMETIC: Precision = 'float32';

/** `code === 1 ? f1(y, p) : … : last(y, p)`: codes no branch has take the last (code 0). */
function dispatchExpression(d: IrDispatch): string {
  const last = d.branches[d.branches.length - 1]!;
  const chain = d.branches
    .slice(0, -1)
    .map((b) => `code === ${b.code} ? ${camel(b.fn.name)}(y, p) : `)
    .join('');
  return `${chain}${camel(last.fn.name)}(y, p)`;
}

const functions = (code: FamilyCode): IrFunction[] => [
  ...code.inverse.branches.map((b) => b.fn),
  ...code.grad.branches.map((b) => b.fn),
  code.forward,
  code.code,
  ...code.dParams,
];

export function tsFamilyModule(code: FamilyCode, header: readonly string[], modulePath: string): string {
  const host = posix.relative(posix.dirname(modulePath), code.host.module).replace(/\.ts$/, '.js');
  const name = camel(code.name);
  const lines: string[] = [
    ...header.map((l) => `// ${l}`.trimEnd()),
    '',
    `import { ${code.host.name} } from '${host.startsWith('.') ? host : `./${host}`}';`,
    '',
    ...docComment([`The parameter block of ${code.name} (a Float32Array, from ${code.host.name}(${code.parameterNames.join(', ')})) in this order.`]),
    `export const ${name}ParamNames = ${JSON.stringify(code.params.names)} as const;`,
    '',
    ...docComment([`Bits per element of the packed branch code of ${code.name}.`]),
    `export const ${name}CodeBits = ${code.codeBits};`,
    '',
    `export { ${code.host.name} };`,
    '',
    ...arithmeticPreamble(FAMILY_ARITHMETIC),
  ];
  for (const h of code.helpers) lines.push('', ...tsFunction(h, FAMILY_ARITHMETIC, false));
  const exported = new Set([code.forward, code.code, ...code.dParams]);
  for (const fn of functions(code)) lines.push('', ...tsFunction(fn, FAMILY_ARITHMETIC, exported.has(fn)));
  for (const d of [code.inverse, code.grad]) {
    lines.push(
      '',
      ...docComment(d.doc),
      `export function ${camel(d.name)}(y: number, code: number, p: Float32Array): number {`,
      `  return ${dispatchExpression(d)};`,
      '}',
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface CompiledFamily {
  inverse(y: number, code: number, p: Float32Array): number;
  grad(y: number, code: number, p: Float32Array): number;
  forward(x: number, p: Float32Array): number;
  code(x: number, p: Float32Array): number;
  /** ∂f/∂θ(x), in the family's parameterNames order. */
  dParams: ((x: number, p: Float32Array) => number)[];
}

/** The family's functions as JavaScript, compiled with `new Function` from the emitted statements. */
export function compileFamily(code: FamilyCode): CompiledFamily {
  const define = (f: IrFunction) => jsFunction(f, FAMILY_ARITHMETIC);
  const source = [
    ...code.helpers.map(define),
    ...functions(code).map(define),
    `return {`,
    `  inverse: (y, code, p) => ${dispatchExpression(code.inverse)},`,
    `  grad: (y, code, p) => ${dispatchExpression(code.grad)},`,
    `  forward: ${camel(code.forward.name)},`,
    `  code: ${camel(code.code.name)},`,
    `  dParams: [${code.dParams.map((f) => camel(f.name)).join(', ')}],`,
    `};`,
  ].join('\n');
  return new Function('fr', source)(Math.fround) as CompiledFamily;
}
