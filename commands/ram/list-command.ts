import type { Column } from '../../src/cli/output.js';
import type { Command } from '../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords } from '../../src/cli/records.js';
import type { RamApi } from '../../src/cloud/ram-client.js';
import { connectRam } from '../../src/ram/connect.js';

/** `list [--output]`: every record `list` answers, as a table or CSV of `columns`, or as JSON in the API's own shape. */
export function listCommandFor<Row>(describe: string, list: (ram: RamApi) => Promise<Row[]>, columns: Column<Row>[]): Command<{ output?: OutputFormat }> {
  return {
    command: 'list',
    describe,
    builder: (yargs) => outputOption(yargs) as any,
    handler: async (argv) => {
      const rows = await list(await connectRam(argv));
      printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), { rows, columns, json: rows });
    },
  };
}
