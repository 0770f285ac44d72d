import type { CommandModule } from 'yargs';
import type { Command, GlobalArgs } from '../../src/cli/parser.js';
import { type OutputFormat, outputFormat, outputOption, printRecords, shortDate } from '../../src/cli/records.js';
import { connectRam } from '../../src/ram/connect.js';
import { listVirtualMfaDevices } from '../../src/ram/mfa.js';

const listCommand: Command<{ output?: OutputFormat }> = {
  command: 'list',
  describe: 'List the virtual MFA devices and the users they are bound to',
  builder: (yargs) => outputOption(yargs) as any,
  handler: async (argv) => {
    const devices = await listVirtualMfaDevices(await connectRam(argv));
    printRecords(argv.ctx, outputFormat(argv.ctx, argv.output), {
      rows: devices,
      columns: [
        { header: 'serial', value: (d) => d.SerialNumber },
        { header: 'user', value: (d) => d.User?.UserName ?? '' },
        { header: 'activated', value: (d) => shortDate(d.ActivateDate) || 'no' },
      ],
      json: devices,
    });
  },
};

export const mfaCommand: Command = {
  command: 'mfa <command>',
  describe: 'Virtual MFA devices: list',
  builder: (yargs) =>
    yargs.command(listCommand as CommandModule<GlobalArgs, any>).demandCommand(1, 'Name an mfa command: list.'),
  handler: () => {},
};
