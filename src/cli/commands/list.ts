import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { listActivations } from '../../functions/catalogue.js';
import { num, table, toJson } from '../format.js';

interface ListArgs {
  json: boolean;
}

export const listCommand: CommandModule<object, ListArgs> = {
  command: 'list',
  describe: 'List the activation catalogue',
  builder: (yargs: Argv) =>
    yargs.option('json', { type: 'boolean', default: false, describe: 'Machine-readable output' }),
  handler: (argv: ArgumentsCamelCase<ListArgs>) => {
    const rows = listActivations().map((a) => ({
      name: a.name,
      label: a.label,
      formula: a.formula,
      xMin: a.xMin,
      yMin: a.yMin,
    }));
    if (argv.json) {
      console.log(toJson(rows));
      return;
    }
    console.log(
      table([
        ['name', 'activation', 'x_min', 'y_min', 'definition'],
        ...rows.map((r) => [r.name, r.label, num(r.xMin), num(r.yMin), r.formula]),
      ]),
    );
  },
};
