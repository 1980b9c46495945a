import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Interval } from '../../functions/activation.js';
import { activationNames, getActivation } from '../../functions/catalogue.js';
import { familyNames, getFamily } from '../../functions/families/catalogue.js';
import { analyzeFamily } from './analyze-family.js';
import { float32Thresholds } from '../../functions/float32-thresholds.js';
import { formatFloat32, FLOAT32_MIN_SUBNORMAL } from '../../numerics/float32.js';
import { expressionFunction, stabilizedText } from '../../functions/expression/activation.js';
import { describeExpression } from '../describe-expression.js';
import { num, table, toJson } from '../format.js';

interface AnalyzeArgs {
  fn?: string;
  expr?: string;
  json: boolean;
  alpha?: number;
  alphaP?: number;
  alphaN?: number;
}

function interval(i: Interval): string {
  return `${i.loOpen ? '(' : '['}${num(i.lo)}, ${num(i.hi)}${i.hiOpen ? ')' : ']'}`;
}

/** The family's parameters from the options, its initial values where none is given. */
function familyParams(argv: AnalyzeArgs): Record<string, number> {
  const given: Record<string, number | undefined> = { alpha: argv.alpha, alpha_p: argv.alphaP, alpha_n: argv.alphaN };
  return Object.fromEntries(getFamily(argv.fn!).parameters.map((s) => [s.name, given[s.name] ?? s.initial]));
}

function analyzeExpression(text: string, json: boolean): void {
  if (!json) {
    console.log(describeExpression('expression', text));
    return;
  }
  const e = expressionFunction(text);
  console.log(toJson({ expression: text, evaluated: stabilizedText(e), ...e.analysis }));
}

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: 'analyze [fn]',
  describe: 'Print the minimum, the branches and the float32 thresholds of an activation (or the critical points, asymptotes and branches of --expr)',
  builder: (yargs: Argv) =>
    yargs
      .positional('fn', { type: 'string', choices: [...activationNames(), ...familyNames()], describe: 'Activation name, or a trainable family (xsilu, xgelu, xatlu, xielu)' })
      .option('expr', { type: 'string', describe: 'Analyse the function given by this expression in x instead, e.g. "x*tanh(log(1+exp(x)))" (as fit --expr would)' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' })
      .option('alpha', { type: 'number', describe: 'xsilu, xgelu, xatlu: the parameter α (default 0)' })
      .option('alpha-p', { type: 'number', describe: 'xielu: α_p (default 0.8)' })
      .option('alpha-n', { type: 'number', describe: 'xielu: α_n (default 0.8)' })
      .check((argv) => {
        if ((argv.fn === undefined) === (argv.expr === undefined)) throw new RangeError(`analyze: give an activation name (${[...activationNames(), ...familyNames()].join(', ')}) or --expr "<f(x)>", not ${argv.fn === undefined ? 'neither' : 'both'}`);
        // A bad expression is a usage error (exit 2), with the problem named.
        if (argv.expr !== undefined) expressionFunction(argv.expr);
        // Bad parameters are usage errors (exit 2): the family names the range.
        if (argv.fn !== undefined && familyNames().includes(argv.fn)) getFamily(argv.fn).at(familyParams(argv as unknown as AnalyzeArgs));
        else if (argv.alpha !== undefined || argv['alpha-p'] !== undefined || argv['alpha-n'] !== undefined) {
          throw new RangeError(`analyze ${argv.fn ?? '--expr'}: --alpha, --alpha-p and --alpha-n apply to the families (${familyNames().join(', ')}) only`);
        }
        return true;
      }) as unknown as Argv<AnalyzeArgs>,
  handler: (argv: ArgumentsCamelCase<AnalyzeArgs>) => {
    if (argv.expr !== undefined) {
      analyzeExpression(argv.expr, argv.json);
      return;
    }
    const fn = argv.fn!;
    if (familyNames().includes(fn)) {
      analyzeFamily(getFamily(fn), familyParams(argv), argv.json);
      return;
    }
    const a = getActivation(fn);
    const t = float32Thresholds(a);
    if (argv.json) {
      console.log(
        toJson({
          name: a.name,
          label: a.label,
          formula: a.formula,
          minimum: { xMin: a.xMin, yMin: a.yMin, d2fMin: a.d2fMin },
          branches: a.branches,
          float32: t,
        }),
      );
      return;
    }
    console.log(`${a.name}: ${a.label}, f(x) = ${a.formula}\n`);
    console.log(
      table([
        ['minimum', `x_min = ${num(a.xMin)}`],
        ['', `y_min = ${num(a.yMin)}`],
        ['', `f''(x_min) = ${num(a.d2fMin)}`],
        ['', `fl32(y_min) = ${num(t.yMinFloat32)} (${t.yMinFloat32 < a.yMin ? 'below' : 'not below'} y_min by ${(a.yMin - t.yMinFloat32).toExponential(3)})`],
      ]),
    );
    console.log('\nbranches');
    console.log(
      table(a.branches.map((b) => [`  ${b.id}`, `code ${b.code}`, `x in ${interval(b.x)}`, `y in ${interval(b.y)}`])),
    );
    const f32 = formatFloat32;
    const leftGrad =
      t.leftGradNonzeroFrom === -FLOAT32_MIN_SUBNORMAL
        ? `g(y) is nonzero in float32 for every y ≠ 0 (it is 0 only at y = ±0)`
        : `g(y) rounds to 0 for ${f32(t.leftGradNonzeroFrom)} < y ≤ 0`;
    console.log('\nfloat32 thresholds');
    console.log(
      table([
        ['  right', `f⁻¹(y) rounds to y for y ≥ ${f32(t.inverseIsIdentityFrom)}`],
        ['  right', `g(y) = f'(f⁻¹(y)) rounds to 1 for y ≥ ${f32(t.gradIsOneFrom)}`],
        ['  left', leftGrad],
        ['  left', `fl32(f(x)) = 0 for x < ${num(t.leftOutputUnderflowsBelow)}`],
      ]),
    );
  },
};
