import { defineCommand } from '../../src/cli/command.js';
import type { Column } from '../../src/cli/output.js';
import { outputOption, printRecords } from '../../src/cli/records.js';
import type { RamApi } from '../../src/ram/api.js';
import { ramOf } from './connect.js';

/** `list [--output]`: every record `list` answers, as a table or CSV of `columns`, or as JSON in the API's own shape. */
export function listCommandFor<Row>(describe: string, list: (ram: RamApi) => Promise<Row[]>, columns: Column<Row>[]) {
  return defineCommand<object, Row[]>({
    command: 'list',
    describe,
    builder: (yargs) => outputOption(yargs),
    run: async (_argv, ctx) => list(await ramOf(ctx)),
    present: (rows, io, format) => printRecords(io, format, { rows, columns, json: rows }),
  });
}
