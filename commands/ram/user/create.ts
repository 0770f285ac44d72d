import type { Argv } from 'yargs';
import { defineCommand } from '../../../src/cli/command.js';
import type { IO } from '../../../src/cli/context.js';
import { note } from '../../../src/cli/output.js';
import { type OutputFormat, outputOption, printRecords, shortDate } from '../../../src/cli/records.js';
import { checkRamName } from '../../../src/ram/names.js';
import { type RamUser, type UserProfileFields, checkUserFields, createUser } from '../../../src/ram/users.js';
import { ramOf } from '../connect.js';

export interface ProfileFlags {
  'display-name'?: string;
  email?: string;
  'mobile-phone'?: string;
  comments?: string;
}

/** --display-name, --email, --mobile-phone, --comments and --output, shared with `ram user update`. */
export function profileOptions<T>(yargs: Argv<T>) {
  return outputOption(
    yargs
      .option('display-name', { type: 'string', describe: 'Display name (up to 128 characters)' })
      .option('email', { type: 'string', describe: 'Email address' })
      .option('mobile-phone', { type: 'string', describe: 'Mobile number as <country code>-<number>, e.g. 86-18600008888' })
      .option('comments', { type: 'string', describe: 'Comments (up to 128 characters)' }),
  );
}

/** The profile fields the flags set, checked as RAM would check them. */
export function profileFields(argv: ProfileFlags): UserProfileFields {
  const fields: UserProfileFields = {
    DisplayName: argv['display-name'],
    Email: argv.email,
    MobilePhone: argv['mobile-phone'],
    Comments: argv.comments,
  };
  checkUserFields(fields);
  return fields;
}

/** The user RAM answered: its own shape as JSON, or a one-row table. */
export function printUser(io: IO, format: OutputFormat, user: RamUser): void {
  printRecords(io, format, {
    rows: [user],
    columns: [
      { header: 'name', value: (u) => u.UserName },
      { header: 'id', value: (u) => u.UserId ?? '' },
      { header: 'display name', value: (u) => u.DisplayName ?? '', kind: 'text' },
      { header: 'email', value: (u) => u.Email ?? '' },
      { header: 'created', value: (u) => shortDate(u.CreateDate) },
    ],
    json: user,
  });
}

export const createCommand = defineCommand<ProfileFlags & { name: string }, RamUser>({
  command: 'create <name>',
  describe: 'Create a RAM user',
  builder: (yargs) => profileOptions(yargs.positional('name', { type: 'string', describe: 'User name: 1-64 letters, digits and . @ _ -' })),
  run: async (argv, ctx) => {
    const name = checkRamName(argv.name, 'user name');
    const fields = profileFields(argv);
    return createUser(await ramOf(ctx), name, fields);
  },
  present: (user, io, format) => {
    printUser(io, format, user);
    note(io, `Created user ${user.UserName}.`);
  },
});
