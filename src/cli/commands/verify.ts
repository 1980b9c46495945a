import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { fitFileName, STORAGE_DTYPES, type StorageDtype } from '../../fit/fit-file.js';
import { entryFor, EXHAUSTIVE_PATH, recordExhaustive, type ExhaustiveRecord } from '../../verify/exhaustive-record.js';
import { loadFitTree } from '../../fit/load.js';
import { activationNames } from '../../functions/catalogue.js';
import { familyNames, getFamily } from '../../functions/families/catalogue.js';
import { gridFor, verifyFamilies } from './verify-families.js';
import { strideFor, sweepBranches, type BranchJob } from '../../verify/sweep/run.js';
import { duration, ProgressBar } from '../progress.js';
import { printFitStats } from './fit-stats.js';
import { verifyEndToEnd } from './verify-end-to-end.js';
import { verifyHalves } from './verify-half.js';

interface VerifyArgs {
  fn?: string[];
  sample?: number;
  workers?: number;
  fits: string;
  fresh: boolean;
  alphas?: string;
  alphaP?: string;
  alphaN?: string;
  newton?: number;
  stride: number;
  out?: string;
  endToEnd: boolean;
  dtype?: StorageDtype[];
}

const STATE_DIR = '.fit-inverse-cache';

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify [fn..]',
  describe: 'Prove each fit\'s bound on every float32 y of its branch (exits 1 naming any violation); --end-to-end: over every float32 x',
  builder: (yargs: Argv) =>
    yargs
      .positional('fn', { type: 'string', array: true, describe: 'Activations to verify (all with fits, built-in and fit --expr, by default), or trainable families (xsilu, xgelu, xatlu, xielu) over their parameter grids' })
      .option('sample', { type: 'number', describe: 'Sweep every k-th float32 y instead of all of them, k such that the largest branch swept gets about N (the others as many fewer as they are smaller)' })
      .option('workers', { type: 'number', describe: 'Worker threads (default: every core)' })
      .option('fits', { type: 'string', default: 'fits', describe: 'Directory of fit files' })
      .option('fresh', { type: 'boolean', default: false, describe: `Ignore finished chunks recorded in ${STATE_DIR}/` })
      .option('alphas', { type: 'string', describe: 'Families: comma-separated α instead of the grid (xsilu, xgelu, xatlu)' })
      .option('alpha-p', { type: 'string', describe: 'xielu: comma-separated α_p (with --alpha-n: their product instead of the grid)' })
      .option('alpha-n', { type: 'string', describe: 'xielu: comma-separated α_n' })
      .option('newton', { type: 'number', describe: 'Families: Newton steps of the expanded gates (default: the generated count)' })
      .option('stride', { type: 'number', default: 4096, describe: 'Families: end-to-end over every stride-th float32 x of [−20, 20] (and every x within 0.01 of a critical point)' })
      .option('out', { type: 'string', describe: 'Families: write the results as JSON to this file' })
      .option('end-to-end', {
        type: 'boolean',
        default: false,
        describe: "Instead: over every finite float32 x, g(fl32(f(x)), bit) against f'(x) beside the floor (exits 1 where the fit adds over 5% to it)",
      })
      .option('dtype', {
        type: 'string',
        array: true,
        choices: STORAGE_DTYPES,
        describe: 'Storage dtypes of y whose fits to verify (default: every dtype the activations have fits of; bf16 and fp16 fits are swept over every value of the dtype)',
      })
      .check((argv) => {
        if (argv['end-to-end'] && argv.sample !== undefined) throw new RangeError('--end-to-end sweeps every finite float32 x; it takes no --sample');
        if (argv['end-to-end'] && ((argv.fn ?? []) as string[]).some((n) => familyNames().includes(n))) {
          throw new RangeError('--end-to-end covers the catalogue activations; a family\'s verify always reports end to end (over every --stride-th float32 x)');
        }
        if (argv.sample !== undefined && !(Number.isInteger(argv.sample) && argv.sample >= 1000)) throw new RangeError(`--sample must be an integer ≥ 1000, got ${argv.sample}`);
        if (argv.workers !== undefined && !(Number.isInteger(argv.workers) && argv.workers >= 1 && argv.workers <= 256)) {
          throw new RangeError(`--workers must be an integer in [1, 256], got ${argv.workers}`);
        }
        if (argv.newton !== undefined && !(Number.isInteger(argv.newton) && argv.newton >= 0 && argv.newton <= 4)) throw new RangeError(`--newton must be an integer in [0, 4], got ${argv.newton}`);
        if (!(Number.isInteger(argv.stride) && argv.stride >= 1)) throw new RangeError(`--stride must be a positive integer, got ${argv.stride}`);
        // Options no requested function reads are bad input, not a silent no-op (a full grid instead of one α).
        const requestedFamilies = ((argv.fn ?? []) as string[]).filter((n) => familyNames().includes(n));
        const given = (keys: readonly string[]) => keys.filter((k) => argv[k] !== undefined).map((k) => `--${k}`);
        const familyOnly = given(['alphas', 'alpha-p', 'alpha-n', 'newton', 'out']);
        if (requestedFamilies.length === 0 && familyOnly.length > 0) {
          throw new RangeError(`${familyOnly.join(', ')}: only for the trainable families (${familyNames().join(', ')}), and none is named`);
        }
        const alphaFamilies = familyNames().filter((n) => n !== 'xielu');
        if (argv.alphas !== undefined && !requestedFamilies.some((n) => alphaFamilies.includes(n))) {
          throw new RangeError(`--alphas sets α of ${alphaFamilies.join(', ')}, and none of them is named (xielu takes --alpha-p and --alpha-n)`);
        }
        const ieluOnly = given(['alpha-p', 'alpha-n']);
        if (ieluOnly.length > 0 && !requestedFamilies.includes('xielu')) throw new RangeError(`${ieluOnly.join(', ')}: xielu's parameters, and xielu is not named (${alphaFamilies.join(', ')} take --alphas)`);
        // Every parameter value a family would be verified at must be in its range (exit 2 otherwise).
        for (const name of ((argv.fn ?? []) as string[]).filter((n) => familyNames().includes(n))) {
          for (const params of gridFor(name, { alphas: argv.alphas as string | undefined, alphaP: argv['alpha-p'] as string | undefined, alphaN: argv['alpha-n'] as string | undefined })) getFamily(name).at(params);
        }
        return true;
      }) as unknown as Argv<VerifyArgs>,
  handler: async (argv: ArgumentsCamelCase<VerifyArgs>) => {
    const requested = argv.fn ?? [];
    const loaded = loadFitTree(argv.fits, STORAGE_DTYPES);
    const known = [...new Set([...activationNames(), ...loaded.map((f) => f.fit.activation.name), ...familyNames()])];
    const unknown = requested.filter((n) => !known.includes(n));
    if (unknown.length > 0) throw new RangeError(`verify: unknown activation ${unknown.map((n) => JSON.stringify(n)).join(', ')}; allowed: ${known.join(', ')}`);
    const families = requested.filter((n) => familyNames().includes(n));
    if (families.length > 0) {
      const failed = await verifyFamilies({
        families,
        sample: argv.sample ?? 2 ** 20,
        stride: argv.stride,
        fits: argv.fits,
        ...(argv.newton !== undefined ? { newton: argv.newton } : {}),
        ...(argv.workers ? { workers: argv.workers } : {}),
        ...(argv.alphas ? { alphas: argv.alphas } : {}),
        ...(argv.alphaP ? { alphaP: argv.alphaP } : {}),
        ...(argv.alphaN ? { alphaN: argv.alphaN } : {}),
        ...(argv.out ? { out: argv.out } : {}),
      });
      if (failed > 0) process.exit(1);
      if (families.length === requested.length) return;
    }
    const rest = requested.filter((n) => !familyNames().includes(n));
    const names = rest.length > 0 ? rest : [...new Set(loaded.map((f) => f.fit.activation.name))];
    const none = names.length === 0 ? `verify: no fit files in ${argv.fits}` : `verify: no fit files for ${names.join(', ')} in ${argv.fits}`;
    if (!loaded.some((f) => names.includes(f.fit.activation.name))) throw new RangeError(none);
    const ofDtype = (d: StorageDtype) => loaded.filter((f) => f.fit.dtype === d && names.includes(f.fit.activation.name));
    const all = ofDtype('float32');
    // A function fitted in float32 only (fit --expr, say) is verified without asking for --dtype.
    const dtypes = argv.dtype ?? STORAGE_DTYPES.filter((d) => loaded.some((f) => f.fit.dtype === d && names.includes(f.fit.activation.name)));
    const halves = dtypes.filter((d) => d !== 'float32');
    if (argv.endToEnd) {
      let failed = 0;
      for (const d of dtypes) failed += await verifyEndToEnd(ofDtype(d), names, argv.workers, argv.fresh ? undefined : STATE_DIR, d);
      if (failed > 0) process.exit(1);
      return;
    }
    // Every value of a 16-bit dtype is few enough to sweep, with or without --sample.
    const halfFailures = halves.length > 0 ? verifyHalves(halves.flatMap(ofDtype), !argv.sample) : 0;
    if (!dtypes.includes('float32')) {
      if (halfFailures > 0) process.exit(1);
      return;
    }
    const jobs: BranchJob[] = [];
    for (const name of names) {
      for (const branch of ['left', 'right'] as const) {
        const fits = all.filter((f) => f.fit.activation.name === name && f.fit.branch.id === branch).map((f) => ({ fit: f.fit, text: f.text }));
        if (fits.length > 0) jobs.push({ fits });
      }
    }
    if (jobs.length === 0) throw new RangeError(`${none} for y stored as float32`);
    const stride = argv.sample ? strideFor(jobs.map((j) => j.fits[0]!.fit), argv.sample) : 1;
    const bar = new ProgressBar();
    const start = Date.now();
    const results = await sweepBranches(jobs, {
      stride,
      ...(argv.workers ? { workers: argv.workers } : {}),
      ...(argv.sample || argv.fresh ? {} : { stateDir: STATE_DIR }),
      onProgress: (done, total, values) => {
        const s = (Date.now() - start) / 1000;
        const rate = values / Math.max(s, 1e-3);
        const eta = done > 0 ? (s * (total - done)) / done : NaN;
        bar.update(done / total, `verify: ${done}/${total} chunks, ${(rate / 1e6).toFixed(1)}M y/s, ETA ${duration(eta)}`);
      },
    });
    bar.done();
    const seconds = (Date.now() - start) / 1000;
    let failures = 0;
    for (const r of results) {
      for (const { fit, stats } of r.fits) failures += printFitStats(fit, stats);
    }
    if (!argv.sample) {
      // Exhaustive results are kept for the report, keyed by fit file and its hash.
      const entries: ExhaustiveRecord = {};
      results.forEach((r, j) => r.fits.forEach(({ fit, stats }, i) => (entries[fitFileName(fit)] = entryFor(jobs[j]!.fits[i]!.text, stats))));
      recordExhaustive(entries);
      console.log(`\nrecorded in ${EXHAUSTIVE_PATH}`);
    }
    const values = results.reduce((a, r) => a + r.values, 0);
    console.log(`\n${argv.sample ? `sampled every ${stride}th float32` : 'every float32'}: ${values} y in ${duration(seconds)} (${(values / seconds / 1e6).toFixed(1)}M y/s)`);
    if (failures + halfFailures > 0) process.exit(1);
  },
};
