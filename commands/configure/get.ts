import type { Command } from '../../src/cli/parser.js';
import { InputError } from '../../src/cli/errors.js';
import { printJson } from '../../src/cli/output.js';
import { maskProfile } from '../../profiles/mask.js';
import { findProfile } from '../../profiles/model.js';
import { configPath } from '../../profiles/path.js';
import { profileFlag, selectProfileName, unknownProfile } from '../../profiles/select.js';
import { readConfig } from '../../profiles/store.js';

type GetArgs = { 'show-secrets': boolean };

export const getCommand: Command<GetArgs> = {
  command: 'get',
  describe: 'Print a profile as JSON (the selected one without --profile); secrets masked unless --show-secrets',
  builder: (yargs) =>
    yargs
      .option('profile', { type: 'string', describe: 'Profile to print (default: ALIBABA_CLOUD_PROFILE, else the current one)' })
      .option('show-secrets', { type: 'boolean', default: false, describe: 'Print secrets in clear' }),
  handler: async (argv) => {
    const { ctx } = argv;
    const path = configPath({ flag: argv['config-path'], env: ctx.env, homedir: ctx.homedir });
    const { config } = await readConfig(path);
    const name = selectProfileName({ flag: profileFlag(argv.profile), env: ctx.env, config });
    if (!name) {
      throw new InputError(
        `no profile is selected in ${path}`,
        config.profiles.length
          ? 'pass --profile <name>, or make one current: aliaudit configure switch --profile <name>'
          : 'create one with aliaudit configure set',
      );
    }
    const profile = findProfile(config, name);
    if (!profile) {
      const { message, hint } = unknownProfile(config, name, path);
      throw new InputError(message, hint);
    }
    printJson(ctx, argv['show-secrets'] ? profile : maskProfile(profile));
  },
};
