import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { generate, type GenerateOptions } from '../../codegen/generate.js';
import { generateFamilies } from '../../codegen/families/generate.js';
import { STORAGE_DTYPES } from '../../fit/fit-file.js';
import { loadFitTree } from '../../fit/load.js';
import { writeOrCheck } from '../output-files.js';
import { checkOutputDirectory } from '../write-atomic.js';

interface GenerateArgs {
  target: 'ts' | 'wgsl' | 'all';
  out: string;
  prefix: string;
  fits: string;
  check: boolean;
}

const DEFAULTS = { target: 'all', out: 'generated', prefix: 'fi_', fits: 'fits' } as const;

/** The command line that reproduces these options, for the generated headers (defaults left out). */
function commandLine(argv: GenerateArgs): string {
  const parts = ['npx fit-inverse generate'];
  if (argv.target !== DEFAULTS.target) parts.push(`--target ${argv.target}`);
  if (argv.prefix !== DEFAULTS.prefix) parts.push(`--prefix ${argv.prefix}`);
  if (argv.fits !== DEFAULTS.fits) parts.push(`--fits ${argv.fits}`);
  if (argv.out !== DEFAULTS.out) parts.push('--out <dir>');
  return parts.join(' ');
}

export const generateCommand: CommandModule<object, GenerateArgs> = {
  command: 'generate',
  describe: 'Generate TypeScript and WGSL from fits/*.json (--check: fail if generated/ is stale)',
  builder: (yargs: Argv) =>
    yargs
      .option('target', { type: 'string', choices: ['ts', 'wgsl', 'all'] as const, default: DEFAULTS.target, describe: 'Which code to generate' })
      .option('out', { type: 'string', default: DEFAULTS.out, describe: 'Output directory' })
      .option('prefix', { type: 'string', default: DEFAULTS.prefix, describe: 'Prefix of WGSL function names' })
      .option('fits', { type: 'string', default: DEFAULTS.fits, describe: 'Directory of fit files' })
      .option('check', { type: 'boolean', default: false, describe: 'Regenerate in memory and exit 1 naming each stale file' })
      .check((argv) => {
        checkOutputDirectory(argv.out);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(argv.prefix)) {
          throw new RangeError(`--prefix must be a WGSL identifier start (letters, digits, _; not starting with a digit), got ${JSON.stringify(argv.prefix)}`);
        }
        return true;
      }) as unknown as Argv<GenerateArgs>,
  handler: (argv: ArgumentsCamelCase<GenerateArgs>) => {
    const entries = loadFitTree(argv.fits, STORAGE_DTYPES);
    const options: GenerateOptions = { target: argv.target, prefix: argv.prefix, command: commandLine(argv) };
    // The trainable families (xSiLU, xGELU, xATLU, xIELU) follow the catalogue's files.
    writeOrCheck([...generate(entries, options), ...generateFamilies(argv.fits, options)], argv.out, argv.check, options.command, 'generated');
  },
};
