import type { Argv } from 'yargs';
import { type CommandArgs, defineCommand, type GlobalArgs } from '../../src/cli/command.js';
import { type Details, outputOption, printDetails } from '../../src/cli/records.js';
import type { AttachedPolicy } from '../../src/ram/attachments.js';
import type { RamApi } from '../../src/ram/api.js';
import { ramOf } from './connect.js';

/** How one kind of RAM entity is shown by `<noun> get <name>`. */
export interface Showing<Args, Data> {
  noun: string;
  describe: string;
  /** More options than <name> and --output (policy get's --type and --version). */
  options?: (yargs: Argv<GlobalArgs>) => Argv<any>;
  /** The name as typed, checked before any call (bad input). */
  checkName(value: string): string;
  fetch(ram: RamApi, name: string, args: CommandArgs<Args>): Promise<Data>;
  /** Facts for a table or CSV (JSON is the data itself, in the API's shape). */
  details(data: Data): Omit<Details, 'json' | 'title'>;
}

/** `<noun> get <name> [--output]`: one entity's facts as a two-column table, or the API's objects as JSON. */
export function getCommandFor<Args, Data>(showing: Showing<Args, Data>) {
  return defineCommand<Args & { name: string }, Data>({
    command: 'get <name>',
    describe: showing.describe,
    builder: (yargs) => {
      const withName = yargs.positional('name', { type: 'string', describe: `${showing.noun[0].toUpperCase()}${showing.noun.slice(1)} name` });
      return outputOption(showing.options ? showing.options(withName) : withName);
    },
    run: async (argv, ctx) => {
      const name = showing.checkName(argv.name);
      return showing.fetch(await ramOf(ctx), name, argv as CommandArgs<Args>);
    },
    present: (data, io, format) => printDetails(io, format, { title: showing.noun, ...showing.details(data), json: data }),
  });
}

/** "AliyunRAMReadOnlyAccess (System), ops-admin (Custom)", or "none". */
export function policyList(policies: AttachedPolicy[]): string {
  return policies.map((p) => `${p.PolicyName} (${p.PolicyType})`).join(', ') || 'none';
}
