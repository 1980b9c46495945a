import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { analyzeCommand } from './commands/analyze.js';
import { fitCommand } from './commands/fit.js';
import { generateCommand } from './commands/generate.js';
import { reportCommand } from './commands/report.js';
import { verifyCommand } from './commands/verify.js';
import { listCommand } from './commands/list.js';
import { memoryCommand } from './commands/memory.js';
import { trainCheckCommand } from './commands/train-check.js';

/** Exit code for bad input: unknown names, bad options, invalid files. */
export const EXIT_USAGE = 2;

/** One line on stderr, and exit 2 for bad input (a yargs message, or the RangeError our functions throw) or 1 otherwise. */
function exitWith(message: string | undefined, error: unknown): never {
  const text = (message ?? (error instanceof Error ? error.message : String(error))).replace(/\s+/g, ' ').trim();
  const hint = /^Unknown arguments?:/.test(text) ? ' (run the command with --help for the allowed options)' : '';
  console.error(`fit-inverse: ${text}${hint}`);
  // Our public functions throw RangeError for bad input; anything else is a failure of ours.
  process.exit(message || error instanceof RangeError ? EXIT_USAGE : 1);
}

/** A number option given text: yargs reads "abc" as NaN, so name the text the user typed instead. */
function numbersAsTyped(argv: Record<string, unknown>): void {
  const args = hideBin(process.argv);
  args.forEach((arg, i) => {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    const value = m ? argv[m[1]!] : undefined;
    if (typeof value === 'number' && Number.isNaN(value)) {
      throw new RangeError(`--${m![1]} must be a number (see --help for its range), got ${JSON.stringify(m![2] ?? args[i + 1] ?? '')}`);
    }
  });
}

try {
  await yargs(hideBin(process.argv))
    .scriptName('fit-inverse')
    .usage('$0 <command> [options]')
    .command(listCommand)
    .command(analyzeCommand)
    .command(fitCommand)
    .command(generateCommand)
    .command(verifyCommand)
    .command(reportCommand)
    .command(memoryCommand)
    .command(trainCheckCommand)
    .demandCommand(1, 'Name a command: list, analyze, fit, generate, verify, report, memory, train-check (see --help)')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .middleware(numbersAsTyped, true)
    .fail((message, error) => exitWith(message, error))
    .parseAsync();
} catch (error) {
  // A synchronous handler's throw (generate, report) comes here rather than to .fail.
  exitWith(undefined, error);
}
