import { defineCommand } from '../../src/cli/command.js';
import { note } from '../../src/cli/output.js';
import { profileFlag } from '../../profiles/select.js';
import { requireProfileName, switchProfile } from '../../profiles/service.js';

export const switchCommand = defineCommand<object, Awaited<ReturnType<typeof switchProfile>>>({
  command: 'switch',
  describe: 'Make a profile current (changes nothing else)',
  builder: (yargs) => yargs.option('profile', { type: 'string', describe: 'Profile to make current' }),
  run: (argv, ctx) => switchProfile(ctx.store, requireProfileName(profileFlag(argv.profile), 'configure switch')),
  present: ({ profile, already }, io) =>
    note(io, already ? `Profile "${profile.name}" (${profile.mode}) is already current.` : `Switched to profile "${profile.name}" (${profile.mode}).`),
});
