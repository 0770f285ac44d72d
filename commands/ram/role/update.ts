import { defineCommand } from '../../../src/cli/command.js';
import { InputError } from '../../../src/core/errors.js';
import { note } from '../../../src/cli/output.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { type Role, updateRole } from '../../../src/ram/roles.js';
import { ramOf } from '../connect.js';
import { type RoleFlags, printRole, roleFields, roleOptions } from './create.js';

export const updateCommand = defineCommand<RoleFlags & { name: string }, { name: string; role: Role }>({
  command: 'update <name>',
  describe: 'Change a RAM role: its trust policy (the --trusted-* flags replace it whole), session length or description',
  builder: (yargs) => roleOptions(yargs.positional('name', { type: 'string', describe: 'Role name' })),
  run: async (argv, ctx) => {
    const name = checkRamName(argv.name, 'role name', ROLE_NAME);
    const fields = roleFields(ctx, argv);
    if (!fields.trust && fields.maxSessionDuration === undefined && fields.description === undefined) {
      throw new InputError(
        `nothing to change for role ${name}`,
        'pass --trust-policy or a --trusted-* flag, --max-session-duration or --description',
      );
    }
    const role = await updateRole(await ramOf(ctx), name, {
      NewAssumeRolePolicyDocument: fields.trust,
      NewMaxSessionDuration: fields.maxSessionDuration,
      NewDescription: fields.description,
    });
    return { name, role };
  },
  present: ({ name, role }, io, format) => {
    printRole(io, format, role);
    note(io, `Updated role ${name}.`);
  },
});
