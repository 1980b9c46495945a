import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { loadFits } from '../../fit/load.js';
import { readExhaustive } from '../../verify/exhaustive-record.js';
import { buildReport } from '../../verify/report/report.js';
import { writeFileAtomic } from '../write-atomic.js';

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
      .option('check', { type: 'boolean', default: false, describe: 'Rebuild in memory and exit 1 naming each stale file' }) as unknown as Argv<ReportArgs>,
  handler: (argv: ArgumentsCamelCase<ReportArgs>) => {
    const fits = loadFits(argv.fits).map((f) => ({ name: basename(f.path), text: f.text, fit: f.fit }));
    const out = resolve(argv.out);
    const files = buildReport({ fits, exhaustive: readExhaustive(join(out, 'report/exhaustive.json')) });
    if (argv.check) {
      const stale = files.filter((f) => {
        const path = join(out, f.path);
        return !existsSync(path) || readFileSync(path, 'utf8') !== f.text;
      });
      for (const f of stale) console.error(`fit-inverse: stale: ${join(argv.out, f.path)} (run: npx fit-inverse report)`);
      if (stale.length > 0) process.exit(1);
      console.log(`the report (${files.length} files) is up to date`);
      return;
    }
    for (const f of files) writeFileAtomic(join(out, f.path), f.text);
    console.log(`wrote ${files.length} files under ${join(argv.out, 'report')}`);
  },
};
