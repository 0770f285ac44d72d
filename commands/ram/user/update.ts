import { defineCommand } from '../../../src/cli/command.js';
import { InputError } from '../../../src/core/errors.js';
import { note } from '../../../src/cli/output.js';
import { checkRamName } from '../../../src/ram/names.js';
import { type RamUser, type UserChanges, updateUser } from '../../../src/ram/users.js';
import { ramOf } from '../connect.js';
import { type ProfileFlags, printUser, profileFields, profileOptions } from './create.js';

interface UpdateArgs extends ProfileFlags {
  name: string;
  'new-name'?: string;
}

export const updateCommand = defineCommand<UpdateArgs, { name: string; user: RamUser }>({
  command: 'update <name>',
  describe: 'Change a RAM user: rename it or set its display name, email, mobile phone or comments',
  builder: (yargs) =>
    profileOptions(
      yargs
        .positional('name', { type: 'string', describe: 'User name' })
        .option('new-name', { type: 'string', describe: 'Rename the user' }),
    ),
  run: async (argv, ctx) => {
    const name = checkRamName(argv.name, 'user name');
    const changes: UserChanges = { ...profileFields(argv) };
    if (argv['new-name'] !== undefined) changes.NewUserName = checkRamName(argv['new-name'], '--new-name');
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new InputError(`nothing to change for user ${name}`, 'pass at least one of --new-name, --display-name, --email, --mobile-phone, --comments');
    }
    return { name, user: await updateUser(await ramOf(ctx), name, changes) };
  },
  present: ({ name, user }, io, format) => {
    printUser(io, format, user);
    note(io, user.UserName !== name ? `Updated user ${name} (now ${user.UserName}).` : `Updated user ${name}.`);
  },
});
