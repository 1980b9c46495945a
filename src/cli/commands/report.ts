import { join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { STORAGE_DTYPES } from '../../fit/fit-file.js';
import { loadFitTree } from '../../fit/load.js';
import { readEndToEnd } from '../../verify/end-to-end/record.js';
import { readExhaustive } from '../../verify/exhaustive-record.js';
import { buildReport } from '../../verify/report/report.js';
import { writeOrCheck } from '../output-files.js';
import { checkOutputDirectory } from '../write-atomic.js';

interface ReportArgs {
  out: string;
  fits: string;
  check: boolean;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report',
  describe: 'Write generated/report/REPORT.md and its SVG plots (--check: fail if stale)',
  builder: (yargs: Argv) =>
    yargs
      .option('out', { type: 'string', default: 'generated', describe: 'Output directory (the report goes to <out>/report)' })
      .option('fits', { type: 'string', default: 'fits', describe: 'Directory of fit files' })
      .option('check', { type: 'boolean', default: false, describe: 'Rebuild in memory and exit 1 naming each stale file' })
      .check((argv) => {
        checkOutputDirectory(argv.out);
        return true;
      }) as unknown as Argv<ReportArgs>,
  handler: (argv: ArgumentsCamelCase<ReportArgs>) => {
    const fits = loadFitTree(argv.fits, STORAGE_DTYPES);
    const out = resolve(argv.out);
    const files = buildReport({ fits, exhaustive: readExhaustive(join(out, 'report/exhaustive.json')), endToEnd: readEndToEnd(join(out, 'report/end-to-end.json')) });
    writeOrCheck(files, argv.out, argv.check, 'npx fit-inverse report', 'report');
  },
};
