import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Interval } from '../../functions/activation.js';
import { activationNames, getActivation } from '../../functions/catalogue.js';
import { float32Thresholds } from '../../functions/float32-thresholds.js';
import { formatFloat32, FLOAT32_MIN_SUBNORMAL } from '../../numerics/float32.js';
import { num, table, toJson } from '../format.js';

interface AnalyzeArgs {
  fn: string;
  json: boolean;
}

function interval(i: Interval): string {
  return `${i.loOpen ? '(' : '['}${num(i.lo)}, ${num(i.hi)}${i.hiOpen ? ')' : ']'}`;
}

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: 'analyze <fn>',
  describe: 'Print the minimum, the branches and the float32 thresholds of an activation',
  builder: (yargs: Argv) =>
    yargs
      .positional('fn', { type: 'string', choices: activationNames(), demandOption: true, describe: 'Activation name' })
      .option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }) as Argv<AnalyzeArgs>,
  handler: (argv: ArgumentsCamelCase<AnalyzeArgs>) => {
    const a = getActivation(argv.fn);
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
