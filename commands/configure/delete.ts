import type { Command } from '../../src/cli/parser.js';
import { InputError, UsageError } from '../../src/cli/errors.js';
import { note } from '../../src/cli/output.js';
import { findProfile } from '../../profiles/model.js';
import { configPath } from '../../profiles/path.js';
import { profileFlag, unknownProfile } from '../../profiles/select.js';
import { updateConfig } from '../../profiles/store.js';

export const deleteCommand: Command = {
  command: 'delete',
  describe: 'Delete a profile; if it was current, the first remaining profile becomes current',
  builder: (yargs) => yargs.option('profile', { type: 'string', describe: 'Profile to delete' }),
  handler: async (argv) => {
    const { ctx } = argv;
    const name = profileFlag(argv.profile);
    if (!name) throw new UsageError('configure delete needs --profile <name>', 'run aliaudit configure list to see the profiles');
    const path = configPath({ flag: argv['config-path'], env: ctx.env, homedir: ctx.homedir });
    let wasCurrent = false;
    const config = await updateConfig(path, (config) => {
      if (!findProfile(config, name)) {
        const { message, hint } = unknownProfile(config, name, path);
        throw new InputError(message, hint);
      }
      const dependants = config.profiles.filter(
        (p) => p.name !== name && p.mode === 'ChainableRamRoleArn' && p.source_profile === name,
      );
      if (dependants.length > 0) {
        const names = dependants.map((p) => `'${p.name}'`).join(', ');
        throw new InputError(
          `profile '${name}' is the source profile of ${names}: deleting it would break ${dependants.length === 1 ? 'it' : 'them'}`,
          `delete ${dependants.length === 1 ? 'it' : 'them'} first, or give ${dependants.length === 1 ? 'it' : 'each'} another source: ` +
            `aliaudit configure set --profile ${dependants[0].name} --source-profile <profile>`,
        );
      }
      wasCurrent = config.current === name;
      config.profiles = config.profiles.filter((p) => p.name !== name);
      if (wasCurrent) config.current = config.profiles[0]?.name ?? '';
    });
    let message = `Deleted profile "${name}".`;
    if (wasCurrent) message += config.current ? ` "${config.current}" is now current.` : ' No profiles remain.';
    note(ctx, message);
  },
};
