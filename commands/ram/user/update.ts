import type { Command } from '../../../src/cli/parser.js';
import { InputError } from '../../../src/cli/errors.js';
import { note } from '../../../src/cli/output.js';
import { outputFormat } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkRamName } from '../../../src/ram/names.js';
import { type UserChanges, updateUser } from '../../../src/ram/users.js';
import { type ProfileFlags, printUser, profileFields, profileOptions } from './create.js';

interface UpdateArgs extends ProfileFlags {
  name: string;
  'new-name'?: string;
}

export const updateCommand: Command<UpdateArgs> = {
  command: 'update <name>',
  describe: 'Change a RAM user: rename it or set its display name, email, mobile phone or comments',
  builder: (yargs) =>
    profileOptions(
      yargs
        .positional('name', { type: 'string', describe: 'User name' })
        .option('new-name', { type: 'string', describe: 'Rename the user' }),
    ) as any,
  handler: async (argv) => {
    const name = checkRamName(argv.name, 'user name');
    const changes: UserChanges = { ...profileFields(argv) };
    if (argv['new-name'] !== undefined) changes.NewUserName = checkRamName(argv['new-name'], '--new-name');
    if (Object.values(changes).every((value) => value === undefined)) {
      throw new InputError(`nothing to change for user ${name}`, 'pass at least one of --new-name, --display-name, --email, --mobile-phone, --comments');
    }
    const user = await updateUser(await connectRam(argv), name, changes);
    printUser(argv.ctx, outputFormat(argv.ctx, argv.output), user);
    note(argv.ctx, changes.NewUserName ? `Updated user ${name} (now ${changes.NewUserName}).` : `Updated user ${name}.`);
  },
};
