import { defineCommand } from '../../../src/cli/command.js';
import { note } from '../../../src/cli/output.js';
import { checkPolicyName, checkVersionId } from '../../../src/ram/attachments.js';
import { setDefaultPolicyVersion } from '../../../src/ram/policies.js';
import { ramOf } from '../connect.js';

interface SetDefaultArgs {
  name: string;
  version: string;
}

export const setDefaultCommand = defineCommand<SetDefaultArgs, SetDefaultArgs>({
  command: 'set-default <name>',
  describe: 'Make a version of a custom policy the default: the one in force from the next call',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'Policy name' })
      // --version names a policy version here, not aliaudit's own.
      .version(false)
      .option('version', { type: 'string', demandOption: true, describe: 'Version to make the default, e.g. v2' }),
  run: async (argv, ctx) => {
    const name = checkPolicyName(argv.name, 'policy name');
    const version = checkVersionId(argv.version);
    await setDefaultPolicyVersion(await ramOf(ctx), name, version);
    return { name, version };
  },
  present: ({ name, version }, io) => note(io, `Version ${version} of policy ${name} is the default now.`),
});
