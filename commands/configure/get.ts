import { defineCommand } from '../../src/cli/command.js';
import { fix, InputError } from '../../src/core/errors.js';
import { outputOption, printDetails } from '../../src/cli/records.js';
import { maskProfile } from '../../profiles/mask.js';
import type { Profile } from '../../profiles/model.js';
import { profileFlag, requireProfile, selectProfileName } from '../../profiles/select.js';

type GetArgs = { 'show-secrets': boolean };

export const getCommand = defineCommand<GetArgs, Profile>({
  command: 'get',
  describe: 'Show a profile (the selected one without --profile); secrets masked unless --show-secrets',
  builder: (yargs) =>
    outputOption(yargs)
      .option('profile', { type: 'string', describe: 'Profile to show (default: ALIBABA_CLOUD_PROFILE, else the current one)' })
      .option('show-secrets', { type: 'boolean', default: false, describe: 'Show secrets in clear' }),
  run: async (argv, ctx) => {
    const { path } = ctx.store;
    const { config } = await ctx.store.read();
    const name = selectProfileName({ flag: profileFlag(argv.profile), env: ctx.env, config });
    if (!name) {
      throw new InputError(
        `no profile is selected in ${path}`,
        config.profiles.length
          ? fix('pass --profile <name>, or make one current', 'configure switch --profile <name>')
          : fix('create one', 'configure set --profile <name> --mode AK --access-key-id <id> --access-key-secret <secret> --region cn-hangzhou'),
      );
    }
    const profile = requireProfile(config, name, path);
    return argv['show-secrets'] ? profile : maskProfile(profile);
  },
  present: (profile, io, format) =>
    printDetails(io, format, {
      title: 'profile',
      facts: Object.entries(profile).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
      json: profile,
    }),
});
