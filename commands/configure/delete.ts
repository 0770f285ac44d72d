import { defineCommand } from '../../src/cli/command.js';
import { note } from '../../src/cli/output.js';
import { profileFlag } from '../../profiles/select.js';
import { deleteProfile, requireProfileName } from '../../profiles/service.js';

interface Deleted {
  name: string;
  wasCurrent: boolean;
  current: string;
}

export const deleteCommand = defineCommand<object, Deleted>({
  command: 'delete',
  describe: 'Delete a profile; if it was current, the first remaining profile becomes current',
  builder: (yargs) => yargs.option('profile', { type: 'string', describe: 'Profile to delete' }),
  run: async (argv, ctx) => {
    const name = requireProfileName(profileFlag(argv.profile), 'configure delete');
    return { name, ...(await deleteProfile(ctx.store, name)) };
  },
  present: ({ name, wasCurrent, current }, io) => {
    let message = `Deleted profile "${name}".`;
    if (wasCurrent) message += current ? ` "${current}" is now current.` : ' No profiles remain.';
    note(io, message);
  },
});
