import { commandGroup } from '../../src/cli/command.js';
import { shortDate } from '../../src/cli/records.js';
import { listVirtualMfaDevices } from '../../src/ram/mfa.js';
import { listCommandFor } from './list-command.js';

const listCommand = listCommandFor('List the virtual MFA devices and the users they are bound to', listVirtualMfaDevices, [
  { header: 'serial', value: (d) => d.SerialNumber },
  { header: 'user', value: (d) => d.User?.UserName ?? '' },
  { header: 'activated', value: (d) => shortDate(d.ActivateDate) || 'no' },
]);

export const mfaCommand = commandGroup({ command: 'mfa', describe: 'Virtual MFA devices: list', subcommands: [listCommand] });
