import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { checkPolicyName, checkVersionId } from '../../../src/ram/attachments.js';
import { connectRam } from '../../../src/ram/connect.js';
import { setDefaultPolicyVersion } from '../../../src/ram/policies.js';

interface SetDefaultArgs {
  name: string;
  version: string;
}

export const setDefaultCommand: Command<SetDefaultArgs> = {
  command: 'set-default <name>',
  describe: 'Make a version of a custom policy the default: the one in force from the next call',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'Policy name' })
      // --version names a policy version here, not aliaudit's own.
      .version(false)
      .option('version', { type: 'string', demandOption: true, describe: 'Version to make the default, e.g. v2' }) as any,
  handler: async (argv) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const version = checkVersionId(argv.version);
    await setDefaultPolicyVersion(await connectRam(argv), name, version);
    note(argv.ctx, `Version ${version} of policy ${name} is the default now.`);
  },
};
