import { InputError } from '../../../src/cli/errors.js';
import type { Command } from '../../../src/cli/parser.js';
import { note } from '../../../src/cli/output.js';
import { outputFormat } from '../../../src/cli/records.js';
import { connectRam } from '../../../src/ram/connect.js';
import { ROLE_NAME, checkRamName } from '../../../src/ram/names.js';
import { updateRole } from '../../../src/ram/roles.js';
import { type RoleFlags, printRole, roleFields, roleOptions } from './create.js';

interface UpdateArgs extends RoleFlags {
  name: string;
}

export const updateCommand: Command<UpdateArgs> = {
  command: 'update <name>',
  describe: 'Change a RAM role: its trust policy (the --trusted-* flags replace it whole), session length or description',
  builder: (yargs) => roleOptions(yargs.positional('name', { type: 'string', describe: 'Role name' })) as any,
  handler: async (argv) => {
    const { ctx } = argv;
    const name = checkRamName(argv.name, 'role name', ROLE_NAME);
    const fields = roleFields(ctx, argv);
    if (!fields.trust && fields.maxSessionDuration === undefined && fields.description === undefined) {
      throw new InputError(
        `nothing to change for role ${name}`,
        'pass --trust-policy or a --trusted-* flag, --max-session-duration or --description',
      );
    }
    const role = await updateRole(await connectRam(argv), name, {
      NewAssumeRolePolicyDocument: fields.trust,
      NewMaxSessionDuration: fields.maxSessionDuration,
      NewDescription: fields.description,
    });
    printRole(ctx, outputFormat(ctx, argv.output), role);
    note(ctx, `Updated role ${name}.`);
  },
};
