import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BRANCH_IDS, isOneBranch, type BranchId } from '../../functions/activation.js';
import { activationNames, getActivation } from '../../functions/catalogue.js';
import { fitFileName, fitToJson, isLevelCost, LEVEL_COST, LEVEL_COST_RANGE, MAX_LEVEL_COST, STORAGE_DTYPES, TARGETS, type Fit, type StorageDtype, type Target } from '../../fit/fit-file.js';
import { EXPRESSION_FITS_DIR, FAMILY_FITS_DIR } from '../../fit/load.js';
import { fitBranch, type FitOptions } from '../../fit/planner.js';
import { shippedLevelCost, shippedLevelCostText } from '../../fit/shipped-settings.js';
import { fitExpression } from '../../fit/fit-expression.js';
import { fitIeluPhi, IELU_PHI } from '../../fit/parametric/ielu-phi.js';
import { expressionActivation } from '../../functions/expression/activation.js';
import { describeExpression } from '../describe-expression.js';
import { lowTails, segmentValueText } from '../../ir/lower.js';
import { formatFloat32 } from '../../numerics/float32.js';
import { ProgressBar } from '../progress.js';
import { checkOutputDirectory, writeFileAtomic } from '../write-atomic.js';
import { table } from '../format.js';

interface FitArgs {
  fn: string[];
  branch?: BranchId;
  target?: Target;
  tol: number;
  maxDegree: number;
  kind: 'poly' | 'rational' | 'auto';
  levelCost: number | undefined;
  dtype: StorageDtype;
  out?: string;
  expr?: string;
  name?: string;
}

function describeForm(s: Fit['segments'][number]): string {
  const form =
    s.form.kind === 'polynomial'
      ? `poly ${s.form.coefficients.length - 1}${s.form.scheme === 'estrin' ? ' (Estrin)' : ''}`
      : `rational ${s.form.p.length - 1}/${s.form.q.length - 1}`;
  return `${s.transform}${s.map ? '' : ' (unmapped)'}, ${form}: ${segmentValueText(s)}`;
}

export const fitCommand: CommandModule<object, FitArgs> = {
  command: 'fit [fn..]',
  describe: 'Fit float32 approximations of f⁻¹ and f′(f⁻¹) on each branch (y stored as --dtype) and write fits/*.json',
  builder: (yargs: Argv) =>
    yargs
      .positional('fn', { type: 'string', array: true, choices: [...activationNames(), IELU_PHI], default: [...activationNames()], describe: `Activations to fit (the catalogue's by default; ${IELU_PHI}: xIELU's φ, into <out>/families)` })
      .option('branch', { type: 'string', choices: BRANCH_IDS, describe: 'Only this branch' })
      .option('target', { type: 'string', choices: TARGETS, describe: 'Only this target' })
      .option('tol', { type: 'number', default: 2, describe: 'Approximation-error target in float32 ulps (0.5 to 64)' })
      .option('max-degree', { type: 'number', default: 10, describe: 'Highest polynomial degree (2 to 16)' })
      .option('kind', { type: 'string', choices: ['poly', 'rational', 'auto'] as const, default: 'auto', describe: 'Forms the planner may use' })
      .option('level-cost', { type: 'number', describe: `What one level of the segment-selection tree costs the plan, in operations (over 0, up to ${MAX_LEVEL_COST}; default ${LEVEL_COST}, or what the checked-in fit was made with: ${shippedLevelCostText()}); more buys fewer, higher-degree segments` })
      .option('dtype', { type: 'string', choices: STORAGE_DTYPES, default: 'float32', describe: 'Storage dtype of y (bf16, fp16: the fit is measured on every value the dtype holds)' })
      .option('out', { type: 'string', describe: 'Directory for the fit files (default: fits, or fits/expr with --expr)' })
      .option('expr', { type: 'string', describe: 'Fit the function given by this expression in x instead, e.g. "x*tanh(log(1+exp(x)))" (needs --name)' })
      .option('name', { type: 'string', describe: 'The name of the --expr function (lower-case letters, digits, _): its files and generated functions' })
      .check((argv) => {
        if ((argv.expr === undefined) !== (argv.name === undefined)) throw new RangeError('--expr and --name go together: give both (the expression and the name to fit it under)');
        if (argv.expr !== undefined && (argv.fn.length !== activationNames().length || argv.fn.some((f, i) => f !== activationNames()[i]))) {
          throw new RangeError(`give either activation names or --expr, not both (got ${argv.fn.join(', ')} and --expr)`);
        }
        if (argv.out !== undefined) checkOutputDirectory(argv.out);
        if (argv.name !== undefined && activationNames().includes(argv.name)) throw new RangeError(`--name ${argv.name} is a built-in activation; choose another name`);
        // Parse and analyse here, so a bad expression is a usage error (exit 2) before any fitting.
        if (argv.expr !== undefined && isOneBranch(expressionActivation(argv.name!, argv.expr))) {
          if (argv.branch === 'left') throw new RangeError(`--branch left: ${argv.name} is monotone, with one branch (right, code 0)`);
          if (argv.dtype !== 'float32') throw new RangeError(`--dtype ${argv.dtype}: ${argv.name} is monotone; one-branch fits are for y stored as float32`);
        }
        if (!(argv.tol >= 0.5 && argv.tol <= 64)) throw new RangeError(`--tol must be a number of ulps in [0.5, 64], got ${argv.tol}`);
        if (argv['level-cost'] !== undefined && !isLevelCost(argv['level-cost'])) throw new RangeError(`--level-cost must be ${LEVEL_COST_RANGE}, got ${argv['level-cost']}`);
        if (!Number.isInteger(argv['max-degree']) || argv['max-degree'] < 2 || argv['max-degree'] > 16) {
          throw new RangeError(`--max-degree must be an integer in [2, 16], got ${argv['max-degree']}`);
        }
        return true;
      }) as unknown as Argv<FitArgs>,
  handler: (argv: ArgumentsCamelCase<FitArgs>) => {
    const expr = argv.expr === undefined ? undefined : { name: argv.name!, text: argv.expr };
    if (expr) console.log(describeExpression(expr.name, expr.text));
    const out = argv.out ?? (expr ? join('fits', EXPRESSION_FITS_DIR) : 'fits');
    // A monotone expression has one branch: the right one (code 0).
    const branches = expr && isOneBranch(expressionActivation(expr.name, expr.text)) ? (['right'] as const) : BRANCH_IDS;
    const jobs = (expr ? [expr.name] : argv.fn).flatMap((fn) =>
      (argv.branch ? [argv.branch] : branches).flatMap((branch) => (argv.target ? [argv.target] : TARGETS).map((target) => ({ fn, branch, target }))),
    );
    const bar = new ProgressBar();
    const fits: Fit[] = [];
    jobs.forEach((job, i) => {
      const label = `${job.fn} ${job.branch} ${job.target}`;
      const options: FitOptions = {
        tol: argv.tol,
        maxDegree: argv.maxDegree,
        kind: argv.kind,
        levelCost: argv.levelCost ?? shippedLevelCost(job.fn, job.branch, job.target, argv.dtype),
        dtype: argv.dtype,
        // Planning takes about a third of a fit, fitting and measuring the rest.
        onProgress: (e) => {
          const within = e.stage === 'plan' ? 0.3 * (e.done / e.total) : 0.3 + 0.7 * (e.done / e.total);
          bar.update((i + within) / jobs.length, `${label}: ${e.stage === 'plan' ? 'planning' : 'fitting'}`);
        },
      };
      const fit = expr
        ? fitExpression(expr.name, expr.text, job.branch, job.target, options)
        : job.fn === IELU_PHI
          ? fitIeluPhi(job.branch, job.target, options)
          : fitBranch(getActivation(job.fn), job.branch, job.target, options);
      // Each file is written as soon as it is fitted, under a temporary name first.
      writeFileAtomic(join(resolve(out), ...(job.fn === IELU_PHI ? [FAMILY_FITS_DIR] : []), fitFileName(fit)), fitToJson(fit));
      fits.push(fit);
    });
    bar.done();
    for (const fit of fits) {
      const worst = Math.max(...fit.segments.map((s) => s.error.ulps));
      console.log(`\n${fitFileName(fit)}: ${fit.segments.length} segments, max ${worst.toFixed(3)} ulp (bound ${fit.bound.ulps} ulp)`);
      if (worst > fit.settings.tol) console.error(`fit-inverse: warning: ${fitFileName(fit)} misses --tol ${fit.settings.tol} (measured ${worst.toFixed(3)} ulp); its bound says so`);
      console.log(
        table([
          ['  y from', 'to', 'form', 'max ulp', 'max abs'],
          ...fit.segments.map((s) => [`  ${formatFloat32(s.lo)}`, formatFloat32(s.hi), describeForm(s), s.error.ulps.toFixed(3), s.error.abs.toExponential(2)]),
          ...fit.tails.map((t) => [`  ${formatFloat32(t.from)}`, '…', `exact: ${t.value === 'y' ? 'y' : t.value} (${t.reason})`, '0', '0']),
          ...lowTails(fit).map((t) => ['  …', formatFloat32(t.below), `exact: ${t.value === 'y' ? 'y' : t.value} (${t.reason})`, '0', '0']),
        ]),
      );
    }
  },
};
