import type { Command } from '../../../src/cli/parser.js';
import { confirm } from '../../../src/cli/confirm.js';
import { InputError } from '../../../src/cli/errors.js';
import { note } from '../../../src/cli/output.js';
import { connectRam } from '../../../src/ram/connect.js';
import { checkRamName } from '../../../src/ram/names.js';
import { deleteUser, describeDependents, removeDependents, userDependents } from '../../../src/ram/users.js';

interface DeleteArgs {
  name: string;
  force?: boolean;
  yes?: boolean;
}

export const deleteCommand: Command<DeleteArgs> = {
  command: 'delete <name>',
  describe: 'Delete a RAM user; --force first removes its keys, login profile, MFA binding, groups and policies',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', describe: 'User name' })
      .option('force', { type: 'boolean', describe: 'Remove everything the user holds first, listing each step' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Do not ask for confirmation' }) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkRamName(argv.name, 'user name');
    const ram = await connectRam(argv);
    const dependents = await userDependents(ram, name);
    const held = describeDependents(dependents);
    if (held.length > 0 && !argv.force) {
      throw new InputError(
        `user ${name} cannot be deleted while it has ${held.join('; ')}`,
        `remove them first, or pass --force to remove them and delete the user: aliaudit ram user delete ${name} --force`,
      );
    }
    await confirm(ctx, held.length > 0 ? `Delete user ${name} and remove its ${held.join('; ')}` : `Delete user ${name}`, {
      yes: argv.yes,
    });
    await removeDependents(ram, name, dependents, (what) => note(ctx, `  ${what}`));
    await deleteUser(ram, name);
    note(ctx, `Deleted user ${name}.`);
  },
};
