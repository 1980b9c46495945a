import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

/** The parts of the bench, in the order they run; `--only` picks some. */
export const PARTS = {
  v8: 'backward per element in V8: ours from (y, bit) against f′(x) from a saved x',
  'v8-breakdown': 'where the time of the generated g(y, bit) goes in V8 (variants built from the same IR)',
  wgsl: 'forward-plus-mask and backward kernels on WebGPU (headless Chromium) against standard kernels',
  'wgsl-breakdown': 'where the time of our WGSL backward kernel goes (the same variants, emitted as WGSL)',
  fit: 'time to fit all 12 fits (into a temporary directory)',
  sweep: 'exhaustive-sweep throughput per core',
  memory: 'saved bytes for backward in a training graph (the `fit-inverse memory` table)',
} as const;

export type Part = keyof typeof PARTS;

export interface BenchOptions {
  /** Fewer elements and rounds: minutes instead of many. */
  readonly quick: boolean;
  readonly parts: readonly Part[];
}

const EXIT_USAGE = 2;

export async function parseOptions(argv: readonly string[]): Promise<BenchOptions> {
  const names = Object.keys(PARTS) as Part[];
  const parsed = await yargs(hideBin([...argv]))
    .scriptName('npm run bench --')
    .usage(`$0 [--quick] [--only ${names.join(',')}]\n\n${names.map((n) => `  ${n.padEnd(15)} ${PARTS[n]}`).join('\n')}`)
    .option('quick', { type: 'boolean', default: false, describe: 'Fewer elements and rounds' })
    .option('only', { type: 'string', describe: `Comma-separated parts to run (default: all): ${names.join(', ')}` })
    .strict()
    .help()
    .alias('h', 'help')
    .version(false)
    .fail((message, error) => {
      console.error(`bench: ${(message ?? String(error)).replace(/\s+/g, ' ').trim()}`);
      process.exit(EXIT_USAGE);
    })
    .parseAsync();
  let parts = names;
  if (parsed.only !== undefined) {
    const wanted = parsed.only.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    const unknown = wanted.filter((w) => !(w in PARTS));
    if (wanted.length === 0 || unknown.length > 0) {
      console.error(`bench: --only ${unknown.length > 0 ? `has unknown part(s) ${unknown.join(', ')}` : 'is empty'}; the parts are: ${names.join(', ')}`);
      process.exit(EXIT_USAGE);
    }
    parts = names.filter((n) => wanted.includes(n));
  }
  return { quick: parsed.quick, parts };
}
