import type { Fit, StorageDtype, Target } from '../fit/fit-file.js';
import { GENERATOR } from '../fit/planner.js';
import { activationOf } from '../fit/activation-of.js';
import { expressionFunction } from '../functions/expression/activation.js';
import { lowerDispatch } from '../ir/lower.js';
import type { IrDispatch } from '../ir/ir.js';
import { nextUp32, fround } from '../numerics/float32.js';
import { HALF_DTYPES } from '../numerics/half.js';
import { halfTsExports, tsHalfDecodeModule, tsHalfModule, wgslHalfFiles } from './half-code.js';
import { tsBranchBitsModule } from './branch-bits.js';
import { headerLines, type Provenance } from './header.js';
import { backwardFunction, branchFunction, camel, moduleName, targetFunction } from './names.js';
import { arithmeticPreamble, docComment, SHIPPED_ARITHMETIC, tsBackward, tsDispatch, tsFunction, tsNumber } from './typescript.js';
import { wgslDispatch, wgslFunction, wgslNumber } from './wgsl.js';
import { wgslForward } from './wgsl-forward.js';
import { wgslExpressionForward } from './wgsl-expression.js';
import { backwardKernel, forwardKernel, oneBranchBackwardKernel, oneBranchForwardKernel } from './wgsl-kernels.js';

/** A file to write under the output directory, by its path relative to it. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

export interface FitEntry {
  readonly name: string;
  readonly text: string;
  readonly fit: Fit;
}

export interface GenerateOptions {
  readonly target: 'ts' | 'wgsl' | 'all';
  /** The prefix of WGSL function names ("fi_" by default). */
  readonly prefix: string;
  /** The command line that regenerates these files, for the headers. */
  readonly command: string;
}

/** One activation's four fits (of one storage dtype; two for a one-branch function), as the dispatchers the emitters write. */
export interface ActivationCode {
  readonly name: string;
  readonly dtype: StorageDtype;
  readonly fits: readonly FitEntry[];
  /** Monotone: one branch, no branch bit (no x_min, no mask in the kernels, functions of y only). */
  readonly oneBranch: boolean;
  /** The smallest float32 ≥ x_min: for float32 x, x < xMin32 exactly when x < x_min (−∞ for one branch). */
  readonly xMin32: number;
  readonly targets: Readonly<Record<Target, IrDispatch>>;
}

/** Group the fits of one storage dtype by activation; each needs both branches (its one branch, if monotone) of both targets. */
export function activationCode(entries: readonly FitEntry[], dtype: StorageDtype = 'float32'): ActivationCode[] {
  const mine = entries.filter((e) => e.fit.dtype === dtype);
  const names = [...new Set(mine.map((e) => e.fit.activation.name))].sort();
  return names.map((name) => {
    const find = (target: Target, branch: 'left' | 'right') => {
      const e = mine.find((f) => f.fit.activation.name === name && f.fit.target === target && f.fit.branch.id === branch);
      if (!e) throw new RangeError(`generate: no fit for ${name} ${branch} ${target} ${dtype} (expected fits/${name}.${branch}.${target}.${dtype}.json)`);
      return e;
    };
    const right = (target: Target) => find(target, 'right');
    const oneBranch = right('inverse').fit.branch.only === true;
    if ((right('grad').fit.branch.only === true) !== oneBranch) throw new RangeError(`generate: ${name}'s inverse and grad fits disagree on whether it has one branch (branch.only)`);
    const left = (target: Target) => (oneBranch ? undefined : find(target, 'left'));
    const pick = (target: Target) => lowerDispatch(targetFunction(name, target, dtype), left(target)?.fit, right(target).fit, (b) => branchFunction(name, target, b, dtype));
    const xMin = activationOf(right('grad').fit, right('grad').name).xMin;
    const xMin32 = fround(xMin) >= xMin ? fround(xMin) : nextUp32(xMin);
    return {
      name,
      dtype,
      fits: (['inverse', 'grad'] as const).flatMap((t) => [left(t), right(t)].filter((e) => e !== undefined)),
      oneBranch,
      xMin32,
      targets: { inverse: pick('inverse'), grad: pick('grad') },
    };
  });
}

function provenance(fits: readonly FitEntry[], options: GenerateOptions): Provenance {
  return { generator: GENERATOR, fits: fits.map((f) => ({ name: f.name, text: f.text })), command: options.command };
}

function tsModule(a: ActivationCode, options: GenerateOptions): string {
  const header = headerLines(provenance(a.fits, options)).map((l) => `// ${l}`.trimEnd());
  const body: string[] = [
    ...header,
    '',
    ...arithmeticPreamble(SHIPPED_ARITHMETIC),
    '',
    ...(a.oneBranch
      ? []
      : [
          ...docComment([`The smallest float32 ≥ x_min of ${a.name}: for float32 x, the branch code is x < this ? 1 : 0.`]),
          `export const ${camel(a.name)}XMin = ${tsNumber(a.xMin32)};`,
        ]),
  ];
  for (const target of ['inverse', 'grad'] as const) {
    const d = a.targets[target];
    for (const b of d.branches) body.push('', ...tsFunction(b.fn, SHIPPED_ARITHMETIC));
    body.push('', ...tsDispatch(d));
  }
  body.push('', ...tsBackward(camel(backwardFunction(a.name)), a.targets.grad, SHIPPED_ARITHMETIC));
  return `${body.join('\n')}\n`;
}

/** `halves`: the activations with fits for a 16-bit storage dtype (bf16, fp16), one module each. */
export function generateTypeScript(codes: readonly ActivationCode[], options: GenerateOptions, halves: readonly ActivationCode[] = []): GeneratedFile[] {
  const all = [...codes, ...halves].flatMap((a) => a.fits);
  const files = codes.map((a) => ({ path: `ts/${moduleName(a.name)}.ts`, text: tsModule(a, options) }));
  files.push({ path: 'ts/branch-bits.ts', text: tsBranchBitsModule(headerLines(provenance([], options))) });
  for (const a of halves) files.push({ path: `ts/${moduleName(a.name, a.dtype)}.ts`, text: tsHalfModule(a, headerLines(provenance(a.fits, options))) });
  if (halves.length > 0) files.push({ path: 'ts/half.ts', text: tsHalfDecodeModule(headerLines(provenance([], options))) });
  const index = [
    ...headerLines(provenance(all, options)).map((l) => `// ${l}`.trimEnd()),
    '',
    "export { packBranchBits, unpackBranchBits } from './branch-bits.js';",
    ...codes.map((a) => {
      const names = [...(a.oneBranch ? [] : [`${camel(a.name)}XMin`]), ...(['inverse', 'grad'] as const).map((t) => camel(a.targets[t].name)), camel(backwardFunction(a.name))];
      return `export { ${names.join(', ')} } from './${moduleName(a.name)}.js';`;
    }),
    ...(halves.length > 0 ? ["export { bf16ToFloat32, fp16ToFloat32 } from './half.js';"] : []),
    ...halves.map((a) => `export { ${halfTsExports(a).join(', ')} } from './${moduleName(a.name, a.dtype)}.js';`),
    '',
  ];
  files.push({ path: 'ts/index.ts', text: index.join('\n') });
  return files;
}

function wgslTarget(d: IrDispatch, prefix: string): string[] {
  return [...d.branches.flatMap((b) => [...wgslFunction(b.fn, prefix), '']), ...wgslDispatch(d, prefix)];
}

export function generateWgsl(codes: readonly ActivationCode[], options: GenerateOptions): GeneratedFile[] {
  const p = options.prefix;
  return codes.flatMap((a) => {
    const expression = a.fits[0]!.fit.activation.expression;
    const forward = () => (expression === undefined ? wgslForward(a.name, p) : wgslExpressionForward(a.name, p, expressionFunction(expression).f));
    const header = headerLines(provenance(a.fits, options)).map((l) => `// ${l}`.trimEnd());
    const file = (lines: string[]) => `${[...header, '', ...lines].join('\n')}\n`;
    const functions = [
      '// Composable: no bindings. Include this text in a shader and call the functions below.',
      ...(a.oneBranch
        ? [`// ${a.name} is monotone: one branch, no branch bit; the inverse and the gradient take y only.`]
        : [
            `// The smallest float32 ≥ x_min: the branch code of a float32 x is select(0u, 1u, x < ${p}${a.name}_x_min).`,
            `const ${p}${a.name}_x_min: f32 = ${wgslNumber(a.xMin32)};`,
          ]),
      '',
      ...forward(),
      '',
      ...wgslTarget(a.targets.inverse, p),
      '',
      ...wgslTarget(a.targets.grad, p),
    ];
    return [
      { path: `wgsl/${a.name}.wgsl`, text: file(functions) },
      { path: `wgsl/${a.name}_forward.wgsl`, text: file([...forward(), '', ...(a.oneBranch ? oneBranchForwardKernel(p, a.name) : forwardKernel(p, a.name, a.xMin32))]) },
      {
        path: `wgsl/${a.name}_backward.wgsl`,
        text: file([...wgslTarget(a.targets.grad, p), '', ...(a.oneBranch ? oneBranchBackwardKernel(p, a.targets.grad.name) : backwardKernel(p, a.targets.grad.name))]),
      },
    ];
  });
}

/** Every generated file, in a fixed order. */
export function generate(entries: readonly FitEntry[], options: GenerateOptions): GeneratedFile[] {
  const codes = activationCode(entries);
  const halves = HALF_DTYPES.flatMap((dtype) => activationCode(entries, dtype));
  const files: GeneratedFile[] = [];
  if (options.target !== 'wgsl') files.push(...generateTypeScript(codes, options, halves));
  if (options.target !== 'ts') {
    files.push(...generateWgsl(codes, options));
    for (const a of halves) {
      const header = headerLines(provenance(a.fits, options)).map((l) => `// ${l}`.trimEnd());
      files.push(...wgslHalfFiles(a, options.prefix, header, (d) => wgslTarget(d, options.prefix)));
    }
  }
  return files;
}
