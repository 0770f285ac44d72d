import type { Command } from '../../src/cli/parser.js';
import { InputError, UsageError } from '../../src/cli/errors.js';
import { note } from '../../src/cli/output.js';
import { findProfile } from '../../profiles/model.js';
import { configPath } from '../../profiles/path.js';
import { profileFlag, unknownProfile } from '../../profiles/select.js';
import { updateConfig } from '../../profiles/store.js';

export const switchCommand: Command = {
  command: 'switch',
  describe: 'Make a profile current (changes nothing else)',
  builder: (yargs) => yargs.option('profile', { type: 'string', describe: 'Profile to make current' }),
  handler: async (argv) => {
    const { ctx } = argv;
    const name = profileFlag(argv.profile);
    if (!name) throw new UsageError('configure switch needs --profile <name>', 'run aliaudit configure list to see the profiles');
    const path = configPath({ flag: argv['config-path'], env: ctx.env, homedir: ctx.homedir });
    let mode = '';
    let already = false;
    await updateConfig(path, (config) => {
      const profile = findProfile(config, name);
      if (!profile) {
        const { message, hint } = unknownProfile(config, name, path);
        throw new InputError(message, hint);
      }
      mode = profile.mode;
      already = config.current === name;
      config.current = name;
    });
    note(ctx, already ? `Profile "${name}" (${mode}) is already current.` : `Switched to profile "${name}" (${mode}).`);
  },
};
